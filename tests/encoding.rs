//! The key encoding on byte arrays: `key_bytes` gives exactly the stream
//! documented on it, written out here by hand, for every `Hasher` call and
//! for std's impls of the types the stability promise covers. Integers are
//! little-endian by construction, so these literals hold on every platform;
//! `tests/golden.rs` pins the same streams (and their positions) from an
//! independent Python implementation.

use std::hash::{Hash, Hasher};

use shardring::{HashRing, SipHash13, key_bytes};

/// Calls every `Hasher` method once, in a fixed order.
struct EveryCall;

impl Hash for EveryCall {
    fn hash<S: Hasher>(&self, state: &mut S) {
        state.write(b"ab");
        state.write_u8(0x01);
        state.write_u16(0x0203);
        state.write_u32(0x0405_0607);
        state.write_u64(0x0809_0a0b_0c0d_0e0f);
        state.write_u128(0x1011_1213_1415_1617_1819_1a1b_1c1d_1e1f);
        state.write_usize(0x2021_2223);
        state.write_i8(-2);
        state.write_i16(-0x0102);
        state.write_i32(-0x0102_0304);
        state.write_i64(-0x0102_0304_0506_0708);
        state.write_i128(-1);
        state.write_isize(-0x2021_2223);
    }
}

#[test]
fn every_hasher_call_writes_its_documented_bytes() {
    let mut want: Vec<u8> = Vec::new();
    want.extend([b'a', b'b']); // write: as is
    want.extend([0x01]); // u8
    want.extend([0x03, 0x02]); // u16 LE
    want.extend([0x07, 0x06, 0x05, 0x04]); // u32 LE
    want.extend([0x0f, 0x0e, 0x0d, 0x0c, 0x0b, 0x0a, 0x09, 0x08]); // u64 LE
    want.extend((0x10..=0x1f).rev()); // u128 LE
    want.extend([0x23, 0x22, 0x21, 0x20, 0, 0, 0, 0]); // usize: 8 bytes LE
    want.extend([0xFE]); // i8
    want.extend([0xFE, 0xFE]); // i16: -0x0102 = 0xFEFE
    want.extend([0xFC, 0xFC, 0xFD, 0xFE]); // i32: 0xFEFDFCFC
    want.extend([0xF8, 0xF8, 0xF9, 0xFA, 0xFB, 0xFC, 0xFD, 0xFE]); // i64
    want.extend([0xFF; 16]); // i128 -1
    want.extend([0xDD, 0xDD, 0xDE, 0xDF, 0xFF, 0xFF, 0xFF, 0xFF]); // isize: 8 bytes, sign-extended
    assert_eq!(key_bytes(&EveryCall), want);
}

#[test]
fn integers_are_little_endian_at_their_width() {
    assert_eq!(key_bytes(&0xABu8), [0xAB]);
    assert_eq!(key_bytes(&u8::MAX), [0xFF]);
    assert_eq!(key_bytes(&0u16), [0, 0]);
    assert_eq!(key_bytes(&-2i16), [0xFE, 0xFF]);
    assert_eq!(key_bytes(&i16::MIN), [0x00, 0x80]);
    assert_eq!(key_bytes(&1u32), [1, 0, 0, 0]);
    assert_eq!(key_bytes(&i32::MIN), [0, 0, 0, 0x80]);
    assert_eq!(key_bytes(&u64::MAX), [0xFF; 8]);
    assert_eq!(key_bytes(&(1u64 << 56)), [0, 0, 0, 0, 0, 0, 0, 1]);
    assert_eq!(key_bytes(&i64::MIN), [0, 0, 0, 0, 0, 0, 0, 0x80]);
    let mut top = [0u8; 16];
    top[15] = 0x80;
    assert_eq!(key_bytes(&i128::MIN), top);
    assert_eq!(key_bytes(&(1u128 << 64)), {
        let mut b = [0u8; 16];
        b[8] = 1;
        b
    });
}

#[test]
fn usize_and_isize_are_widened_to_eight_bytes() {
    // The same eight bytes on 32- and 64-bit targets.
    assert_eq!(key_bytes(&0usize), [0; 8]);
    assert_eq!(key_bytes(&1usize), [1, 0, 0, 0, 0, 0, 0, 0]);
    assert_eq!(
        key_bytes(&(u32::MAX as usize)),
        [0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0]
    );
    assert_eq!(key_bytes(&-1isize), [0xFF; 8]);
    assert_eq!(
        key_bytes(&(i32::MIN as isize)),
        [0, 0, 0, 0x80, 0xFF, 0xFF, 0xFF, 0xFF]
    );
    // So a usize key and the u64 of the same value are the same key.
    let ring: HashRing<u8> = HashRing::new();
    assert_eq!(ring.position(&77usize), ring.position(&77u64));
}

#[test]
fn bool_and_char_are_one_byte_and_a_u32() {
    assert_eq!(key_bytes(&false), [0]);
    assert_eq!(key_bytes(&true), [1]);
    assert_eq!(key_bytes(&'\0'), [0, 0, 0, 0]);
    assert_eq!(key_bytes(&'A'), [0x41, 0, 0, 0]);
    assert_eq!(key_bytes(&'é'), [0xE9, 0, 0, 0]); // U+00E9, not its UTF-8
    assert_eq!(key_bytes(&'🦀'), [0x80, 0xF9, 0x01, 0x00]); // U+1F980
    assert_eq!(key_bytes(&char::MAX), [0xFF, 0xFF, 0x10, 0x00]);
}

