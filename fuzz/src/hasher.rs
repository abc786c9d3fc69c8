//! The ring hashers of the targets: the crate's own, and [`Coarse`], a
//! deliberately bad one that maps every input to one of a few positions, so
//! that points collide all the time: the collision order, and plans at
//! shared positions, get exercised, which XXH3 and `SipHash` practically
//! never do.
//!
//! [`FuzzHasher`] holds any of them, so that the rings and the checks are
//! compiled (and instrumented) once rather than once per hasher.

use std::hash::Hasher;

use shardring::{RingHasher, SipHash13, XxHash3};

use crate::input::HasherChoice;

/// One of the ring hashers; hashes exactly as the one it holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FuzzHasher {
    /// XXH3-64 with a seed (0 is the default).
    Xx(XxHash3),
    /// Keyed SipHash-1-3.
    Sip(SipHash13),
    /// The coarse hasher.
    Coarse(Coarse),
}

impl FuzzHasher {
    /// The hasher an input chose.
    pub fn new(choice: HasherChoice) -> Self {
        match choice {
            HasherChoice::Default => FuzzHasher::Xx(XxHash3::default()),
            HasherChoice::Seeded(seed) => FuzzHasher::Xx(XxHash3::with_seed(seed)),
            HasherChoice::Sip(key) => FuzzHasher::Sip(SipHash13::new_with_key(key)),
            HasherChoice::Coarse(n) => FuzzHasher::Coarse(Coarse::new(n)),
        }
    }
}

/// The stream of a [`FuzzHasher`].
#[allow(missing_debug_implementations)]
pub enum FuzzStream {
    /// XXH3's.
    Xx(Box<<XxHash3 as RingHasher>::Stream>),
    /// `SipHash`'s.
    Sip(<SipHash13 as RingHasher>::Stream),
    /// The coarse hasher's.
    Coarse(CoarseStream),
}

impl Hasher for FuzzStream {
    fn write(&mut self, bytes: &[u8]) {
        match self {
            FuzzStream::Xx(s) => s.write(bytes),
            FuzzStream::Sip(s) => s.write(bytes),
            FuzzStream::Coarse(s) => s.write(bytes),
        }
    }

    fn finish(&self) -> u64 {
        match self {
            FuzzStream::Xx(s) => s.finish(),
            FuzzStream::Sip(s) => s.finish(),
            FuzzStream::Coarse(s) => s.finish(),
        }
    }
}

impl RingHasher for FuzzHasher {
    type Stream = FuzzStream;

    fn stream(&self) -> FuzzStream {
        match self {
            FuzzHasher::Xx(h) => FuzzStream::Xx(Box::new(h.stream())),
            FuzzHasher::Sip(h) => FuzzStream::Sip(h.stream()),
            FuzzHasher::Coarse(h) => FuzzStream::Coarse(h.stream()),
        }
    }

    // The crate's hashers have one-shot functions of their own: use them.
    fn hash_bytes(&self, bytes: &[u8]) -> u64 {
        match self {
            FuzzHasher::Xx(h) => h.hash_bytes(bytes),
            FuzzHasher::Sip(h) => h.hash_bytes(bytes),
            FuzzHasher::Coarse(h) => h.hash_bytes(bytes),
        }
    }

    // And XXH3 a register path for keys of up to 16 bytes, which the ring
    // takes for short keys: forward it too, so that the targets check it
    // against `hash_bytes` of the key's documented bytes.
    fn hash_short(&self, bytes: u128, len: usize) -> u64 {
        match self {
            FuzzHasher::Xx(h) => h.hash_short(bytes, len),
            FuzzHasher::Sip(h) => h.hash_short(bytes, len),
            FuzzHasher::Coarse(h) => h.hash_short(bytes, len),
        }
    }
}

/// The spots, the ring's ends first.
const SPOTS: [u64; 8] = [0, u64::MAX, 1 << 63, 1, u64::MAX - 1, 500, 2, 300];

/// Sends every input to one of its first `spots` entries of [`SPOTS`]
/// (1 to 8; with 1, every point of every node sits at 0).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Coarse {
    spots: u64,
}

impl Coarse {
    /// A coarse hasher with `1 + n % 8` spots.
    pub fn new(n: u8) -> Self {
        Coarse {
            spots: 1 + u64::from(n % 8),
        }
    }
}

/// Buffers the bytes, so that any split across writes gives one result.
#[derive(Debug)]
pub struct CoarseStream {
    bytes: Vec<u8>,
    spots: Coarse,
}

impl Hasher for CoarseStream {
    fn write(&mut self, bytes: &[u8]) {
        self.bytes.extend_from_slice(bytes);
    }

    fn finish(&self) -> u64 {
        self.spots.spot(&self.bytes)
    }
}

impl Coarse {
    fn spot(&self, bytes: &[u8]) -> u64 {
        SPOTS[(XxHash3::default().hash_bytes(bytes) % self.spots) as usize]
    }
}

impl RingHasher for Coarse {
    type Stream = CoarseStream;

    fn stream(&self) -> CoarseStream {
        CoarseStream {
            bytes: Vec::new(),
            spots: *self,
        }
    }

    // The same as the stream gives, without buffering.
    fn hash_bytes(&self, bytes: &[u8]) -> u64 {
        self.spot(bytes)
    }
}
