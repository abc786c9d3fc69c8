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

/// Bytes of a key buffered on the stack before the hasher's incremental
/// state takes over. Most keys are shorter, and then the one-shot
/// [`RingHasher::hash_bytes`] runs.
const INLINE_KEY: usize = 64;

/// A sink that hashes: it buffers up to [`INLINE_KEY`] bytes and spills to
/// the hasher's incremental state beyond that. Allocates nothing.
struct HashSink<'h, H: RingHasher> {
    hasher: &'h H,
    buf: [u8; INLINE_KEY],
    len: usize,
    stream: Option<H::Stream>,
}

impl<H: RingHasher> ByteSink for HashSink<'_, H> {
    #[inline]
    fn put(&mut self, bytes: &[u8]) {
        if let Some(stream) = &mut self.stream {
            stream.write(bytes);
        } else if let Some(room) = self.buf.get_mut(self.len..self.len + bytes.len()) {
            room.copy_from_slice(bytes);
            self.len += bytes.len();
        } else {
            let mut stream = self.hasher.stream();
            stream.write(&self.buf[..self.len]);
            stream.write(bytes);
            self.stream = Some(stream);
        }
    }
}

/// Hashes `key`'s normalised byte stream with `hasher`; allocates nothing.
#[inline]
pub(crate) fn hash_key<H: RingHasher, K: Hash + ?Sized>(hasher: &H, key: &K) -> u64 {
    let mut n = Normalize(HashSink {
        hasher,
        buf: [0; INLINE_KEY],
        len: 0,
        stream: None,
    });
    key.hash(&mut n);
    match &n.0.stream {
        Some(stream) => stream.finish(),
        None => hasher.hash_bytes(&n.0.buf[..n.0.len]),
    }
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
