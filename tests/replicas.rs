//! Replicas: `min(n, nodes)` distinct nodes, owner first, in the order
//! their points follow from the key's position, wrapping round the ring;
//! prefix-stable in `n` and never looping, checked against the reference
//! ring.

mod common;

use std::collections::BTreeSet;

use common::{NaiveRing, Op, Rng, apply, fixture_p, op_strategy, position_strategy};
use proptest::prelude::*;
use shardring::{HashRing, RingHasher, XxHash3, key_bytes};

fn walk<N, H>(ring: &HashRing<N, H>, h: u64, n: usize) -> Vec<&N> {
    ring.replicas_at(h, n).collect()
}

/// How one node of a random ring gets its points.
#[derive(Clone, Debug)]
enum Spec {
    Weight(u32),
    Tokens(Vec<u64>),
}

/// Rings of up to 8 nodes through the model operations (removals and
/// reweights included), or of 17 to 35 nodes (more than the inline
/// capacity of 16) with small weights and some colliding tokens.
fn ring_strategy() -> impl Strategy<Value = (Vec<Op>, Vec<Spec>)> {
    let spec = prop_oneof![
        3 => (1u32..=3).prop_map(Spec::Weight),
        1 => prop::collection::vec(position_strategy(), 1..3).prop_map(Spec::Tokens),
    ];
    prop_oneof![
        3 => prop::collection::vec(op_strategy(8, 16), 0..16).prop_map(|ops| (ops, Vec::new())),
        1 => prop::collection::vec(spec, 17..36).prop_map(|specs| (Vec::new(), specs)),
    ]
}

/// Builds the ring and the reference ring; every call must give the same
/// outcome on both.
fn build(
    (ops, specs): &(Vec<Op>, Vec<Spec>),
    seed: u64,
) -> (HashRing<String>, NaiveRing<String, XxHash3>) {
    let hasher = XxHash3::with_seed(seed);
    let mut ring = HashRing::with_hasher(hasher);
    let mut naive = NaiveRing::new(hasher);
    for op in ops {
        let (got, want) = apply(&mut ring, &mut naive, op);
        assert_eq!(got, want, "outcome of {op:?}");
    }
    for (i, spec) in specs.iter().enumerate() {
        let name = format!("node-{i}");
        let (got, want) = match spec {
            Spec::Weight(w) => (
                ring.add_weighted(name.clone(), *w),
                naive.add_weighted(name, *w),
            ),
            Spec::Tokens(t) => (
                ring.add_with_tokens(name.clone(), t.iter().copied()),
                naive.add_with_tokens(name, t.iter().copied()),
            ),
        };
        assert_eq!(got, want, "outcome of adding {spec:?}");
    }
    (ring, naive)
}

/// Positions worth walking from: a random one, both ends, and the points
/// of the ring around the largest and smallest.
fn walk_positions(ring: &HashRing<String>, h: u64) -> Vec<u64> {
    let mut out = vec![h, 0, u64::MAX];
    if let (Some((first, _)), Some((last, _))) = (ring.points().next(), ring.points().last()) {
        out.extend([first, last, last.wrapping_add(1)]);
    }
    out
}

#[test]
fn replica_walk_wraps_past_largest_point() {
    let p = fixture_p();
    assert_eq!(walk(&p, 250, 3), [&"node-c", &"node-a", &"node-b"]);
    assert_eq!(walk(&p, 301, 3), [&"node-a", &"node-b", &"node-c"]);
    assert_eq!(walk(&p, u64::MAX, 3), [&"node-a", &"node-b", &"node-c"]);
    assert_eq!(walk(&p, 300, 3), [&"node-c", &"node-a", &"node-b"]);
    assert_eq!(walk(&p, 201, 2), [&"node-c", &"node-a"]);

    // From every position, n = node count yields every node once.
    let mut rng = Rng(0xc05);
    for seed in 0..20 {
        let mut ring = HashRing::with_hasher(XxHash3::with_seed(seed));
        let mut naive = NaiveRing::new(XxHash3::with_seed(seed));
        let nodes = 1 + rng.below(9);
        for i in 0..nodes {
            let w = 1 + rng.below(5) as u32;
            ring.add_weighted(format!("node-{i}"), w).unwrap();
            naive.add_weighted(format!("node-{i}"), w).unwrap();
        }
        let all: BTreeSet<&String> = ring.nodes().collect();
        let mut probes: Vec<u64> = vec![0, u64::MAX];
        probes.extend(ring.points().map(|(p, _)| p.wrapping_add(1)));
        probes.extend((0..20).map(|_| rng.next_u64()));
        for h in probes {
            let got = walk(&ring, h, ring.len());
            assert_eq!(got.len(), ring.len(), "every node at {h}");
            assert_eq!(got.iter().copied().collect::<BTreeSet<_>>(), all);
            let want = naive.replicas_at(h, ring.len());
            assert!(got.into_iter().eq(want.iter()), "walk from {h}");
        }
    }
}

