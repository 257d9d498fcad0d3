//! The package's memory allocator: size classes for small blocks, runs of
//! whole pages for large ones.
//!
//! Rust's default allocator for wasm (dlmalloc) is about 8 KB of code; this
//! one is about 1 KB, and it fits what the engine allocates: many small,
//! short-lived values (wakers, events, queue entries) and a few large
//! message buffers.
//!
//! - A block of at most [`SMALL_LIMIT`] bytes takes the smallest power of
//!   two that holds it (8 B to 32 KiB). Freed blocks wait on one list per
//!   size for the next block of that size; new ones are cut, aligned to
//!   their size, from a page set aside for small blocks. A size's memory is
//!   thus bounded by the most blocks of that size ever alive at once.
//! - A larger block takes whole 64 KiB pages. Freed runs of pages are kept
//!   in address order and merged with their free neighbours, so a run freed
//!   by one message serves the next one of any size up to it; memory grows
//!   only when no free run is long enough.
//!
//! No block carries a header: Rust hands the size and alignment back on
//! free, which names the block's size class (or its page count) again. The
//! allocator only ever reads memory that is free, so nothing a message
//! holds can be mistaken for its bookkeeping.
//!
//! The package's wasm is single-threaded (no `atomics` feature), so the
//! global state needs no lock.
#![allow(unsafe_code)]

/// A wasm page, the unit in which linear memory grows.
pub(crate) const PAGE: usize = 64 * 1024;
/// The largest block cut from a small-block page; larger ones take pages.
pub(crate) const SMALL_LIMIT: usize = PAGE / 2;
/// The smallest block, as a power of two: 8 bytes, room for a list link.
const MIN_SHIFT: u32 = 3;
/// Size classes: 8 B, 16 B, ..., 32 KiB.
const CLASSES: usize = (SMALL_LIMIT.trailing_zeros() - MIN_SHIFT + 1) as usize;
/// The lists of free blocks, one per class, in an array whose length is a
/// power of two, so that masking the class proves every index in bounds
/// (and no panic path ships).
const LISTS: usize = CLASSES.next_power_of_two();

/// Where new pages come from: `memory.grow` in the package, test memory in
/// native tests.
pub(crate) trait PageSource {
    /// Adds `pages` pages and returns the address of the first, or `None`
    /// when memory cannot grow.
    fn grow(&mut self, pages: usize) -> Option<usize>;
}

/// A free run of pages, written at its own start.
#[repr(C)]
struct FreeRun {
    /// The next free run at a higher address, or 0.
    next: usize,
    pages: usize,
}

/// The allocator's state. Address 0 is never a block (memory grows after
/// the module's own stack and data, so no page starts there), so it marks
/// an empty list.
pub(crate) struct Heap<S> {
    source: S,
    /// The first free block of each size class, each linking to the next.
    free_blocks: [usize; LISTS],
    /// The free runs of pages, in address order.
    free_runs: usize,
    /// Where the next small block may start, and how many bytes of its page
    /// are left from there.
    cut: usize,
    room: usize,
}

/// What a layout is given: a block of a size class, or a run of pages.
#[derive(Debug, PartialEq, Eq)]
enum Kind {
    Small { class: usize },
    Pages(usize),
}

/// Maps a size and an alignment to the block that holds it, or `None` for
/// an alignment past a page (which no Rust type in this package asks for)
/// or a size beyond the address space.
fn kind(size: usize, align: usize) -> Option<Kind> {
    if align > PAGE {
        return None;
    }
    // Blocks of a class are aligned to their size, so a class at least as
    // large as the alignment satisfies it.
    let size = size.max(align).max(1);
    if size <= SMALL_LIMIT {
        let shift = size.next_power_of_two().trailing_zeros().max(MIN_SHIFT);
        return Some(Kind::Small {
            class: (shift - MIN_SHIFT) as usize,
        });
    }
    Some(Kind::Pages(size.checked_add(PAGE - 1)? / PAGE))
}

/// Whether a block for `old` (size, align) also serves `new`: then a
/// reallocation keeps it where it is.
pub(crate) fn same_block(old: (usize, usize), new: (usize, usize)) -> bool {
    matches!((kind(old.0, old.1), kind(new.0, new.1)), (Some(a), Some(b)) if a == b)
}

impl<S: PageSource> Heap<S> {
    pub(crate) const fn new(source: S) -> Self {
        Self {
            source,
            free_blocks: [0; LISTS],
            free_runs: 0,
            cut: 0,
            room: 0,
        }
    }

