//! Hostile and malformed input not covered elsewhere: keys aimed at one
//! node, node identities built to collide in the vnode encoding, keys that
//! are empty, huge or not UTF-8, and point counts over the limit with the
//! heap they use measured by a counting allocator.
//!
//! Expected values come from the documented rules (`src/lib.rs`,
//! "Placement"; `key_bytes`), from the reference ring, or from probability
//! theory; never from what the crate printed.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::hash::{Hash, Hasher};

use common::NaiveRing;
use shardring::{Error, HashRing, MAX_POINTS, RingHasher, SipHash13, XxHash3, key_bytes};

const LIMIT: u64 = MAX_POINTS as u64;

// ---------------------------------------------------------------------------
// Flooding: keys crafted against the unkeyed default.

/// The "secret" of the keyed ring. The attacker below never uses it.
const SECRET: [u8; 16] = *b"not-the-attackr!";

/// 2000 keys that an attacker who knows the default hasher (XXH3, seed 0,
/// public) picks so that all of them land on `target`: try candidates, keep
/// those that `locate` to it.
fn crafted_keys(ring: &HashRing<String>, target: &str, want: usize) -> Vec<String> {
    let mut keys = Vec::with_capacity(want);
    for i in 0u64.. {
        let key = format!("session:{i:x}");
        if ring.locate(key.as_str()).map(String::as_str) == Some(target) {
            keys.push(key);
            if keys.len() == want {
                break;
            }
        }
    }
    keys
}

#[test]
fn keys_crafted_against_the_default_hasher_spread_under_secret_siphash() {
    const KEYS: usize = 2000;
    let nodes: Vec<String> = (0..8).map(|i| format!("node-{i}")).collect();
    let mut open = HashRing::new();
    let mut keyed = HashRing::with_hasher(SipHash13::new_with_key(SECRET));
    for node in &nodes {
        open.add(node.clone()).unwrap();
        keyed.add(node.clone()).unwrap();
    }

    // Under the default, every crafted key piles onto node-0, whose fair
    // share is about 1/8 (250 keys).
    let keys = crafted_keys(&open, "node-0", KEYS);
    assert_eq!(keys.len(), KEYS);
    let fair = KEYS as f64 * open.share(&nodes[0]);
    assert!(fair < 500.0, "node-0's fair share is {fair} keys");

    // Under keyed SipHash the same keys are just keys: each node gets a
    // Binomial(2000, share) count. Allow 5 standard deviations (a false
    // failure has probability below 1e-5 per node; the seeds are fixed).
    let mut counts: BTreeMap<&String, usize> = BTreeMap::new();
    for key in &keys {
        *counts
            .entry(keyed.locate(key.as_str()).unwrap())
            .or_default() += 1;
    }
    let mut total_share = 0.0;
    for node in &nodes {
        let p = keyed.share(node);
        total_share += p;
        let mean = KEYS as f64 * p;
        let margin = 5.0 * (KEYS as f64 * p * (1.0 - p)).sqrt();
        let got = counts.get(node).copied().unwrap_or(0) as f64;
        assert!(
            (got - mean).abs() <= margin,
            "{node}: {got} of {KEYS} crafted keys under SipHash13, expected {mean:.0} ± {margin:.0}"
        );
        // The bound has teeth: the pile itself would be far outside it.
        assert!((KEYS as f64) > mean + margin);
    }
    assert!((total_share - 1.0).abs() < 1e-9);
}

// ---------------------------------------------------------------------------
// Node identities that could collide in the vnode encoding.

/// A node whose identity bytes are exactly its raw bytes: its `Hash` writes
/// them with no length and no terminator, so one identity can be a prefix
/// of another, or equal another's identity followed by a vnode index.
#[derive(Clone, Debug, PartialEq, Eq)]
struct RawId(Vec<u8>);

impl Hash for RawId {
    fn hash<S: Hasher>(&self, state: &mut S) {
        state.write(&self.0);
    }
}

/// The documented vnode input, written out here:
/// `len(id) as u64 LE ++ id ++ i as u32 LE`.
fn vnode_input(id: &[u8], i: u32) -> Vec<u8> {
    let mut input = (id.len() as u64).to_le_bytes().to_vec();
    input.extend_from_slice(id);
    input.extend_from_slice(&i.to_le_bytes());
    input
}

