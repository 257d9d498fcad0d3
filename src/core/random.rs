//! The core's source of jitter: a small generator seeded by the host, so
//! that every decision, jitter included, is a function of the seed and the
//! inputs (a schedule replays exactly in a test).

/// xorshift64* (Vigna): fast, tiny, and plenty for spreading retries.
#[derive(Debug, Clone)]
pub(crate) struct Random {
    state: u64,
}

impl Random {
    /// Any seed works; zero, the one state xorshift never leaves, is
    /// replaced by a fixed odd number.
    pub(crate) fn new(seed: u64) -> Self {
        Self {
            state: if seed == 0 {
                0x9e37_79b9_7f4a_7c15
            } else {
                seed
            },
        }
    }

    /// A number in `[0, 1)`.
    pub(crate) fn next_unit(&mut self) -> f64 {
        self.state ^= self.state >> 12;
        self.state ^= self.state << 25;
        self.state ^= self.state >> 27;
        let mixed = self.state.wrapping_mul(0x2545_f491_4f6c_dd1d);
        // The top 53 bits: exactly representable, so the result is < 1.
        (mixed >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_stay_in_the_unit_interval_and_spread() {
        let mut random = Random::new(0);
        let mut low = 0;
        for _ in 0..10_000 {
            let n = random.next_unit();
            assert!((0.0..1.0).contains(&n), "{n}");
            if n < 0.5 {
                low += 1;
            }
        }
        assert!((4_500..5_500).contains(&low), "{low} of 10000 below 0.5");
    }

    #[test]
    fn one_seed_gives_one_sequence() {
        let mut a = Random::new(42);
        let mut b = Random::new(42);
        let mut c = Random::new(43);
        let first: Vec<f64> = (0..5).map(|_| a.next_unit()).collect();
        assert_eq!(first, (0..5).map(|_| b.next_unit()).collect::<Vec<_>>());
        assert_ne!(first, (0..5).map(|_| c.next_unit()).collect::<Vec<_>>());
    }
}
