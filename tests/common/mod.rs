//! Shared test helpers: the reference ring, a seeded generator, model
//! operations, and the checks that compare the crate with the contract.

#![allow(dead_code, unreachable_pub)]

pub mod naive;
pub mod plan_shape;

use std::fmt::Debug;
use std::hash::Hash;

use proptest::prelude::*;
use shardring::{HashRing, MigrationPlan, RingHasher};

pub use naive::NaiveRing;

/// A small seeded generator (splitmix64) for deterministic random inputs.
#[derive(Clone, Debug)]
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A value in `0..n` (n > 0); the tiny modulo bias does not matter here.
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }
}

/// One operation of a model-based test, on nodes named by a small index.
#[derive(Clone, Debug)]
pub enum Op {
    Add(u8),
    AddWeighted(u8, u32),
    AddWithTokens(u8, Vec<u64>),
    AddAll(Vec<(u8, u32)>),
    Remove(u8),
    SetWeight(u8, u32),
}

/// Fixture P of RING-CASES.md: node-a at 100, node-b at 200, node-c at 300.
pub fn fixture_p() -> HashRing<&'static str> {
    let mut ring = HashRing::new();
    ring.add_with_tokens("node-a", [100]).unwrap();
    ring.add_with_tokens("node-b", [200]).unwrap();
    ring.add_with_tokens("node-c", [300]).unwrap();
    ring
}

/// The node name for index `i`.
pub fn node_name(i: u8) -> String {
    format!("node-{i}")
}

/// Positions that make collisions and edges likely: a few fixed values, the
/// ends of the ring, and arbitrary ones.
pub fn position_strategy() -> impl Strategy<Value = u64> {
    prop_oneof![
        3 => prop::sample::select(vec![0u64, 1, 100, 200, 300, 500, u64::MAX - 1, u64::MAX]),
        1 => Just(1u64 << 63),
        4 => any::<u64>(),
    ]
}

/// Model operations on nodes `node-0..node-{nodes}` with weights capped at
/// `max_weight` (weight 0 included, to reach the error paths).
pub fn op_strategy(nodes: u8, max_weight: u32) -> impl Strategy<Value = Op> {
    let node = 0..nodes;
    let weight = 0..=max_weight;
    prop_oneof![
        1 => node.clone().prop_map(Op::Add),
        4 => (node.clone(), weight.clone()).prop_map(|(n, w)| Op::AddWeighted(n, w)),
        3 => (node.clone(), prop::collection::vec(position_strategy(), 0..5))
            .prop_map(|(n, t)| Op::AddWithTokens(n, t)),
        1 => prop::collection::vec((node.clone(), weight.clone()), 0..4).prop_map(Op::AddAll),
        3 => node.clone().prop_map(Op::Remove),
        3 => (node, weight).prop_map(|(n, w)| Op::SetWeight(n, w)),
    ]
}

/// `Op::Add` uses this weight in model tests, so that the reference ring
/// stays small (the crate's `add` uses `DEFAULT_VNODES`, checked elsewhere).
pub const MODEL_ADD_WEIGHT: u32 = 8;

/// Applies `op` to both rings; returns the two results.
pub fn apply<H: RingHasher>(
    ring: &mut HashRing<String, H>,
    naive: &mut NaiveRing<String, H>,
    op: &Op,
) -> (Result<(), shardring::Error>, Result<(), shardring::Error>) {
    match op {
        Op::Add(n) => (
            ring.add_weighted(node_name(*n), MODEL_ADD_WEIGHT),
            naive.add_weighted(node_name(*n), MODEL_ADD_WEIGHT),
        ),
        Op::AddWeighted(n, w) => (
            ring.add_weighted(node_name(*n), *w),
            naive.add_weighted(node_name(*n), *w),
        ),
        Op::AddWithTokens(n, t) => (
            ring.add_with_tokens(node_name(*n), t.iter().copied()),
            naive.add_with_tokens(node_name(*n), t.iter().copied()),
        ),
        Op::AddAll(batch) => {
            let batch: Vec<(String, u32)> = batch.iter().map(|&(n, w)| (node_name(n), w)).collect();
            (ring.add_all(batch.clone()), naive.add_all(batch))
        }
        Op::Remove(n) => (ring.remove(&node_name(*n)), naive.remove(&node_name(*n))),
        Op::SetWeight(n, w) => (
            ring.set_weight(&node_name(*n), *w),
            naive.set_weight(&node_name(*n), *w),
        ),
    }
}

