//! The built-in hashers: what they compute, and what they do not reveal.

use shardring::{HashRing, RingHasher, SipHash13, XxHash3};

/// The default hasher is XXH3-64 with seed 0, exactly as the reference
/// implementation (through the `xxhash-rust` crate, independently of the
/// ring) computes it.
#[test]
fn default_hasher_is_xxh3_with_seed_zero() {
    let ring: HashRing<&str> = HashRing::new();
    for input in [&b""[..], b"a", b"user:12345", &[0xFF; 300]] {
        assert_eq!(
            ring.position_of_bytes(input),
            xxhash_rust::xxh3::xxh3_64(input)
        );
        assert_eq!(
            XxHash3::with_seed(77).hash_bytes(input),
            xxhash_rust::xxh3::xxh3_64_with_seed(input, 77)
        );
    }
}

/// Keyed SipHash-1-3 is the reference algorithm with the given key, as the
/// `siphasher` crate computes it.
#[test]
fn siphash_is_keyed_siphash_1_3() {
    let key = *b"0123456789abcdef";
    let h = SipHash13::new_with_key(key);
    for input in [&b""[..], b"a", b"user:12345", &[0xFF; 300]] {
        let reference = siphasher::sip::SipHasher13::new_with_key(&key).hash(input);
        assert_eq!(h.hash_bytes(input), reference);
    }
    assert_ne!(
        SipHash13::new_with_key([0; 16]).hash_bytes(b"k"),
        h.hash_bytes(b"k"),
        "the key changes positions"
    );
}

/// `Debug` of a keyed hasher must not leak the secret key.
#[test]
fn siphash_debug_does_not_print_the_key() {
    let key = *b"SECRETKEY0123456";
    let text = format!("{:?}", SipHash13::new_with_key(key));
    assert_eq!(text, "SipHash13 { .. }");
    let ring = HashRing::<&str, _>::with_hasher(SipHash13::new_with_key(key));
    assert!(!format!("{ring:?}").contains("SECRET"));
}

/// The streaming state and the one-shot call agree however the bytes are
/// split, for both built-in hashers (the ring relies on it for long keys).
#[test]
fn stream_and_one_shot_agree_for_any_split() {
    use std::hash::Hasher;
    let data: Vec<u8> = (0..1000u32).map(|i| (i * 31 % 251) as u8).collect();
    let sip = SipHash13::new_with_key([3; 16]);
    for split in [0, 1, 7, 63, 64, 65, 240, 999, 1000] {
        let mut s = XxHash3::default().stream();
        s.write(&data[..split]);
        s.write(&data[split..]);
        assert_eq!(s.finish(), XxHash3::default().hash_bytes(&data));
        let mut s = sip.stream();
        s.write(&data[..split]);
        s.write(&data[split..]);
        assert_eq!(s.finish(), sip.hash_bytes(&data));
    }
}