#[test]
fn replicas_returns_n_nodes_when_n_nodes_exist() {
    let mut ring = HashRing::new();
    ring.add_with_tokens("node-a", [100, 110, 120]).unwrap();
    ring.add_with_tokens("node-b", [200]).unwrap();
    assert_eq!(walk(&ring, 150, 2), [&"node-b", &"node-a"]);
    assert_eq!(walk(&ring, 205, 2), [&"node-a", &"node-b"]);
    // From inside node-a's run of points, the walk still leaves it.
    assert_eq!(walk(&ring, 105, 2), [&"node-a", &"node-b"]);
    assert_eq!(walk(&ring, 120, 2), [&"node-a", &"node-b"]);
    assert_eq!(walk(&ring, 0, 2), [&"node-a", &"node-b"]);
}

#[test]
fn replicas_caps_at_node_count() {
    // Empty ring: nothing, whatever n.
    let empty: HashRing<&str> = HashRing::new();
    for n in [0, 1, 3, 17, usize::MAX] {
        assert_eq!(empty.replicas("k", n).count(), 0);
        assert_eq!(empty.replicas_at(u64::MAX, n).len(), 0);
    }

    // One node: exactly that node, and then nothing more.
    let mut one = HashRing::new();
    one.add("node-a").unwrap();
    let mut it = one.replicas("k", 3);
    assert_eq!(it.len(), 1);
    assert_eq!(it.next(), Some(&"node-a"));
    assert_eq!(it.next(), None);
    assert_eq!(it.next(), None);
    assert_eq!(
        one.replicas_at(0, usize::MAX).collect::<Vec<_>>(),
        [&"node-a"]
    );

    // Two nodes of 200 points: exactly both, owner first.
    let mut two = HashRing::new();
    two.add_weighted("node-a", 200).unwrap();
    two.add_weighted("node-b", 200).unwrap();
    let got: Vec<_> = two.replicas("k", 5).collect();
    assert_eq!(got.len(), 2);
    assert_eq!(Some(got[0]), two.locate("k"));
    assert_eq!(
        got.iter().copied().collect::<BTreeSet<_>>(),
        BTreeSet::from([&"node-a", &"node-b"])
    );

    // A light node appears in every two-node walk.
    let mut skewed = HashRing::new();
    skewed.add_weighted("node-a", 1000).unwrap();
    skewed.add_weighted("node-b", 1).unwrap();
    let mut rng = Rng(0xc07);
    let mut probes = vec![0, 1, u64::MAX - 1, u64::MAX];
    for (p, _) in skewed.points() {
        probes.extend([p.wrapping_sub(1), p, p.wrapping_add(1)]);
    }
    probes.extend((0..1000).map(|_| rng.next_u64()));
    for h in probes {
        let got = walk(&skewed, h, 2);
        assert_eq!(got.len(), 2, "at {h}");
        assert_eq!(
            got.iter().copied().collect::<BTreeSet<_>>(),
            BTreeSet::from([&"node-a", &"node-b"]),
            "at {h}"
        );
        assert_eq!(Some(got[0]), skewed.locate_position(h));
    }

    // n = 0 yields nothing; the largest n yields both, with no allocation.
    assert_eq!(skewed.replicas("k", 0).len(), 0);
    assert_eq!(skewed.replicas("k", 0).next(), None);
    assert_eq!(skewed.replicas_at(0, 0).count(), 0);
    let mut got: Vec<&&str> = Vec::with_capacity(4);
    let allocations = allocation_counter::measure(|| {
        got.extend(skewed.replicas("k", usize::MAX));
    })
    .count_total;
    assert_eq!(got.len(), 2);
    assert_eq!(
        allocations, 0,
        "replicas(k, usize::MAX) on two nodes allocated"
    );
}

