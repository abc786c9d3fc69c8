//! Ring hashers and the byte stream that keys and nodes are hashed as.
//!
//! Positions come from two steps:
//!
//! 1. A key or node is turned into a byte stream by its [`Hash`] impl, fed to
//!    an adapter that writes every integer little-endian and widens
//!    `usize`/`isize` to 64 bits (see [`key_bytes`] for the exact stream).
//! 2. A [`RingHasher`] maps that byte stream to a `u64` position.

use alloc::vec::Vec;
use core::hash::{Hash, Hasher};

/// A hash function from byte strings to ring positions.
///
/// The ring calls only [`hash_bytes`](RingHasher::hash_bytes) and, for keys
/// whose byte stream is long, [`stream`](RingHasher::stream) followed by
/// [`Hasher::write`] calls and one [`Hasher::finish`]. An implementation must
/// give the same `u64` for the same bytes however they are split across
/// `write` calls, and `hash_bytes(b)` must equal a stream fed `b` and
/// finished. It must not depend on anything but its configuration and the
/// bytes (no random seed chosen at run time, no state kept between calls).
///
/// `Eq` means "same configuration": two rings whose hashers are equal place
/// the same node at the same points, so they can be
/// [diffed](crate::HashRing::diff).
///
/// The crate ships [`XxHash3`] (the default) and [`SipHash13`] (keyed, for
/// keys an attacker may choose).
///
/// # Examples
///
/// A user hasher: FNV-1a, 64-bit.
///
/// ```
/// use core::hash::Hasher;
/// use shardring::{HashRing, RingHasher};
///
/// #[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
/// struct Fnv1a;
///
/// #[derive(Debug)]
/// struct FnvStream(u64);
///
/// impl Hasher for FnvStream {
///     fn write(&mut self, bytes: &[u8]) {
///         for &b in bytes {
///             self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
///         }
///     }
///     fn finish(&self) -> u64 {
///         self.0
///     }
/// }
///
/// impl RingHasher for Fnv1a {
///     type Stream = FnvStream;
///     fn stream(&self) -> FnvStream {
///         FnvStream(0xcbf2_9ce4_8422_2325)
///     }
/// }
///
/// let mut ring = HashRing::with_hasher(Fnv1a);
/// ring.add("node-a")?;
/// assert_eq!(ring.locate("some key"), Some(&"node-a"));
/// assert_eq!(ring.position_of_bytes(b""), 0xcbf2_9ce4_8422_2325);
/// # Ok::<(), shardring::Error>(())
/// ```
pub trait RingHasher: Clone + Eq + Send + Sync {
    /// The incremental state for byte streams too long to buffer.
    type Stream: Hasher;

    /// Returns a fresh incremental state for this configuration.
    fn stream(&self) -> Self::Stream;

    /// Hashes `bytes` in one call.
    ///
    /// The default feeds `bytes` to a fresh [`stream`](RingHasher::stream);
    /// implementations may override it with a faster one-shot function that
    /// gives the same result.
    #[must_use]
    fn hash_bytes(&self, bytes: &[u8]) -> u64 {
        let mut s = self.stream();
        s.write(bytes);
        s.finish()
    }

    /// Hashes a byte stream of at most 16 bytes held in a register: the
    /// first `len` bytes of `bytes.to_le_bytes()`. Must equal
    /// `hash_bytes(&bytes.to_le_bytes()[..len])`, which is the default.
    ///
    /// A speed hook for the crate's own hashers (most keys are at most 16
    /// bytes); not part of the stable API.
    #[doc(hidden)]
    #[must_use]
    #[inline]
    fn hash_short(&self, bytes: u128, len: usize) -> u64 {
        self.hash_bytes(&bytes.to_le_bytes()[..len])
    }
}

/// The default ring hasher: XXH3-64 with a fixed seed.
///
/// `XxHash3::default()` uses seed 0, so a position is exactly
/// `XXH3_64bits(bytes)` of the reference implementation and can be
/// reproduced in any language that has XXH3. [`with_seed`](XxHash3::with_seed)
/// picks another fixed seed.
///
/// XXH3 is fast and spreads ordinary keys well, but it is **not
/// flooding-resistant**: anyone who can choose keys can compute positions
/// and pile keys onto one node. Use [`SipHash13`] with a secret key for
/// keys from untrusted clients.
///
/// # Examples
///
/// ```
/// use shardring::{HashRing, RingHasher, XxHash3};
///
/// let ring: HashRing<&str> = HashRing::new();
/// assert_eq!(ring.hasher(), &XxHash3::default());
/// assert_eq!(ring.position_of_bytes(b"abc"), XxHash3::default().hash_bytes(b"abc"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct XxHash3 {
    seed: u64,
}

