//! Whole numbers in error messages, written without `core::fmt`'s integer
//! formatting.
//!
//! Each integer type's `Display` is a function of its own (with a 200-byte
//! table of digit pairs), so an app that shows our errors would carry the
//! `u16` and the `u64` one besides the `usize` one it already has. Every
//! number in our messages goes through this one loop instead.

use std::fmt;

/// Writes `n` in decimal digits, as `{n}` would, but ignoring width and
/// fill (our messages use neither).
pub(crate) fn write_decimal(f: &mut fmt::Formatter<'_>, mut n: u64) -> fmt::Result {
    // u64::MAX has 20 digits.
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    // Digit by digit: no UTF-8 check for bytes known to be ASCII.
    digits[start..]
        .iter()
        .try_for_each(|&digit| fmt::Write::write_char(f, char::from(digit)))
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Decimal(u64);

    impl fmt::Display for Decimal {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write_decimal(f, self.0)
        }
    }

    #[test]
    fn writes_what_display_writes() {
        for n in [
            0,
            1,
            9,
            10,
            99,
            100,
            1000,
            4999,
            65535,
            1 << 32,
            u64::MAX - 1,
            u64::MAX,
        ] {
            assert_eq!(Decimal(n).to_string(), n.to_string());
        }
    }
}