#[test]
fn replicas_above_inline_capacity_are_distinct_and_match_reference() {
    let mut ring = HashRing::new();
    let mut naive = NaiveRing::new(XxHash3::default());
    for i in 0..40 {
        let w = 1 + i % 4;
        ring.add_weighted(format!("node-{i}"), w).unwrap();
        naive.add_weighted(format!("node-{i}"), w).unwrap();
    }
    let mut rng = Rng(0x16);
    let mut probes = vec![0, u64::MAX];
    probes.extend((0..30).map(|_| rng.next_u64()));
    for h in probes {
        for n in [16, 17, 30, 39, 40, 41, usize::MAX] {
            let got: Vec<&String> = walk(&ring, h, n);
            assert_eq!(got.len(), n.min(40), "n = {n} at {h}");
            let distinct: BTreeSet<_> = got.iter().collect();
            assert_eq!(distinct.len(), got.len(), "distinct, n = {n} at {h}");
            assert!(
                got.iter().copied().eq(naive.replicas_at(h, n).iter()),
                "n = {n} at {h}"
            );
        }
    }
}

proptest! {
    #[test]
    fn replicas_match_reference(
        spec in ring_strategy(),
        seed in 0u64..4,
        h in position_strategy(),
        extra in 0usize..3,
        key in ".{0,10}",
    ) {
        let (ring, naive) = build(&spec, seed);
        let n_max = ring.len() + extra;
        for at in walk_positions(&ring, h) {
            for n in [0, 1, 2, ring.len().saturating_sub(1), n_max] {
                let got: Vec<String> = ring.replicas_at(at, n).cloned().collect();
                prop_assert_eq!(got, naive.replicas_at(at, n), "n = {} at {}", n, at);
            }
        }
        // replicas(key, n) walks from the key's documented position.
        let pos = naive.hasher.hash_bytes(&key_bytes(key.as_str()));
        prop_assert_eq!(ring.position(key.as_str()), pos);
        let got: Vec<String> = ring.replicas(key.as_str(), n_max).cloned().collect();
        prop_assert_eq!(got, naive.replicas_at(pos, n_max));
    }

    #[test]
    fn replicas_prefix_stable(
        spec in ring_strategy(),
        seed in 0u64..4,
        h in position_strategy(),
    ) {
        let (ring, _) = build(&spec, seed);
        for at in walk_positions(&ring, h) {
            let mut shorter = walk(&ring, at, 0);
            for n in 1..=ring.len() + 1 {
                let longer = walk(&ring, at, n);
                prop_assert!(longer.starts_with(&shorter), "n = {} at {}", n, at);
                shorter = longer;
            }
        }
    }

    #[test]
    fn replicas_distinct_owner_first(
        spec in ring_strategy(),
        seed in 0u64..4,
        h in position_strategy(),
    ) {
        let (ring, _) = build(&spec, seed);
        for at in walk_positions(&ring, h) {
            for n in 1..=ring.len() {
                let got = walk(&ring, at, n);
                prop_assert_eq!(got.len(), n);
                prop_assert_eq!(got.iter().collect::<BTreeSet<_>>().len(), n, "distinct");
                prop_assert_eq!(Some(got[0]), ring.locate_position(at));
                prop_assert!(got.iter().all(|node| ring.contains(node)));
            }
        }
    }

    #[test]
    fn replicas_never_loop(
        spec in ring_strategy(),
        seed in 0u64..4,
        h in position_strategy(),
        n in prop_oneof![Just(usize::MAX), Just(usize::MAX / 2), 0usize..1000, any::<usize>()],
    ) {
        let (ring, _) = build(&spec, seed);
        let n = n.max(ring.len() + 1);
        let mut it = ring.replicas_at(h, n);
        prop_assert_eq!(it.len(), ring.len());
        prop_assert_eq!(it.size_hint(), (ring.len(), Some(ring.len())));
        let mut yielded = 0;
        while let Some(_node) = it.next() {
            yielded += 1;
            prop_assert!(yielded <= ring.len(), "more items than nodes");
            prop_assert_eq!(it.len(), ring.len() - yielded, "len() after {} items", yielded);
        }
        prop_assert_eq!(yielded, ring.len());
        prop_assert_eq!(it.next(), None, "fused");
        prop_assert_eq!(ring.replicas_at(h, n).count(), ring.replicas_at(h, n).len());
    }
}