impl XxHash3 {
    /// Returns the XXH3-64 hasher with the given seed.
    ///
    /// Rings built with different seeds place every key differently and
    /// cannot be diffed with each other.
    ///
    /// # Examples
    ///
    /// ```
    /// use shardring::{RingHasher, XxHash3};
    ///
    /// assert_eq!(XxHash3::with_seed(0), XxHash3::default());
    /// assert_ne!(XxHash3::with_seed(7).hash_bytes(b"k"), XxHash3::default().hash_bytes(b"k"));
    /// ```
    #[must_use]
    pub const fn with_seed(seed: u64) -> Self {
        XxHash3 { seed }
    }

    /// Returns the seed.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(shardring::XxHash3::default().seed(), 0);
    /// ```
    #[must_use]
    pub const fn seed(&self) -> u64 {
        self.seed
    }
}

impl RingHasher for XxHash3 {
    type Stream = xxhash_rust::xxh3::Xxh3;

    fn stream(&self) -> Self::Stream {
        xxhash_rust::xxh3::Xxh3::with_seed(self.seed)
    }

    #[inline]
    fn hash_bytes(&self, bytes: &[u8]) -> u64 {
        xxhash_rust::xxh3::xxh3_64_with_seed(bytes, self.seed)
    }

    #[inline(always)]
    fn hash_short(&self, bytes: u128, len: usize) -> u64 {
        xxh3_short(bytes, len, self.seed)
    }
}

/// The 72 bytes of XXH3's default secret that inputs of up to 16 bytes
/// use (the XXH3 specification's `kSecret`).
const XXH3_SECRET: [u8; 72] = [
    0xb8, 0xfe, 0x6c, 0x39, 0x23, 0xa4, 0x4b, 0xbe, 0x7c, 0x01, 0x81, 0x2c, 0xf7, 0x21, 0xad, 0x1c,
    0xde, 0xd4, 0x6d, 0xe9, 0x83, 0x90, 0x97, 0xdb, 0x72, 0x40, 0xa4, 0xa4, 0xb7, 0xb3, 0x67, 0x1f,
    0xcb, 0x79, 0xe6, 0x4e, 0xcc, 0xc0, 0xe5, 0x78, 0x82, 0x5a, 0xd0, 0x7d, 0xcc, 0xff, 0x72, 0x21,
    0xb8, 0x08, 0x46, 0x74, 0xf7, 0x43, 0x24, 0x8e, 0xe0, 0x35, 0x90, 0xe6, 0x81, 0x3a, 0x26, 0x4c,
    0x3c, 0x28, 0x52, 0xbb, 0x91, 0xc3, 0x00, 0xcb,
];

/// The little-endian `u64` at `at` in the secret.
const fn secret64(at: usize) -> u64 {
    let s = &XXH3_SECRET;
    u64::from_le_bytes([
        s[at],
        s[at + 1],
        s[at + 2],
        s[at + 3],
        s[at + 4],
        s[at + 5],
        s[at + 6],
        s[at + 7],
    ])
}

/// The little-endian `u32` at `at` in the secret.
const fn secret32(at: usize) -> u32 {
    let s = &XXH3_SECRET;
    u32::from_le_bytes([s[at], s[at + 1], s[at + 2], s[at + 3]])
}

