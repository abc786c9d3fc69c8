//! Lookup: the owner of a position is the first point at or above it,
//! wrapping past `u64::MAX` to the smallest point; checked at the edges of
//! the ring, at the edges of every slice a lookup index could use, and
//! against the reference ring on random rings.

mod common;

use common::{NaiveRing, Op, Rng, apply, check_plan, fixture_p, op_strategy};
use proptest::prelude::*;
use shardring::{HashRange, HashRing, RingHasher, XxHash3, key_bytes};

/// A ring of one node per `(name, tokens)` pair.
fn token_ring(nodes: &[(&'static str, &[u64])]) -> HashRing<&'static str> {
    let mut ring = HashRing::new();
    for &(node, tokens) in nodes {
        ring.add_with_tokens(node, tokens.iter().copied()).unwrap();
    }
    ring
}

/// Builds the ring and the reference ring from the same operations; both
/// must give the same outcome for each.
fn build_from_ops(
    hasher: XxHash3,
    ops: &[Op],
) -> (HashRing<String, XxHash3>, NaiveRing<String, XxHash3>) {
    let mut ring = HashRing::with_hasher(hasher);
    let mut naive = NaiveRing::new(hasher);
    for op in ops {
        let (got, want) = apply(&mut ring, &mut naive, op);
        assert_eq!(got, want, "outcome of {op:?}");
    }
    (ring, naive)
}

/// The documented lookup rule applied to a sorted reference point list:
/// the first point whose position is `>= h`, else the first point.
fn reference_owner<N>(points: &[(u64, N)], h: u64) -> Option<&N> {
    if points.is_empty() {
        return None;
    }
    let i = points.partition_point(|&(p, _)| p < h);
    Some(&points[if i == points.len() { 0 } else { i }].1)
}

#[test]
fn lookup_above_largest_point_wraps_to_smallest() {
    let p = fixture_p();
    for h in [301, 1_000_000, u64::MAX - 1, u64::MAX] {
        assert_eq!(p.locate_position(h), Some(&"node-a"), "position {h}");
    }
    assert_eq!(p.locate_position(300), Some(&"node-c"));
    assert_eq!(p.locate_position(0), Some(&"node-a"));
    assert_eq!(p.locate_position(100), Some(&"node-a"));

    // 10,000 random positions on random rings agree with the reference ring
    // and always find an owner.
    let mut rng = Rng(0x05ee_dc01);
    for round in 0..20 {
        let mut ring = HashRing::new();
        let mut naive = NaiveRing::new(XxHash3::default());
        let nodes = 1 + rng.below(6);
        for i in 0..nodes {
            let name = format!("node-{i}");
            if rng.below(2) == 0 {
                // Tokens, some of them near the top of the ring.
                let count = 1 + rng.below(4) as usize;
                let mut tokens: Vec<u64> = Vec::new();
                while tokens.len() < count {
                    let t = match rng.below(3) {
                        0 => u64::MAX - rng.below(4),
                        _ => rng.next_u64(),
                    };
                    if !tokens.contains(&t) {
                        tokens.push(t);
                    }
                }
                ring.add_with_tokens(name.clone(), tokens.iter().copied())
                    .unwrap();
                naive.add_with_tokens(name, tokens).unwrap();
            } else {
                let w = 1 + rng.below(4) as u32;
                ring.add_weighted(name.clone(), w).unwrap();
                naive.add_weighted(name, w).unwrap();
            }
        }
        let reference = naive.point_list();
        assert_eq!(
            ring.points()
                .map(|(p, n)| (p, n.clone()))
                .collect::<Vec<_>>(),
            reference,
            "round {round}: points differ from the reference"
        );
        let largest = reference.last().unwrap().0;
        for _ in 0..500 {
            // Half of the probes lie above the largest point.
            let h = if rng.below(2) == 0 && largest < u64::MAX {
                largest + 1 + rng.below(u64::MAX - largest)
            } else {
                rng.next_u64()
            };
            let got = ring.locate_position(h);
            assert!(got.is_some(), "round {round}: no owner for {h}");
            assert_eq!(got, reference_owner(&reference, h), "round {round}: {h}");
        }
        // And the naive ring itself, at both ends and just past the largest.
        for h in [0, largest.wrapping_add(1), u64::MAX] {
            assert_eq!(ring.locate_position(h).cloned(), naive.locate_position(h));
        }
    }
}

#[test]
fn plan_range_may_cross_zero() {
    let p = fixture_p();
    let mut rng = Rng(0xc01);

    // A point above the largest takes (300, 400] from node-a.
    let mut with_d = p.clone();
    with_d.add_with_tokens("node-d", [400]).unwrap();
    let plan = p.diff(&with_d);
    assert_eq!(plan.moves().len(), 1, "{plan:?}");
    let m = &plan.moves()[0];
    assert_eq!(
        (m.range, m.from, m.to),
        (HashRange::new(300, 400), "node-a", "node-d")
    );
    assert_eq!(m.range.len(), 100);
    check_plan(&p, &with_d, &plan, &mut rng);

    // A point below the smallest takes (300, 50], across u64::MAX, as one move.
    let mut with_e = p.clone();
    with_e.add_with_tokens("node-e", [50]).unwrap();
    let plan = p.diff(&with_e);
    assert_eq!(plan.moves().len(), 1, "one move, not two: {plan:?}");
    let m = &plan.moves()[0];
    assert_eq!(
        (m.range, m.from, m.to),
        (HashRange::new(300, 50), "node-a", "node-e")
    );
    assert!(m.range.wraps());
    for h in [301, u64::MAX, 0, 50] {
        assert!(m.range.contains(h), "{h} lies in (300, 50]");
    }
    for h in [300, 51, 100] {
        assert!(!m.range.contains(h), "{h} lies outside (300, 50]");
    }
    assert_eq!(m.range.len(), (1u128 << 64) - 250);
    check_plan(&p, &with_e, &plan, &mut rng);

    // The whole ring changes owner: one move with start == end.
    let a = token_ring(&[("node-a", &[100])]);
    let b = token_ring(&[("node-b", &[100])]);
    let plan = a.diff(&b);
    assert_eq!(plan.moves().len(), 1, "{plan:?}");
    let m = &plan.moves()[0];
    assert_eq!((m.from, m.to), ("node-a", "node-b"));
    assert_eq!((m.range.start(), m.range.end()), (100, 100));
    assert_eq!(m.range.len(), 1u128 << 64);
    assert_eq!(plan.moved_fraction(), 1.0);
    for h in [0, 99, 100, 101, u64::MAX] {
        assert!(m.range.contains(h));
    }
    check_plan(&a, &b, &plan, &mut rng);
}

#[test]
fn lookup_at_ring_edges_always_finds_owner() {
    // One node with one point owns every position.
    let one = token_ring(&[("node-a", &[7])]);
    for h in [0, 6, 7, 8, u64::MAX - 1, u64::MAX] {
        assert_eq!(one.locate_position(h), Some(&"node-a"), "position {h}");
        assert_eq!(
            one.replicas_at(h, 3).collect::<Vec<_>>(),
            [&"node-a"],
            "replicas at {h}"
        );
    }

    let p = fixture_p();
    assert_eq!(p.locate_position(301), Some(&"node-a"));
    assert_eq!(p.locate_position(u64::MAX), Some(&"node-a"));

    // Tokens at both extremes of the ring.
    let ends = token_ring(&[("node-a", &[0]), ("node-b", &[u64::MAX])]);
    assert_eq!(ends.locate_position(0), Some(&"node-a"));
    assert_eq!(ends.locate_position(1), Some(&"node-b"));
    assert_eq!(ends.locate_position(u64::MAX - 1), Some(&"node-b"));
    assert_eq!(ends.locate_position(u64::MAX), Some(&"node-b"));

    // node-a at 0 takes the one position 0 from node-b: the range
    // (u64::MAX, 0], of length 1.
    let only_b = token_ring(&[("node-b", &[u64::MAX])]);
    let plan = only_b.diff(&ends);
    assert_eq!(plan.moves().len(), 1, "{plan:?}");
    let m = &plan.moves()[0];
    assert_eq!(
        (m.range, m.from, m.to),
        (HashRange::new(u64::MAX, 0), "node-b", "node-a")
    );
    assert_eq!(m.range.len(), 1);
    assert!(m.range.contains(0) && !m.range.contains(1) && !m.range.contains(u64::MAX));
    check_plan(&only_b, &ends, &plan, &mut Rng(0xc02));

    // An edge table against the reference ring: rings with points at and
    // next to both ends, probed at both ends and around every point.
    let tables: &[&[(&str, &[u64])]] = &[
        &[("node-a", &[0])],
        &[("node-a", &[u64::MAX])],
        &[("node-a", &[0, u64::MAX])],
        &[("node-a", &[0]), ("node-b", &[u64::MAX])],
        &[("node-a", &[u64::MAX]), ("node-b", &[0])],
        &[("node-a", &[1, u64::MAX - 1]), ("node-b", &[0, u64::MAX])],
        &[("node-a", &[u64::MAX]), ("node-b", &[u64::MAX])],
        &[("node-a", &[0]), ("node-b", &[0]), ("node-c", &[1 << 63])],
        &[("node-a", &[(1 << 63) - 1]), ("node-b", &[1 << 63])],
    ];
    for &nodes in tables {
        let ring = token_ring(nodes);
        let mut naive = NaiveRing::new(XxHash3::default());
        for &(node, tokens) in nodes {
            naive.add_with_tokens(node, tokens.iter().copied()).unwrap();
        }
        let mut probes = vec![0, 1, 2, 1 << 63, u64::MAX - 2, u64::MAX - 1, u64::MAX];
        for &(_, tokens) in nodes {
            for &t in tokens {
                probes.extend([t.wrapping_sub(1), t, t.wrapping_add(1)]);
            }
        }
        for h in probes {
            let got = ring.locate_position(h);
            assert!(got.is_some(), "{nodes:?}: no owner for {h}");
            assert_eq!(got.copied(), naive.locate_position(h), "{nodes:?} at {h}");
        }
    }
}

#[test]
fn positions_below_smallest_point_go_to_smallest_point() {
    let p = fixture_p();
    for h in [0, 1, 99, 100] {
        assert_eq!(p.locate_position(h), Some(&"node-a"), "position {h}");
    }
    assert_eq!(p.locate_position(101), Some(&"node-b"));
}

proptest! {
    /// On any non-empty ring, every position at or below the smallest point
    /// belongs to the node of the first point in collision order.
    #[test]
    fn positions_below_smallest_point_go_to_its_owner(
        ops in prop::collection::vec(op_strategy(6, 8), 1..12),
        seed in 0u64..4,
        fractions in prop::collection::vec(0.0f64..=1.0, 8),
    ) {
        let (ring, naive) = build_from_ops(XxHash3::with_seed(seed), &ops);
        let reference = naive.point_list();
        prop_assume!(!reference.is_empty());
        let (smallest, owner) = &reference[0];
        let mut probes = vec![0, smallest / 2, smallest.saturating_sub(1), *smallest];
        probes.extend(fractions.iter().map(|f| (*smallest as f64 * f) as u64));
        for h in probes {
            let h = h.min(*smallest);
            prop_assert_eq!(ring.locate_position(h), Some(owner), "position {}", h);
            prop_assert_eq!(ring.locate_position(h), ring.locate_position(*smallest));
        }
    }
}

/// First and last positions of the slices of `2^k` positions, for every
/// `k` from 44 to 63 (the slice sizes of a radix index over 1 to 20 top
/// bits). Where there are more than 2^12 slices, every slice is taken for
/// the `full` slice sizes, and a stride plus the first and last slices for
/// the others.
fn slice_edges(full: &[u32], rng: &mut Rng) -> Vec<u64> {
    let mut out = Vec::new();
    for k in 44..=63u32 {
        let slices = 1u64 << (64 - k);
        let step = if full.contains(&k) {
            1
        } else {
            (slices >> 12).max(1)
        };
        let mut edges = |s: u64| {
            out.push(s << k);
            out.push((s << k) | ((1u64 << k) - 1));
        };
        for s in (0..slices).step_by(step as usize) {
            edges(s);
        }
        if step > 1 {
            for s in (0..16).chain(slices - 16..slices) {
                edges(s);
            }
            for _ in 0..256 {
                edges(rng.below(slices));
            }
        }
    }
    out
}

/// The slice sizes `2^k` an index of about one bucket per point would use
/// for `points` points: a bucket count of `2^bits` with `bits` the floor or
/// the ceiling of log2(points), clamped to 1..=20.
fn likely_slice_sizes(points: usize) -> Vec<u32> {
    let floor = points.ilog2();
    let ceil = if points.is_power_of_two() {
        floor
    } else {
        floor + 1
    };
    [floor, ceil]
        .into_iter()
        .map(|bits| 64 - bits.clamp(1, 20))
        .collect()
}

/// Checks `locate_position` against the documented rule on the reference
/// ring's point list, at every slice edge and around every point.
fn check_slice_edges(ring: &HashRing<String>, naive: &NaiveRing<String, XxHash3>, seed: u64) {
    let reference: Vec<(u64, &String)> = naive.points().iter().map(|p| (p.pos, p.node)).collect();
    assert!(
        ring.points().eq(reference.iter().copied()),
        "points() differ from the reference"
    );
    let mut rng = Rng(seed);
    let mut probes = slice_edges(&likely_slice_sizes(reference.len()), &mut rng);
    for &(p, _) in &reference {
        probes.extend([p.wrapping_sub(1), p, p.wrapping_add(1)]);
    }
    for h in probes {
        assert_eq!(
            ring.locate_position(h),
            reference_owner(&reference, h).copied(),
            "position {h:#018x} on a ring of {} points",
            reference.len()
        );
    }
}

#[test]
fn lookup_agrees_with_reference_at_slice_edges() {
    let names: Vec<String> = ["node-a", "node-b", "node-c", "node-d", "node-e"]
        .iter()
        .map(ToString::to_string)
        .collect();

    // One node at the default weight.
    let mut ring = HashRing::new();
    let mut naive = NaiveRing::new(XxHash3::default());
    ring.add(names[0].clone()).unwrap();
    naive
        .add_weighted(names[0].clone(), shardring::DEFAULT_VNODES)
        .unwrap();
    check_slice_edges(&ring, &naive, 1);

    // node-a to node-e at the default weight.
    for name in &names[1..] {
        ring.add(name.clone()).unwrap();
        naive
            .add_weighted(name.clone(), shardring::DEFAULT_VNODES)
            .unwrap();
    }
    check_slice_edges(&ring, &naive, 5);

    // 1000 nodes at the default weight.
    let many: Vec<(String, u32)> = (0..1000)
        .map(|i| (format!("node-{i}"), shardring::DEFAULT_VNODES))
        .collect();
    let mut ring = HashRing::new();
    let mut naive = NaiveRing::new(XxHash3::default());
    ring.add_all(many.clone()).unwrap();
    for (node, weight) in many {
        naive.add_weighted(node, weight).unwrap();
    }
    ring.assert_invariants();
    check_slice_edges(&ring, &naive, 1000);

    // The cheap differential test against the reference ring's own linear
    // scan, on a smaller ring: s * 2^54 and (s + 1) * 2^54 - 1.
    let mut ring = HashRing::new();
    let mut naive = NaiveRing::new(XxHash3::default());
    for name in &names {
        ring.add_weighted(name.clone(), 16).unwrap();
        naive.add_weighted(name.clone(), 16).unwrap();
    }
    for s in 0..1024u64 {
        for h in [s << 54, (s << 54) + ((1 << 54) - 1)] {
            assert_eq!(
                ring.locate_position(h).cloned(),
                naive.locate_position(h),
                "position {h:#018x}"
            );
        }
    }
}

#[test]
fn empty_ring_answers_none() {
    let ring: HashRing<String> = HashRing::new();
    for h in [0, 1, 1 << 63, u64::MAX] {
        assert_eq!(ring.locate_position(h), None);
    }
    assert_eq!(ring.locate("k"), None);
    assert_eq!(ring.locate(&0u64), None);
    assert_eq!(ring.locate_bytes(b""), None);
    assert_eq!(ring.locate_bytes(b"k"), None);
    // The position of a key does not need members.
    assert_eq!(
        ring.position("k"),
        XxHash3::default().hash_bytes(&key_bytes("k"))
    );

    // Emptied again after a member came and went.
    let mut ring = ring;
    ring.add_with_tokens("node-a".to_string(), [0, u64::MAX])
        .unwrap();
    ring.remove(&"node-a".to_string()).unwrap();
    assert_eq!(ring.locate_position(0), None);
    assert_eq!(ring.locate_position(u64::MAX), None);
    assert_eq!(ring.locate("k"), None);
}

/// A key of one of several shapes that hash differently.
#[derive(Clone, Debug, Hash)]
enum Key {
    Text(String),
    Int(u64),
    Bytes(Vec<u8>),
    Pair(u32, String),
}

fn key_strategy() -> impl Strategy<Value = Key> {
    prop_oneof![
        ".{0,12}".prop_map(Key::Text),
        any::<u64>().prop_map(Key::Int),
        prop::collection::vec(any::<u8>(), 0..24).prop_map(Key::Bytes),
        (any::<u32>(), "[a-z]{0,6}").prop_map(|(a, b)| Key::Pair(a, b)),
    ]
}

/// `locate` of the key's own type (not of the `Key` wrapper).
fn locate_key<'a>(ring: &'a HashRing<String>, key: &Key) -> Option<&'a String> {
    match key {
        Key::Text(s) => ring.locate(s.as_str()),
        Key::Int(i) => ring.locate(i),
        Key::Bytes(b) => ring.locate(b.as_slice()),
        Key::Pair(a, b) => ring.locate(&(*a, b.clone())),
    }
}

fn position_key(ring: &HashRing<String>, key: &Key) -> u64 {
    match key {
        Key::Text(s) => ring.position(s.as_str()),
        Key::Int(i) => ring.position(i),
        Key::Bytes(b) => ring.position(b.as_slice()),
        Key::Pair(a, b) => ring.position(&(*a, b.clone())),
    }
}

fn key_stream(key: &Key) -> Vec<u8> {
    match key {
        Key::Text(s) => key_bytes(s.as_str()),
        Key::Int(i) => key_bytes(i),
        Key::Bytes(b) => key_bytes(b.as_slice()),
        Key::Pair(a, b) => key_bytes(&(*a, b.clone())),
    }
}

proptest! {
    #[test]
    fn locate_matches_reference(
        ops in prop::collection::vec(op_strategy(8, 16), 0..16),
        seed in 0u64..8,
        positions in prop::collection::vec(common::position_strategy(), 1..12),
        keys in prop::collection::vec(key_strategy(), 1..8),
        raw in prop::collection::vec(prop::collection::vec(any::<u8>(), 0..16), 1..4),
    ) {
        let hasher = XxHash3::with_seed(seed);
        let (ring, naive) = build_from_ops(hasher, &ops);
        let reference = naive.point_list();
        prop_assert!(ring.points().map(|(p, n)| (p, n.clone())).eq(reference.iter().cloned()));

        let mut probes = positions;
        if let (Some(first), Some(last)) = (reference.first(), reference.last()) {
            probes.extend([first.0, first.0.wrapping_sub(1), last.0, last.0.wrapping_add(1)]);
        }
        for h in probes {
            prop_assert_eq!(ring.locate_position(h).cloned(), naive.locate_position(h), "position {}", h);
            prop_assert_eq!(ring.locate_position(h), reference_owner(&reference, h));
        }
        for key in &keys {
            let want_pos = hasher.hash_bytes(&key_stream(key));
            prop_assert_eq!(position_key(&ring, key), want_pos);
            prop_assert_eq!(locate_key(&ring, key), reference_owner(&reference, want_pos));
            prop_assert_eq!(locate_key(&ring, key), ring.locate_position(position_key(&ring, key)));
        }
        // The generic path, through the wrapper's own Hash.
        if let Some(key) = keys.first() {
            prop_assert_eq!(ring.locate(key).cloned(), naive.locate(key));
        }
        for bytes in &raw {
            let want_pos = hasher.hash_bytes(bytes);
            prop_assert_eq!(ring.position_of_bytes(bytes), want_pos);
            prop_assert_eq!(ring.locate_bytes(bytes), reference_owner(&reference, want_pos));
            prop_assert_eq!(ring.locate_bytes(bytes), ring.locate_position(ring.position_of_bytes(bytes)));
        }
        if ring.is_empty() {
            prop_assert_eq!(ring.locate_position(0), None);
            prop_assert_eq!(ring.locate_bytes(b"k"), None);
        } else {
            prop_assert!(ring.locate_position(u64::MAX).is_some());
        }
    }
}