/// Identities chosen to collide under careless encodings: prefixes of one
/// another, an identity equal to another's plus an index in decimal or in
/// little-endian bytes, the empty identity, and ones that end in what a
/// length prefix looks like.
fn tricky_identities() -> Vec<Vec<u8>> {
    let mut with_index = b"node-1".to_vec();
    with_index.extend_from_slice(&11u32.to_le_bytes());
    let mut with_len = 6u64.to_le_bytes().to_vec();
    with_len.extend_from_slice(b"node-1");
    vec![
        Vec::new(),
        b"n".to_vec(),
        b"node-1".to_vec(),
        b"node-11".to_vec(),
        b"node-111".to_vec(),
        with_index,
        with_len,
        vec![0; 4],
        vec![0; 8],
        vec![0; 12],
    ]
}

#[test]
fn identities_that_extend_each_other_get_distinct_vnode_inputs() {
    const WEIGHT: u32 = 300; // indices past 255 use a second byte
    // The hazard is real for an unframed encoding with a decimal index,
    // DESIGN's example: "node-1" + "11" and "node-11" + "1".
    assert_eq!(
        [&b"node-1"[..], b"11"].concat(),
        [&b"node-11"[..], b"1"].concat()
    );
    // And for str nodes the same pair under the documented framing.
    assert_eq!(key_bytes("node-1"), b"node-1\xff");
    assert_ne!(
        vnode_input(&key_bytes("node-1"), 11),
        vnode_input(&key_bytes("node-11"), 1)
    );

    // A node's identity bytes are what its Hash writes: here the raw bytes.
    let ids = tricky_identities();
    for id in &ids {
        assert_eq!(key_bytes(&RawId(id.clone())), *id);
    }
    // Every (identity, index) pair has its own input byte string.
    let mut inputs = BTreeSet::new();
    for id in &ids {
        for i in 0..WEIGHT {
            inputs.insert(vnode_input(id, i));
        }
    }
    assert_eq!(inputs.len(), ids.len() * WEIGHT as usize);
}

#[test]
fn identities_that_extend_each_other_get_their_own_points() {
    const WEIGHT: u32 = 300;
    let ids = tricky_identities();
    let hasher = XxHash3::default();
    let mut ring = HashRing::new();
    let mut naive = NaiveRing::new(hasher);
    for id in &ids {
        ring.add_weighted(RawId(id.clone()), WEIGHT).unwrap();
        naive.add_weighted(RawId(id.clone()), WEIGHT).unwrap();
        ring.assert_invariants();
    }
    assert_eq!(ring.len(), ids.len());
    assert_eq!(ring.point_count(), ids.len() * WEIGHT as usize);

    let mut all_positions = BTreeSet::new();
    for id in &ids {
        let node = RawId(id.clone());
        let mut want: Vec<u64> = (0..WEIGHT)
            .map(|i| hasher.hash_bytes(&vnode_input(id, i)))
            .collect();
        want.sort_unstable();
        let got: Vec<u64> = ring
            .points()
            .filter(|(_, n)| **n == node)
            .map(|(p, _)| p)
            .collect();
        assert_eq!(got, want, "points of identity {id:02x?}");
        all_positions.extend(want);
        assert!(ring.share(&node) > 0.0, "identity {id:02x?} owns nothing");
    }
    // 3000 distinct inputs, 3000 distinct positions: no node's points were
    // taken from, or mistaken for, another's.
    assert_eq!(all_positions.len(), ring.point_count());
    for (pos, node) in ring.points() {
        assert_eq!(ring.locate_position(pos), Some(node));
    }
    assert!(
        ring.points()
            .map(|(p, n)| (p, n.clone()))
            .eq(naive.point_list())
    );

    // Each can leave without disturbing the others' points.
    for id in &ids {
        let mut without = ring.clone();
        without.remove(&RawId(id.clone())).unwrap();
        without.assert_invariants();
        assert_eq!(without.point_count(), (ids.len() - 1) * WEIGHT as usize);
        for (pos, node) in without.points() {
            assert!(node.0 != *id && all_positions.contains(&pos));
        }
    }
}