    /// Returns a block for `size` bytes aligned to `align`, or null.
    ///
    /// # Safety
    /// The heap must own the memory its source hands out.
    pub(crate) unsafe fn alloc(&mut self, size: usize, align: usize) -> *mut u8 {
        match kind(size, align) {
            Some(Kind::Small { class }) => self.alloc_small(class),
            Some(Kind::Pages(pages)) => self.alloc_pages(pages),
            None => None,
        }
        .map_or(std::ptr::null_mut(), |address| address as *mut u8)
    }

    /// Takes back a block that [`alloc`](Self::alloc) returned for this
    /// size and alignment.
    ///
    /// # Safety
    /// `ptr` must come from this heap with the same size and alignment, and
    /// must not be used again.
    pub(crate) unsafe fn dealloc(&mut self, ptr: *mut u8, size: usize, align: usize) {
        let address = ptr as usize;
        match kind(size, align) {
            Some(Kind::Small { class }) => {
                (address as *mut usize).write(self.free_blocks[class & (LISTS - 1)]);
                self.free_blocks[class & (LISTS - 1)] = address;
            }
            Some(Kind::Pages(pages)) => self.free_pages(address, pages),
            None => {}
        }
    }

    fn alloc_small(&mut self, class: usize) -> Option<usize> {
        let head = self.free_blocks[class & (LISTS - 1)];
        if head != 0 {
            // SAFETY: a free block holds the address of the next one.
            self.free_blocks[class & (LISTS - 1)] = unsafe { (head as *const usize).read() };
            return Some(head);
        }
        let size = 1usize << (class as u32 + MIN_SHIFT);
        // Blocks are aligned to their size (pages are aligned to all sizes).
        let padding = self.cut.wrapping_neg() & (size - 1);
        if padding + size > self.room {
            // The rest of the old page stays unused: less than one block of
            // the size asked for.
            self.cut = self.alloc_pages(1)?;
            self.room = PAGE;
            return self.alloc_small(class);
        }
        let start = self.cut + padding;
        self.cut = start + size;
        self.room -= padding + size;
        Some(start)
    }

    fn alloc_pages(&mut self, pages: usize) -> Option<usize> {
        let mut link: *mut usize = &mut self.free_runs;
        // SAFETY: every address on the run list is a free run, which holds
        // a `FreeRun`.
        unsafe {
            while *link != 0 {
                let run = *link as *mut FreeRun;
                if (*run).pages == pages {
                    *link = (*run).next;
                    return Some(run as usize);
                }
                if (*run).pages > pages {
                    // Hand out the run's end, so that the list is unchanged.
                    (*run).pages -= pages;
                    return Some(run as usize + (*run).pages * PAGE);
                }
                link = &mut (*run).next;
            }
        }
        self.source.grow(pages)
    }

    fn free_pages(&mut self, address: usize, pages: usize) {
        let end = address.wrapping_add(pages * PAGE);
        let mut previous: *mut FreeRun = std::ptr::null_mut();
        let mut link: *mut usize = &mut self.free_runs;
        // SAFETY: as in `alloc_pages`; the freed run is ours to write.
        unsafe {
            while *link != 0 && *link < address {
                previous = *link as *mut FreeRun;
                link = &mut (*previous).next;
            }
            let mut next = *link;
            let mut pages = pages;
            // (`end` is 0 for a run at the very top of a 4 GiB memory.)
            if next != 0 && next == end {
                // Merge with the run right after it.
                let following = next as *const FreeRun;
                pages += (*following).pages;
                next = (*following).next;
            }
            if !previous.is_null() && previous as usize + (*previous).pages * PAGE == address {
                // Merge into the run right before it.
                (*previous).pages += pages;
                (*previous).next = next;
            } else {
                (address as *mut FreeRun).write(FreeRun { next, pages });
                *link = address;
            }
        }
    }
}

#[cfg(all(
    target_arch = "wasm32",
    not(target_feature = "atomics"),
    not(feature = "std-allocator")
))]
mod global {
    use std::alloc::{GlobalAlloc, Layout};
    use std::cell::UnsafeCell;

    use super::{same_block, Heap, PageSource, PAGE};

    struct LinearMemory;

    impl PageSource for LinearMemory {
        fn grow(&mut self, pages: usize) -> Option<usize> {
            match core::arch::wasm32::memory_grow(0, pages) {
                usize::MAX => None,
                previous => Some(previous * PAGE),
            }
        }
    }