/// XXH3-64 with `seed` of the first `len <= 16` bytes of
/// `bytes.to_le_bytes()`, computed in registers: the same value as
/// `xxh3_64_with_seed`, without a round trip through memory. Follows the
/// XXH3 specification's paths for 0, 1–3, 4–8 and 9–16 bytes.
#[inline(always)]
fn xxh3_short(bytes: u128, len: usize, seed: u64) -> u64 {
    const P64_2: u64 = 0xC2B2_AE3D_27D4_EB4F;
    const P64_3: u64 = 0x1656_67B1_9E37_79F9;
    const MIX: u64 = 0x9FB2_1C65_1E98_DF25;
    // XXH64's final mix, used by the 0 and 1–3 byte paths.
    let avalanche64 = |mut h: u64| {
        h ^= h >> 33;
        h = h.wrapping_mul(P64_2);
        h ^= h >> 29;
        h = h.wrapping_mul(P64_3);
        h ^ (h >> 32)
    };
    debug_assert!(len <= 16);
    let len64 = len as u64;
    // The byte stream, little-endian: byte i is bits 8i..8i+8.
    let byte = |i: usize| (bytes >> (8 * i)) as u8;
    if len > 8 {
        let lo = bytes as u64;
        let hi = (bytes >> (8 * (len - 8))) as u64;
        let lo = lo ^ (secret64(24) ^ secret64(32)).wrapping_add(seed);
        let hi = hi ^ (secret64(40) ^ secret64(48)).wrapping_sub(seed);
        let product = u128::from(lo) * u128::from(hi);
        let folded = (product as u64) ^ ((product >> 64) as u64);
        let mut acc = len64
            .wrapping_add(lo.swap_bytes())
            .wrapping_add(hi)
            .wrapping_add(folded);
        acc ^= acc >> 37;
        acc = acc.wrapping_mul(0x1656_6791_9E37_79F9);
        acc ^ (acc >> 32)
    } else if len >= 4 {
        let seed = seed ^ (u64::from((seed as u32).swap_bytes()) << 32);
        let first = bytes as u32;
        let last = (bytes >> (8 * (len - 4))) as u32;
        let flip = (secret64(8) ^ secret64(16)).wrapping_sub(seed);
        let mut h = (u64::from(last).wrapping_add(u64::from(first) << 32)) ^ flip;
        h ^= h.rotate_left(49) ^ h.rotate_left(24);
        h = h.wrapping_mul(MIX);
        h ^= (h >> 35).wrapping_add(len64);
        h = h.wrapping_mul(MIX);
        h ^ (h >> 28)
    } else if len > 0 {
        let combined = (u32::from(byte(0)) << 16)
            | (u32::from(byte(len >> 1)) << 24)
            | u32::from(byte(len - 1))
            | ((len as u32) << 8);
        let flip = u64::from(secret32(0) ^ secret32(4)).wrapping_add(seed);
        avalanche64(u64::from(combined) ^ flip)
    } else {
        avalanche64(seed ^ secret64(56) ^ secret64(64))
    }
}

/// Keyed SipHash-1-3: the ring hasher for keys an attacker may choose.
///
/// With a secret 128-bit key, nobody who does not know the key can predict
/// positions, so nobody can craft keys that all land on one node. The key
/// is part of the placement: every process that routes keys for one cluster
/// must use the same key, and changing it moves (almost) every key.
///
/// # Examples
///
/// ```
/// use shardring::{HashRing, SipHash13};
///
/// let key = *b"0123456789abcdef"; // in real use: a secret from configuration
/// let mut ring = HashRing::with_hasher(SipHash13::new_with_key(key));
/// ring.add("node-a")?;
/// ring.add("node-b")?;
/// let owner = ring.locate("user:42").unwrap();
/// assert!(*owner == "node-a" || *owner == "node-b");
/// # Ok::<(), shardring::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct SipHash13 {
    key: [u8; 16],
}

impl SipHash13 {
    /// Returns SipHash-1-3 keyed with `key` (k0 = first 8 bytes,
    /// k1 = last 8 bytes, each little-endian, as in the reference).
    ///
    /// # Examples
    ///
    /// ```
    /// use shardring::{RingHasher, SipHash13};
    ///
    /// let a = SipHash13::new_with_key([1; 16]);
    /// let b = SipHash13::new_with_key([2; 16]);
    /// assert_eq!(a, SipHash13::new_with_key([1; 16]));
    /// assert_ne!(a.hash_bytes(b"user:1"), b.hash_bytes(b"user:1"));
    /// ```
    #[must_use]
    pub const fn new_with_key(key: [u8; 16]) -> Self {
        SipHash13 { key }
    }
}

impl core::fmt::Debug for SipHash13 {
    /// Does not print the key, which is meant to be secret.
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("SipHash13").finish_non_exhaustive()
    }
}

impl RingHasher for SipHash13 {
    type Stream = siphasher::sip::SipHasher13;

    fn stream(&self) -> Self::Stream {
        siphasher::sip::SipHasher13::new_with_key(&self.key)
    }

    #[inline]
    fn hash_bytes(&self, bytes: &[u8]) -> u64 {
        siphasher::sip::SipHasher13::new_with_key(&self.key).hash(bytes)
    }
}

/// Where the normalising adapter sends its bytes.
pub(crate) trait ByteSink {
    fn put(&mut self, bytes: &[u8]);
}

impl ByteSink for Vec<u8> {
    fn put(&mut self, bytes: &[u8]) {
        self.extend_from_slice(bytes);
    }
}

/// A [`Hasher`] that writes what it is given into a [`ByteSink`] in the
/// platform-independent form documented on [`key_bytes`].
pub(crate) struct Normalize<S>(pub(crate) S);

