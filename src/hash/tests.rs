//! Unit tests of the private hashing pieces.

use super::*;

/// The stack buffer and the spill to the incremental state give the same
/// position as hashing the whole stream at once, at every length around
/// the buffer's size and for both built-in hashers.
#[test]
fn hash_key_equals_one_shot_hash_of_key_bytes() {
    let sip = SipHash13::new_with_key(*b"0123456789abcdef");
    for len in 0..3 * INLINE_KEY {
        let key: Vec<u8> = (0..len).map(|i| (i * 7 + 3) as u8).collect();
        // A slice hashes as an 8-byte length then its bytes: that is
        // written in two pieces, which exercises the split at the buffer edge.
        let expected = {
            let mut stream = Vec::new();
            stream.extend_from_slice(&(len as u64).to_le_bytes());
            stream.extend_from_slice(&key);
            stream
        };
        assert_eq!(key_bytes(&key[..]), expected);
        assert_eq!(
            hash_key(&XxHash3::default(), &key[..]),
            XxHash3::default().hash_bytes(&expected)
        );
        assert_eq!(hash_key(&sip, &key[..]), sip.hash_bytes(&expected));
    }
}

/// Many small writes that cross the buffer edge one byte at a time.
#[test]
fn hash_key_handles_many_small_writes() {
    let key: Vec<u32> = (0..100).collect();
    let tuple_key = (key.clone(), 5u16, 'x', true, -1i64);
    let bytes = key_bytes(&tuple_key);
    assert_eq!(
        hash_key(&XxHash3::with_seed(3), &tuple_key),
        XxHash3::with_seed(3).hash_bytes(&bytes)
    );
}

/// The vnode input is the length-prefixed identity then the index, so an
/// identity that ends in digits cannot borrow its neighbour's index.
#[test]
fn vnode_input_is_length_prefixed_identity_then_index() {
    let h = XxHash3::default();
    let id = key_bytes("node-1");
    let mut got = Vec::new();
    for_each_vnode(&h, &id, 10, 12, |i, p| got.push((i, p)));
    let manual = |i: u32| {
        let mut input = Vec::new();
        input.extend_from_slice(&(id.len() as u64).to_le_bytes());
        input.extend_from_slice(&id);
        input.extend_from_slice(&i.to_le_bytes());
        h.hash_bytes(&input)
    };
    assert_eq!(got, [(10, manual(10)), (11, manual(11))]);
}

/// `SplitMix64`, for test inputs.
fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The in-register XXH3 of short inputs equals the xxhash-rust crate's
/// XXH3 at every length 0..=16, for many inputs and seeds, seed 0 and
/// seeds whose halves carry into each other included.
#[test]
fn xxh3_short_equals_reference_xxh3_at_every_length() {
    let mut state = 7;
    let seeds = [0, 1, u64::MAX, 0xffff_ffff, 1 << 32, 0x8000_0000_8000_0000];
    for len in 0..=SHORT_KEY {
        for round in 0..2000 {
            let seed = if round < seeds.len() {
                seeds[round]
            } else {
                splitmix(&mut state)
            };
            let bytes = u128::from(splitmix(&mut state)) | (u128::from(splitmix(&mut state)) << 64);
            // Only the first `len` bytes are input: clear the rest, as the sink does.
            let bytes = if len == 16 {
                bytes
            } else {
                bytes & ((1u128 << (8 * len)) - 1)
            };
            let input = &bytes.to_le_bytes()[..len];
            assert_eq!(
                xxh3_short(bytes, len, seed),
                xxhash_rust::xxh3::xxh3_64_with_seed(input, seed),
                "len {len}, seed {seed:#x}, input {input:02x?}"
            );
        }
    }
}

/// `pack` reads any slice of up to 16 bytes into the little-endian `u128`
/// that `u128::from_le_bytes` of the zero-padded slice gives.
#[test]
fn pack_equals_zero_padded_little_endian_read() {
    let mut state = 11;
    for len in 0..=SHORT_KEY {
        for _ in 0..200 {
            let b: Vec<u8> = (0..len).map(|_| splitmix(&mut state) as u8).collect();
            let mut padded = [0; 16];
            padded[..len].copy_from_slice(&b);
            assert_eq!(pack(&b), u128::from_le_bytes(padded), "{b:02x?}");
        }
    }
}

/// Streams written in random pieces of random sizes, across the register,
/// buffer and incremental stages, hash as the whole stream does at once,
/// for both built-in hashers and a hasher that keeps the default
/// `hash_short`.
#[test]
fn hash_key_of_random_write_splits_equals_one_shot() {
    /// Writes the given pieces, one `write` call each.
    struct Pieces(Vec<Vec<u8>>);
    impl Hash for Pieces {
        fn hash<S: Hasher>(&self, state: &mut S) {
            for piece in &self.0 {
                state.write(piece);
            }
        }
    }
    let xxh = XxHash3::with_seed(0x0123_4567_89ab_cdef);
    let sip = SipHash13::new_with_key(*b"fedcba9876543210");
    let mut state = 5;
    for _ in 0..3000 {
        let total = (splitmix(&mut state) % 150) as usize;
        let mut pieces = Vec::new();
        let mut whole = Vec::new();
        while whole.len() < total {
            let n = ((splitmix(&mut state) % 20) as usize).min(total - whole.len());
            let piece: Vec<u8> = (0..n).map(|_| splitmix(&mut state) as u8).collect();
            whole.extend_from_slice(&piece);
            pieces.push(piece);
            if splitmix(&mut state) % 8 == 0 {
                pieces.push(Vec::new());
            }
        }
        let key = Pieces(pieces);
        assert_eq!(key_bytes(&key), whole);
        assert_eq!(hash_key(&xxh, &key), xxh.hash_bytes(&whole));
        assert_eq!(
            hash_key(&XxHash3::default(), &key),
            xxhash_rust::xxh3::xxh3_64(&whole)
        );
        assert_eq!(hash_key(&sip, &key), sip.hash_bytes(&whole));
    }
}
