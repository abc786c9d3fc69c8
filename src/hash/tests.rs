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