impl<S: ByteSink> Hasher for Normalize<S> {
    fn finish(&self) -> u64 {
        // Never called by the crate: the sink, not this adapter, makes the
        // result. A `Hash` impl that calls `finish` on its state gets 0.
        0
    }
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        self.0.put(bytes);
    }
    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.0.put(&[i]);
    }
    #[inline]
    fn write_u16(&mut self, i: u16) {
        self.0.put(&i.to_le_bytes());
    }
    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.0.put(&i.to_le_bytes());
    }
    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.0.put(&i.to_le_bytes());
    }
    #[inline]
    fn write_u128(&mut self, i: u128) {
        self.0.put(&i.to_le_bytes());
    }
    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.0.put(&(i as u64).to_le_bytes());
    }
    #[inline]
    fn write_i8(&mut self, i: i8) {
        self.0.put(&i.to_le_bytes());
    }
    #[inline]
    fn write_i16(&mut self, i: i16) {
        self.0.put(&i.to_le_bytes());
    }
    #[inline]
    fn write_i32(&mut self, i: i32) {
        self.0.put(&i.to_le_bytes());
    }
    #[inline]
    fn write_i64(&mut self, i: i64) {
        self.0.put(&i.to_le_bytes());
    }
    #[inline]
    fn write_i128(&mut self, i: i128) {
        self.0.put(&i.to_le_bytes());
    }
    #[inline]
    fn write_isize(&mut self, i: isize) {
        self.0.put(&(i as i64).to_le_bytes());
    }
}

/// Bytes of a key held in a register: XXH3 hashes inputs up to this long
/// from two words, so such keys never touch memory.
const SHORT_KEY: usize = 16;

/// Bytes of a key buffered on the stack before the hasher's incremental
/// state takes over. Most keys are shorter, and then the one-shot
/// [`RingHasher::hash_bytes`] runs.
const INLINE_KEY: usize = 64;

/// A sink that hashes, allocating nothing. The stream's first
/// [`SHORT_KEY`] bytes are packed into a `u128`; a longer stream moves to a
/// stack buffer of [`INLINE_KEY`] bytes, and a longer one still to the
/// hasher's incremental state.
struct HashSink<'h, H: RingHasher> {
    hasher: &'h H,
    /// Stream length so far.
    len: usize,
    held: Held<H::Stream>,
}

/// Where a [`HashSink`] holds the stream so far.
enum Held<S> {
    /// Bytes `0..len` little-endian, while `len <= SHORT_KEY`.
    Short(u128),
    /// While `SHORT_KEY < len <= INLINE_KEY`.
    Buffer([u8; INLINE_KEY]),
    /// Once `len > INLINE_KEY`.
    Stream(S),
}

/// Packs `b` (at most [`SHORT_KEY`] bytes) into a little-endian `u128`
/// with at most two overlapping loads, so that copying it costs no store.
#[inline(always)]
fn pack(b: &[u8]) -> u128 {
    let n = b.len();
    debug_assert!(n <= SHORT_KEY);
    let word = |at: usize| {
        let mut w = [0; 8];
        w.copy_from_slice(&b[at..at + 8]);
        u128::from(u64::from_le_bytes(w))
    };
    let half = |at: usize| {
        let mut w = [0; 4];
        w.copy_from_slice(&b[at..at + 4]);
        u128::from(u32::from_le_bytes(w))
    };
    if n >= 8 {
        // The two words overlap on bytes n-8..8, which agree.
        word(0) | (word(n - 8) << (8 * (n - 8)))
    } else if n >= 4 {
        half(0) | (half(n - 4) << (8 * (n - 4)))
    } else if n > 0 {
        u128::from(b[0])
            | (u128::from(b[n / 2]) << (8 * (n / 2)))
            | (u128::from(b[n - 1]) << (8 * (n - 1)))
    } else {
        0
    }
}

impl<H: RingHasher> ByteSink for HashSink<'_, H> {
    #[inline(always)]
    fn put(&mut self, bytes: &[u8]) {
        let end = self.len + bytes.len();
        match &mut self.held {
            Held::Short(short) if end <= SHORT_KEY => {
                if !bytes.is_empty() {
                    *short |= pack(bytes) << (8 * self.len);
                }
                self.len = end;
            }
            _ => self.put_long(bytes),
        }
    }
}