// ---------------------------------------------------------------------------
// Keys that are empty, huge or not UTF-8.

/// Checks one key on `ring`: its byte stream and position are the
/// documented ones, and its owner and replicas are the reference ring's.
fn check_key<K, H>(ring: &HashRing<String, H>, naive: &NaiveRing<String, H>, key: &K, stream: &[u8])
where
    K: Hash + ?Sized,
    H: RingHasher,
{
    assert_eq!(key_bytes(key), stream);
    let pos = ring.hasher().hash_bytes(stream);
    assert_eq!(ring.position(key), pos);
    let owner = naive.locate_position(pos);
    assert_eq!(ring.locate(key), owner.as_ref());
    let replicas: Vec<&String> = ring.replicas(key, 3).collect();
    assert!(
        replicas
            .iter()
            .copied()
            .eq(naive.replicas_at(pos, 3).iter())
    );
    // A lookup allocates nothing, whatever the key's length.
    let allocations = allocation_counter::measure(|| {
        std::hint::black_box(ring.position(key));
        std::hint::black_box(ring.locate(key));
        std::hint::black_box(ring.replicas(key, 3).count());
    })
    .count_total;
    assert_eq!(
        allocations,
        0,
        "a lookup of a {}-byte key allocated",
        stream.len()
    );
}

/// The raw-bytes path: the position is the hash of the bytes as they are.
fn check_raw<H: RingHasher>(
    ring: &HashRing<String, H>,
    naive: &NaiveRing<String, H>,
    bytes: &[u8],
) {
    let pos = ring.hasher().hash_bytes(bytes);
    assert_eq!(ring.position_of_bytes(bytes), pos);
    assert_eq!(
        ring.locate_bytes(bytes),
        naive.locate_position(pos).as_ref()
    );
    let allocations = allocation_counter::measure(|| {
        std::hint::black_box(ring.locate_bytes(bytes));
    })
    .count_total;
    assert_eq!(allocations, 0);
}

fn check_odd_keys<H: RingHasher>(hasher: H) {
    let mut ring = HashRing::with_hasher(hasher.clone());
    let mut naive = NaiveRing::new(hasher);
    for i in 0..5 {
        ring.add_weighted(format!("node-{i}"), 50).unwrap();
        naive.add_weighted(format!("node-{i}"), 50).unwrap();
    }

    // Empty: three spellings, three documented streams, three positions.
    let empty_slice_stream = [0u8; 8];
    check_key(&ring, &naive, "", &[0xFF]);
    check_key(&ring, &naive, &String::new(), &[0xFF]);
    check_key(&ring, &naive, &b""[..], &empty_slice_stream);
    check_key(&ring, &naive, &Vec::<u8>::new(), &empty_slice_stream);
    check_raw(&ring, &naive, b"");
    let empties = BTreeSet::from([
        ring.position(""),
        ring.position(&b""[..]),
        ring.position_of_bytes(b""),
    ]);
    assert_eq!(empties.len(), 3, "the three empty keys are different keys");

    // Not UTF-8: a lone continuation byte, an overlong encoding, a
    // surrogate, 0xFE/0xFF, and a truncated sequence.
    let bad: &[u8] = &[0x80, 0xC0, 0xAF, 0xED, 0xA0, 0x80, 0xFE, 0xFF, 0xE2, 0x82];
    let mut stream = (bad.len() as u64).to_le_bytes().to_vec();
    stream.extend_from_slice(bad);
    check_key(&ring, &naive, bad, &stream);
    check_key(&ring, &naive, &bad.to_vec(), &stream);
    check_raw(&ring, &naive, bad);

    // Huge: 1 MiB of bytes that are not UTF-8, and a 1 MiB string.
    let mut rng = common::Rng(0x1_0000);
    let huge: Vec<u8> = (0..1 << 20).map(|_| rng.next_u64() as u8).collect();
    assert!(std::str::from_utf8(&huge).is_err());
    let mut stream = (huge.len() as u64).to_le_bytes().to_vec();
    stream.extend_from_slice(&huge);
    check_key(&ring, &naive, &huge[..], &stream);
    check_raw(&ring, &naive, &huge);
    let text = "é".repeat(1 << 19);
    assert_eq!(text.len(), 1 << 20);
    let mut stream = text.as_bytes().to_vec();
    stream.push(0xFF);
    check_key(&ring, &naive, text.as_str(), &stream);
    // One byte more or less is another key.
    assert_ne!(
        ring.position_of_bytes(&huge),
        ring.position_of_bytes(&huge[..huge.len() - 1])
    );
}