/// Positions worth probing on a ring: every point's position and its
/// neighbours, both ends of the ring, and `extra` seeded random ones.
pub fn probe_positions<N, H>(ring: &HashRing<N, H>, rng: &mut Rng, extra: usize) -> Vec<u64> {
    let mut probes = vec![0, 1, u64::MAX - 1, u64::MAX];
    for (p, _) in ring.points() {
        probes.extend([p.wrapping_sub(1), p, p.wrapping_add(1)]);
    }
    probes.extend((0..extra).map(|_| rng.next_u64()));
    probes
}

/// Asserts that the ring's invariants hold and that it has the same points
/// (in ring order) and nodes (in identity order) as the reference ring;
/// returns the points.
pub fn assert_same_points<H: RingHasher>(
    ring: &HashRing<String, H>,
    naive: &NaiveRing<String, H>,
) -> Vec<(u64, String)> {
    ring.assert_invariants();
    let points: Vec<(u64, String)> = ring.points().map(|(p, n)| (p, n.clone())).collect();
    assert_eq!(
        points,
        naive.point_list(),
        "points() differ from the reference"
    );
    let nodes: Vec<String> = ring.nodes().cloned().collect();
    assert_eq!(
        nodes,
        naive.nodes_in_order(),
        "nodes() differ from the reference"
    );
    assert_eq!(ring.len(), naive.len());
    assert_eq!(ring.is_empty(), naive.len() == 0);
    points
}

/// Asserts that the ring and the reference ring agree: same points in the
/// same order, same nodes in identity order, same owner and replicas at the
/// probed positions, same exact shares.
pub fn assert_same_ring<H: RingHasher>(
    ring: &HashRing<String, H>,
    naive: &NaiveRing<String, H>,
    rng: &mut Rng,
) {
    assert_same_points(ring, naive);
    let nodes: Vec<String> = ring.nodes().cloned().collect();
    for h in probe_positions(ring, rng, 16) {
        assert_eq!(
            ring.locate_position(h).cloned(),
            naive.locate_position(h),
            "owner of {h}"
        );
    }
    for node in &nodes {
        let exact = naive.owned_len(node) as f64 / 2f64.powi(64);
        assert_eq!(ring.share(node), exact, "share of {node}");
    }
    let n = naive.len();
    for _ in 0..4 {
        let h = rng.next_u64();
        let want = naive.replicas_at(h, n + 1);
        let got: Vec<String> = ring.replicas_at(h, n + 1).cloned().collect();
        assert_eq!(got, want, "replicas at {h}");
    }
}

/// The plan check of RING-CASES.md plus the plan's shape invariants:
/// at every probed position (every point of both rings and its neighbours,
/// both ends, and random ones) the position changes owner exactly when a
/// move contains it, with the right `from` and `to`; ranges are sorted by
/// start (a wrapping range last), disjoint, and merged (no two moves that
/// touch end to start, across 0 too, share `from` and `to`);
/// `moved_fraction()` is the summed lengths over 2^64. Both rings must be
/// non-empty; for an empty side, the plan must be empty.
pub fn check_plan<N, H>(
    old: &HashRing<N, H>,
    new: &HashRing<N, H>,
    plan: &MigrationPlan<N>,
    rng: &mut Rng,
) where
    N: Hash + Eq + Clone + Debug,
    H: RingHasher,
{
    let moves = plan.moves();
    let total: u128 = moves.iter().map(|m| m.range.len()).sum();
    let fraction = plan.moved_fraction();
    assert!(fraction.is_finite() && (0.0..=1.0).contains(&fraction));
    assert!((fraction - total as f64 / 2f64.powi(64)).abs() < 1e-12);
    if old.is_empty() || new.is_empty() {
        assert!(moves.is_empty(), "a plan with an empty side has no moves");
        assert_eq!(fraction, 0.0);
        return;
    }
    plan_shape::assert_plan_shape(moves);
    assert!(total <= 1u128 << 64, "moves overlap");
    // Exactness at probed positions.
    let mut probes = probe_positions(old, rng, 64);
    probes.extend(probe_positions(new, rng, 0));
    for m in moves {
        probes.extend([
            m.range.start(),
            m.range.start().wrapping_add(1),
            m.range.end(),
        ]);
    }
    for h in probes {
        let (a, b) = (old.locate_position(h), new.locate_position(h));
        let hits: Vec<_> = moves.iter().filter(|m| m.range.contains(h)).collect();
        assert!(hits.len() <= 1, "position {h} lies in {} moves", hits.len());
        match hits.first() {
            Some(m) => {
                assert_eq!(a, Some(&m.from), "old owner of {h}");
                assert_eq!(b, Some(&m.to), "new owner of {h}");
            }
            None => assert_eq!(a, b, "position {h} changes owner outside every move"),
        }
    }
}