impl<H: RingHasher> HashSink<'_, H> {
    /// `put` for a stream past [`SHORT_KEY`] bytes.
    #[inline(never)]
    fn put_long(&mut self, bytes: &[u8]) {
        let (len, end) = (self.len, self.len + bytes.len());
        self.len = end;
        match &mut self.held {
            Held::Stream(stream) => stream.write(bytes),
            Held::Buffer(buf) if end <= INLINE_KEY => buf[len..end].copy_from_slice(bytes),
            Held::Short(short) if end <= INLINE_KEY => {
                let mut buf = [0; INLINE_KEY];
                buf[..SHORT_KEY].copy_from_slice(&short.to_le_bytes());
                buf[len..end].copy_from_slice(bytes);
                self.held = Held::Buffer(buf);
            }
            held => {
                let mut stream = self.hasher.stream();
                match held {
                    Held::Short(short) => stream.write(&short.to_le_bytes()[..len]),
                    Held::Buffer(buf) => stream.write(&buf[..len]),
                    Held::Stream(_) => {}
                }
                stream.write(bytes);
                self.held = Held::Stream(stream);
            }
        }
    }

    /// The hash of the whole stream.
    #[inline(always)]
    fn finish(&self) -> u64 {
        match &self.held {
            Held::Short(short) => self.hasher.hash_short(*short, self.len),
            Held::Buffer(buf) => self.hasher.hash_bytes(&buf[..self.len]),
            Held::Stream(stream) => stream.finish(),
        }
    }
}

/// Hashes `key`'s normalised byte stream with `hasher`; allocates nothing.
#[inline(always)]
pub(crate) fn hash_key<H: RingHasher, K: Hash + ?Sized>(hasher: &H, key: &K) -> u64 {
    let mut n = Normalize(HashSink {
        hasher,
        len: 0,
        held: Held::Short(0),
    });
    key.hash(&mut n);
    n.0.finish()
}

/// Returns the byte stream that a key or node is hashed as.
///
/// A key's position is the ring hasher applied to exactly these bytes:
/// `ring.position(&k) == ring.position_of_bytes(&key_bytes(&k))`. A node's
/// *identity bytes* are the same stream. The stream is what the value's
/// [`Hash`] impl writes, with these rules for the calls that std leaves
/// platform-dependent:
///
/// | `Hasher` call | bytes |
/// |---|---|
/// | `write(b)` | `b` as is |
/// | `write_u8`/`u16`/`u32`/`u64`/`u128`, `write_i*` | little-endian, the type's width |
/// | `write_usize`, `write_isize` | widened to 64 bits, little-endian |
///
/// So for std's own impls: a `str` or `String` is its UTF-8 bytes then
/// `0xFF`; a `[u8]`, `Vec<u8>` or `&[u8]` is its length as `u64` LE then its
/// bytes; an integer is its little-endian bytes; `bool` is one byte 0 or 1;
/// `char` is its scalar value as `u32` LE; a tuple or a struct with derived
/// `Hash` is its fields' streams one after the other; a reference hashes as
/// what it points to. Slices of integers wider than a byte (`[u32]`,
/// `Vec<u64>`, ...) are written by std as raw native-endian memory, so such
/// keys give the same position only on machines of one endianness.
///
/// # Examples
///
/// ```
/// use shardring::key_bytes;
///
/// assert_eq!(key_bytes("ab"), [b'a', b'b', 0xFF]);
/// assert_eq!(key_bytes(&7u32), [7, 0, 0, 0]);
/// assert_eq!(key_bytes(&[1u8, 2][..]), [2, 0, 0, 0, 0, 0, 0, 0, 1, 2]);
/// assert_eq!(key_bytes(&(1u8, "x")), [1, b'x', 0xFF]);
/// ```
#[must_use]
pub fn key_bytes<K: Hash + ?Sized>(key: &K) -> Vec<u8> {
    let mut n = Normalize(Vec::new());
    key.hash(&mut n);
    n.0
}

/// Computes the positions of vnodes `from..to` of the node with the given
/// identity bytes, and passes each to `f` with its vnode index.
///
/// Vnode `i` sits at `hasher.hash_bytes(len ++ identity ++ i)`, where `len`
/// is the identity's byte count as `u64` LE and `i` is `u32` LE.
pub(crate) fn for_each_vnode<H: RingHasher>(
    hasher: &H,
    identity: &[u8],
    from: u32,
    to: u32,
    mut f: impl FnMut(u32, u64),
) {
    let mut input = Vec::with_capacity(8 + identity.len() + 4);
    input.extend_from_slice(&(identity.len() as u64).to_le_bytes());
    input.extend_from_slice(identity);
    let head = input.len();
    input.extend_from_slice(&[0; 4]);
    for i in from..to {
        input[head..].copy_from_slice(&i.to_le_bytes());
        f(i, hasher.hash_bytes(&input));
    }
}

#[cfg(test)]
mod tests;
