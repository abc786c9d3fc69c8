//! Choosing the hash function: keyed SipHash-1-3 for keys an attacker may
//! choose, and a hasher of your own through the `RingHasher` trait.
//!
//! ```text
//! cargo run --example custom_hasher
//! ```

use std::hash::Hasher;

use shardring::{HashRing, RingHasher, SipHash13, key_bytes};

/// FNV-1a over the bytes, then the `SplitMix64` finaliser so that short keys
/// spread over the high bits too. It is deterministic: the same bytes give
/// the same position in every process, which a ring hasher must guarantee.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct FnvMix;

/// The incremental state of [`FnvMix`].
#[derive(Debug)]
struct FnvMixStream(u64);

impl Hasher for FnvMixStream {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

impl RingHasher for FnvMix {
    type Stream = FnvMixStream;

    fn stream(&self) -> FnvMixStream {
        FnvMixStream(0xcbf2_9ce4_8422_2325)
    }
}

fn main() -> Result<(), shardring::Error> {
    // Keyed SipHash-1-3. The key is a secret shared by every router of the
    // cluster; a fixed one stands in for it here.
    let secret: [u8; 16] = *b"not-a-real-secrt";
    let mut sip = HashRing::with_hasher(SipHash13::new_with_key(secret));
    sip.add_all([("node-a", 256), ("node-b", 256), ("node-c", 256)])?;

    // A key's position is SipHash-1-3 of its bytes (`key_bytes`: for a str,
    // its UTF-8 bytes and a 0xff terminator), so any SipHash-1-3 with the
    // same key reproduces it.
    let bytes = key_bytes("user:42");
    assert_eq!(bytes, b"user:42\xff");
    let reference = siphasher::sip::SipHasher13::new_with_key(&secret).hash(&bytes);
    assert_eq!(sip.position("user:42"), reference);
    println!(
        "SipHash13: user:42 at {reference:#018x} on {}",
        sip.locate("user:42").unwrap()
    );

    // The same key with another secret lands elsewhere.
    let other = HashRing::<&str, _>::with_hasher(SipHash13::new_with_key([1; 16]));
    assert_ne!(other.position("user:42"), reference);

    // A user hasher: the ring needs only `stream`; it must give the same
    // value however the bytes are split across `write` calls.
    let fnv = FnvMix;
    let mut split = fnv.stream();
    split.write(b"user:");
    split.write(b"42");
    assert_eq!(split.finish(), fnv.hash_bytes(b"user:42"));

    let mut ring = HashRing::with_hasher(FnvMix);
    ring.add_all([("node-a", 256), ("node-b", 256), ("node-c", 256)])?;
    for node in ["node-a", "node-b", "node-c"] {
        let share = ring.share(&node);
        println!("FnvMix: {node} owns {:.2}% of the ring", 100.0 * share);
        assert!((share - 1.0 / 3.0).abs() < 0.1);
    }
    assert_eq!(
        ring.position_of_bytes(b"user:42"),
        fnv.hash_bytes(b"user:42")
    );
    Ok(())
}