    struct Allocator(UnsafeCell<Heap<LinearMemory>>);

    // SAFETY: the module has one thread (no `atomics`), so the heap is never
    // reached from two at once.
    unsafe impl Sync for Allocator {}

    #[global_allocator]
    static ALLOCATOR: Allocator = Allocator(UnsafeCell::new(Heap::new(LinearMemory)));

    // SAFETY: blocks are aligned and never overlap (see the module's tests);
    // a failure returns null, which Rust reports as out of memory.
    unsafe impl GlobalAlloc for Allocator {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            (*self.0.get()).alloc(layout.size(), layout.align())
        }

        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            (*self.0.get()).dealloc(ptr, layout.size(), layout.align())
        }

        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            let align = layout.align();
            if same_block((layout.size(), align), (new_size, align)) {
                return ptr;
            }
            let heap = &mut *self.0.get();
            let moved = heap.alloc(new_size, align);
            if !moved.is_null() {
                std::ptr::copy_nonoverlapping(ptr, moved, layout.size().min(new_size));
                heap.dealloc(ptr, layout.size(), align);
            }
            moved
        }
    }
}

#[cfg(test)]
mod tests {
    use std::alloc::Layout;

    use super::*;

    /// Test memory that grows like linear memory: page after page of one
    /// reservation, up to a limit.
    struct TestPages {
        base: usize,
        grown: usize,
        limit: usize,
    }

    const RESERVED: usize = 4096;

    impl TestPages {
        fn new() -> Self {
            Self::with_limit(RESERVED)
        }

        fn with_limit(limit: usize) -> Self {
            // SAFETY: a non-zero size.
            let base = unsafe { std::alloc::alloc(Self::layout()) } as usize;
            assert_ne!(base, 0);
            Self {
                base,
                grown: 0,
                limit,
            }
        }

        fn layout() -> Layout {
            Layout::from_size_align(RESERVED * PAGE, PAGE).expect("a valid layout")
        }
    }

    impl PageSource for TestPages {
        fn grow(&mut self, pages: usize) -> Option<usize> {
            if self.grown + pages > self.limit {
                return None;
            }
            let address = self.base + self.grown * PAGE;
            self.grown += pages;
            Some(address)
        }
    }

    impl Drop for TestPages {
        fn drop(&mut self) {
            // SAFETY: allocated in `with_limit` with this layout.
            unsafe { std::alloc::dealloc(self.base as *mut u8, Self::layout()) };
        }
    }

    /// A deterministic sequence of pseudo-random numbers (xorshift).
    struct Numbers(u64);