#[test]
fn empty_huge_and_non_utf8_keys_are_placed_by_their_documented_bytes() {
    check_odd_keys(XxHash3::default());
    check_odd_keys(SipHash13::new_with_key(SECRET));
}

// ---------------------------------------------------------------------------
// Point counts over the limit: an error, with bounded memory.

/// Runs `f` and returns the most heap it held at once on this thread.
fn peak_bytes(f: impl FnOnce()) -> u64 {
    allocation_counter::measure(f).bytes_max
}

#[test]
fn points_over_the_limit_across_nodes_fail_without_allocating_points() {
    // Each weight alone fits; together they pass the limit. The running
    // total is checked before any point is hashed or stored, so the only
    // heap used is the batch's own bookkeeping (a few hundred bytes), not
    // the 256 MiB that 2^24 points would take.
    let half = (LIMIT / 2) as u32;
    let over = Error::TooManyPoints {
        requested: LIMIT + 1,
        limit: LIMIT,
    };
    let mut empty: HashRing<String> = HashRing::new();
    let batch = [
        ("node-x".to_string(), half),
        ("node-y".to_string(), half),
        ("node-z".to_string(), 1),
    ];
    let peak = peak_bytes(|| assert_eq!(empty.add_all(batch), Err(over)));
    assert!(peak < 4096, "a refused batch held {peak} bytes at peak");
    assert!(empty.is_empty());

    // A ring with points: growing one node, or planning one more, past the
    // limit.
    let mut ring: HashRing<String> = HashRing::new();
    ring.add_all((0..10).map(|i| (format!("node-{i}"), 100)))
        .unwrap();
    let before = ring.clone();
    let requested = LIMIT + 1;
    let want = Error::TooManyPoints {
        requested,
        limit: LIMIT,
    };
    let grow_to = (requested - 900) as u32; // 9 other nodes keep 900 points
    let node = "node-3".to_string();
    let new = "node-new".to_string();
    let peak = peak_bytes(|| {
        assert_eq!(ring.set_weight(&node, grow_to), Err(want));
        assert_eq!(
            ring.add_weighted(new.clone(), (requested - 1000) as u32),
            Err(want)
        );
        assert_eq!(
            ring.plan_add(new.clone(), (requested - 1000) as u32)
                .map(|_| ()),
            Err(want)
        );
    });
    assert!(peak < 4096, "refused weights held {peak} bytes at peak");
    assert!(ring == before);
}

#[test]
fn an_endless_token_iterator_fails_with_bounded_memory() {
    // An iterator with no size hint: the token list grows by doubling, is
    // read for at most MAX_POINTS + 1 tokens (the last one not stored), and
    // is then refused. Its capacity ends at 2^24 tokens (128 MiB), and
    // while growing from 2^23 it holds both buffers: at most 192 MiB at
    // once, as documented, never gigabytes.
    let mut ring: HashRing<String> = HashRing::new();
    ring.add_weighted("node-a".to_string(), 10).unwrap();
    let mut next = 0u64;
    let tokens = std::iter::from_fn(|| {
        next += 1;
        Some(next)
    });
    assert_eq!(tokens.size_hint(), (0, None));
    let node = "node-b".to_string();
    let peak = peak_bytes(|| {
        assert_eq!(
            ring.add_with_tokens(node, tokens),
            Err(Error::TooManyPoints {
                requested: 10 + LIMIT + 1,
                limit: LIMIT,
            })
        );
    });
    let bound = 3 * (8 << 23) + (1 << 16);
    assert!(
        peak <= bound,
        "an endless token iterator held {peak} bytes at peak, more than {bound}"
    );
    assert_eq!(next, LIMIT + 1, "read exactly MAX_POINTS + 1 tokens");
    assert_eq!(ring.point_count(), 10);
}