#[test]
fn strings_are_their_utf8_bytes_then_0xff() {
    assert_eq!(key_bytes(""), [0xFF]);
    assert_eq!(key_bytes("a"), [b'a', 0xFF]);
    assert_eq!(key_bytes("é🦀"), [0xC3, 0xA9, 0xF0, 0x9F, 0xA6, 0x80, 0xFF]);
    // str, &str, String and &String are one key.
    let owned = String::from("user:42");
    let want = b"user:42\xff";
    assert_eq!(key_bytes("user:42"), want);
    assert_eq!(key_bytes(&"user:42"), want);
    assert_eq!(key_bytes(&owned), want);
    assert_eq!(key_bytes(&&owned), want);
    // The terminator keeps ("ab", "c") and ("a", "bc") apart.
    assert_eq!(key_bytes(&("ab", "c")), b"ab\xffc\xff");
    assert_eq!(key_bytes(&("a", "bc")), b"a\xffbc\xff");
}

#[test]
fn byte_slices_are_their_length_as_u64_then_their_bytes() {
    assert_eq!(key_bytes(&b""[..]), [0; 8]);
    assert_eq!(key_bytes(&[0xFFu8][..]), [1, 0, 0, 0, 0, 0, 0, 0, 0xFF]);
    let bytes: Vec<u8> = (0..=255).collect();
    let mut want = vec![0, 1, 0, 0, 0, 0, 0, 0]; // 256 as u64 LE
    want.extend(0..=255u8);
    assert_eq!(key_bytes(&bytes[..]), want);
    assert_eq!(key_bytes(&bytes), want, "Vec<u8>");
    assert_eq!(key_bytes(&&bytes[..]), want, "&[u8]");
    // Not UTF-8 is no problem for bytes.
    assert_eq!(
        key_bytes(&[0xC3u8, 0x28][..]),
        [2, 0, 0, 0, 0, 0, 0, 0, 0xC3, 0x28]
    );
}

/// A struct with derived `Hash`.
#[derive(Hash)]
struct Shard<'a> {
    tenant: &'a str,
    id: u32,
    primary: bool,
    tag: &'a [u8],
}

#[test]
fn tuples_and_derived_structs_are_their_fields_in_order() {
    assert_eq!(key_bytes(&()), [0u8; 0]);
    assert_eq!(key_bytes(&(7u8,)), [7]);
    assert_eq!(
        key_bytes(&("t", 1u32, (true, 'x'))),
        [b't', 0xFF, 1, 0, 0, 0, 1, b'x', 0, 0, 0]
    );
    let shard = Shard {
        tenant: "eu",
        id: 0x0102,
        primary: false,
        tag: &[9],
    };
    assert_eq!(
        key_bytes(&shard),
        [
            b'e', b'u', 0xFF, // tenant
            0x02, 0x01, 0, 0, // id
            0, // primary
            1, 0, 0, 0, 0, 0, 0, 0, 9, // tag
        ]
    );
}

#[test]
fn slices_of_wider_integers_are_native_memory_as_documented() {
    // std writes `[u32]` as its length then raw memory in the machine's
    // byte order: the one documented exception to platform independence.
    let key = [0x0102_0304u32, 5];
    let mut want = vec![2, 0, 0, 0, 0, 0, 0, 0];
    for x in key {
        want.extend(if cfg!(target_endian = "little") {
            x.to_le_bytes()
        } else {
            x.to_be_bytes()
        });
    }
    assert_eq!(key_bytes(&key[..]), want);
}

#[test]
fn a_keys_position_is_the_hash_of_its_bytes() {
    let xx: HashRing<u8> = HashRing::new();
    let sip: HashRing<u8, SipHash13> = HashRing::with_hasher(SipHash13::new_with_key([3; 16]));
    let shard = Shard {
        tenant: "eu",
        id: 9,
        primary: true,
        tag: b"\xff",
    };
    let checks: [(u64, u64, Vec<u8>); 6] = [
        (
            xx.position(&0x0102u16),
            sip.position(&0x0102u16),
            vec![2, 1],
        ),
        (
            xx.position(&5usize),
            sip.position(&5usize),
            vec![5, 0, 0, 0, 0, 0, 0, 0],
        ),
        (xx.position(""), sip.position(""), vec![0xFF]),
        (xx.position(&'é'), sip.position(&'é'), vec![0xE9, 0, 0, 0]),
        (
            xx.position(&(1u8, "x")),
            sip.position(&(1u8, "x")),
            vec![1, b'x', 0xFF],
        ),
        (xx.position(&shard), sip.position(&shard), key_bytes(&shard)),
    ];
    for (by_xx, by_sip, bytes) in checks {
        assert_eq!(by_xx, xx.position_of_bytes(&bytes), "{bytes:02x?}");
        assert_eq!(by_sip, sip.position_of_bytes(&bytes), "{bytes:02x?}");
    }
}