    impl Numbers {
        fn below(&mut self, bound: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % bound as u64) as usize
        }
    }

    struct Live {
        ptr: *mut u8,
        size: usize,
        align: usize,
        fill: u8,
    }

    fn check(live: &Live) {
        assert_eq!(live.ptr as usize % live.align, 0, "misaligned block");
        // SAFETY: the block is alive and `size` bytes long.
        let bytes = unsafe { std::slice::from_raw_parts(live.ptr, live.size) };
        assert!(
            bytes.iter().all(|&byte| byte == live.fill),
            "a block of {} bytes was overwritten",
            live.size
        );
    }

    fn allocate(heap: &mut Heap<TestPages>, size: usize, align: usize, fill: u8) -> Live {
        // SAFETY: the heap owns its test pages.
        let ptr = unsafe { heap.alloc(size, align) };
        assert!(!ptr.is_null(), "out of memory for {size} bytes");
        // SAFETY: a fresh block of `size` bytes.
        unsafe { ptr.write_bytes(fill, size) };
        Live {
            ptr,
            size,
            align,
            fill,
        }
    }

    fn free(heap: &mut Heap<TestPages>, live: Live) {
        check(&live);
        // SAFETY: allocated by this heap with this size and alignment.
        unsafe { heap.dealloc(live.ptr, live.size, live.align) };
    }

    #[test]
    fn sizes_map_to_classes_and_pages() {
        assert_eq!(kind(0, 1), Some(Kind::Small { class: 0 }));
        assert_eq!(kind(8, 8), Some(Kind::Small { class: 0 }));
        assert_eq!(kind(9, 1), Some(Kind::Small { class: 1 }));
        assert_eq!(kind(4, 16), Some(Kind::Small { class: 1 }));
        assert_eq!(
            kind(SMALL_LIMIT, 8),
            Some(Kind::Small { class: CLASSES - 1 })
        );
        assert_eq!(kind(SMALL_LIMIT + 1, 8), Some(Kind::Pages(1)));
        assert_eq!(kind(PAGE + 1, 8), Some(Kind::Pages(2)));
        assert_eq!(kind(1, PAGE * 2), None);
        assert_eq!(kind(usize::MAX, 1), None);
    }

    #[test]
    fn random_blocks_never_overlap_and_keep_their_alignment() {
        let mut heap = Heap::new(TestPages::new());
        let mut numbers = Numbers(0x9e37_79b9_7f4a_7c15);
        let mut live: Vec<Live> = Vec::new();
        for step in 0..20_000 {
            if live.is_empty() || numbers.below(100) < 52 {
                // Mostly small, sometimes a message-sized buffer.
                let size = match numbers.below(10) {
                    0 => numbers.below(3 * PAGE),
                    1 => SMALL_LIMIT - 8 + numbers.below(16),
                    _ => numbers.below(300),
                };
                let align = 1 << numbers.below(6);
                live.push(allocate(&mut heap, size, align, (step % 251) as u8 + 1));
            } else {
                let index = numbers.below(live.len());
                let block = live.swap_remove(index);
                free(&mut heap, block);
            }
            if step % 1000 == 0 {
                live.iter().for_each(check);
            }
        }
        for block in live.drain(..) {
            free(&mut heap, block);
        }
    }

    #[test]
    fn freed_small_blocks_are_reused_before_memory_grows() {
        let mut heap = Heap::new(TestPages::new());
        for _ in 0..100 {
            let blocks: Vec<Live> = (0..1000)
                .map(|i| allocate(&mut heap, 24, 8, i as u8))
                .collect();
            blocks.into_iter().for_each(|block| free(&mut heap, block));
        }
        // 1000 blocks of 32 bytes fit in one page.
        assert_eq!(heap.source.grown, 1);
    }

    #[test]
    fn freed_runs_merge_and_serve_a_larger_block() {
        let mut heap = Heap::new(TestPages::new());
        // One region of four pages, carved into four one-page blocks.
        let whole = allocate(&mut heap, 4 * PAGE, 8, 1);
        free(&mut heap, whole);
        let parts: Vec<Live> = (0..4)
            .map(|i| allocate(&mut heap, PAGE, 8, i + 2))
            .collect();
        assert_eq!(heap.source.grown, 4);
        // Freed out of order, they merge back into one run of four pages.
        let mut parts = parts.into_iter().map(Some).collect::<Vec<_>>();
        for index in [2, 0, 3, 1] {
            let block = parts[index].take().expect("freed once");
            free(&mut heap, block);
        }
        let again = allocate(&mut heap, 4 * PAGE - 100, 8, 9);
        assert_eq!(heap.source.grown, 4, "the merged run was not reused");
        free(&mut heap, again);
    }

    #[test]
    fn a_varying_message_size_reuses_its_pages() {
        let mut heap = Heap::new(TestPages::new());
        let mut numbers = Numbers(42);
        for i in 0..500 {
            let message = allocate(&mut heap, SMALL_LIMIT + numbers.below(8 * PAGE), 1, i as u8);
            free(&mut heap, message);
        }
        // The largest message needs at most nine pages; a run that is
        // too short only ever grows memory by the difference once merged.
        assert!(
            heap.source.grown <= 2 * 9,
            "grew {} pages",
            heap.source.grown
        );
    }

    #[test]
    fn exhausted_memory_returns_null() {
        let mut heap = Heap::new(TestPages::with_limit(2));
        // SAFETY: the heap owns its test pages.
        unsafe {
            assert!(heap.alloc(3 * PAGE, 8).is_null());
            assert!(heap.alloc(1, PAGE * 2).is_null());
            assert!(heap.alloc(usize::MAX, 1).is_null());
            let ptr = heap.alloc(2 * PAGE, 8);
            assert!(!ptr.is_null());
            assert!(heap.alloc(8, 8).is_null());
            heap.dealloc(ptr, 2 * PAGE, 8);
            assert!(!heap.alloc(8, 8).is_null());
        }
    }

    #[test]
    fn a_reallocation_within_a_class_keeps_its_block() {
        assert!(same_block((9, 8), (16, 8)));
        assert!(!same_block((16, 8), (17, 8)));
        assert!(same_block((SMALL_LIMIT + 1, 1), (PAGE, 1)));
        assert!(!same_block((PAGE, 1), (PAGE + 1, 1)));
    }
}
