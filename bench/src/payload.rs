//! The messages of every workload and the checks on what comes back. These
//! are the Rust twins of `textPayload`, `binaryPayload` and `checkBinary` in
//! `js/raw.js`; both follow the test server's burst rules, so that echoed
//! and burst messages are generated and checked the same way.

/// One message, in the benchmark's own terms; each client converts it to and
/// from its crate's message type (a move, never a copy).
#[derive(Debug, PartialEq, Eq)]
pub enum Payload {
    Text(String),
    Binary(Vec<u8>),
}

/// Text message `k` of `size` bytes: `k:` then `a b c ...`; shorter than
/// that, the decimal `k` cut to `size` bytes.
pub fn text(k: u32, size: usize) -> String {
    let head = format!("{k}:");
    if size <= head.len() {
        let mut digits = k.to_string();
        digits.truncate(size);
        return digits;
    }
    let filler = (0..size - head.len()).map(|i| char::from(b'a' + (i % 26) as u8));
    head.chars().chain(filler).collect()
}

/// Binary message `k` of `size` bytes: `k` as u32 little-endian, then byte
/// `i` is `(k + i) & 0xff`.
pub fn binary(k: u32, size: usize) -> Vec<u8> {
    let mut bytes: Vec<u8> = (0..size).map(|i| (k as usize + i) as u8).collect();
    if size >= 4 {
        bytes[..4].copy_from_slice(&k.to_le_bytes());
    }
    bytes
}

/// The 4-byte text of round trip `k`.
pub fn round_trip_text(k: u32) -> String {
    format!("{:04}", k % 10_000)
}

fn expected_byte(k: u32, size: usize, i: usize) -> u8 {
    if size >= 4 && i < 4 {
        k.to_le_bytes()[i]
    } else {
        (k as usize + i) as u8
    }
}

/// Checks binary message `k`: its length, then 16 positions spread over it
/// (first and last included). The raw-JS side checks the same positions:
/// comparing every byte would cost JavaScript far more than Rust and skew
/// the comparison, and the samples catch truncated, reordered and stale
/// messages all the same.
pub fn check_binary(k: u32, size: usize, bytes: &[u8]) -> Result<(), String> {
    if bytes.len() != size {
        return Err(format!(
            "message {k}: {} bytes, expected {size}",
            bytes.len()
        ));
    }
    if size == 0 {
        return Ok(());
    }
    for j in 0..16 {
        let i = j * (size - 1) / 15;
        if bytes[i] != expected_byte(k, size, i) {
            return Err(format!("message {k}: wrong byte at {i}"));
        }
    }
    Ok(())
}

/// What a run expects back, message by message.
pub enum Expected {
    /// The echo of these texts, in order.
    Texts(Vec<String>),
    /// Echoes of binary messages of this size.
    Binary(usize),
    /// The test server's burst of these items (`(is_text, size)`), repeated.
    Burst(Vec<(bool, usize)>),
}

impl Expected {
    pub fn check(&self, k: u32, received: &Payload) -> Result<(), String> {
        match (self, received) {
            (Expected::Texts(texts), Payload::Text(text)) => {
                if texts.get(k as usize) == Some(text) {
                    Ok(())
                } else {
                    Err(format!("message {k}: wrong text"))
                }
            }
            (Expected::Binary(size), Payload::Binary(bytes)) => check_binary(k, *size, bytes),
            (Expected::Burst(items), received) => {
                let (is_text, size) = items[k as usize % items.len()];
                match received {
                    Payload::Text(got) if is_text && *got == text(k, size) => Ok(()),
                    Payload::Binary(bytes) if !is_text => check_binary(k, size, bytes),
                    _ => Err(format!("message {k}: wrong type or text")),
                }
            }
            _ => Err(format!("message {k}: wrong type")),
        }
    }
}

/// Parses burst items such as `b65536,t16`.
pub fn burst_items(items: &str) -> Vec<(bool, usize)> {
    items
        .split(',')
        .filter_map(|item| {
            let (kind, size) = item.split_at(1);
            Some((kind == "t", size.parse().ok()?))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payloads_follow_the_test_servers_burst_rules() {
        assert_eq!(text(7, 6), "7:abcd");
        assert_eq!(text(12, 1), "1");
        assert_eq!(text(3, 16).len(), 16);
        assert_eq!(binary(1, 6), [1, 0, 0, 0, 5, 6]);
        assert_eq!(binary(255, 2), [255, 0]);
        assert_eq!(round_trip_text(12_345), "2345");
    }

    #[test]
    fn the_binary_check_catches_truncation_reordering_and_corruption() {
        let message = binary(42, 65_536);
        assert_eq!(check_binary(42, 65_536, &message), Ok(()));
        assert!(check_binary(42, 65_536, &message[..65_535]).is_err());
        assert!(check_binary(41, 65_536, &message).is_err());
        let mut corrupted = message;
        *corrupted.last_mut().expect("not empty") ^= 1;
        assert!(check_binary(42, 65_536, &corrupted).is_err());
    }

    #[test]
    fn burst_expectations_follow_the_item_list() {
        let expected = Expected::Burst(burst_items("b8,t5"));
        assert_eq!(expected.check(0, &Payload::Binary(binary(0, 8))), Ok(()));
        assert_eq!(expected.check(1, &Payload::Text(text(1, 5))), Ok(()));
        assert!(expected.check(1, &Payload::Binary(binary(1, 5))).is_err());
    }
}
