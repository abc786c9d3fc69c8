//! Model-based tests: random operation sequences applied to the ring and to
//! the reference ring, compared after every step, failing calls included.

mod common;

use common::{NaiveRing, Op, Rng, apply, assert_same_ring, check_plan, op_strategy};
use proptest::prelude::*;
use shardring::{HashRing, RingHasher, SipHash13, XxHash3};

fn run_ops<H: shardring::RingHasher>(hasher: H, ops: &[Op], seed: u64) {
    let mut ring = HashRing::with_hasher(hasher.clone());
    let mut naive = NaiveRing::new(hasher);
    let mut rng = Rng(seed);
    for op in ops {
        let before = ring.clone();
        let (got, want) = apply(&mut ring, &mut naive, op);
        assert_eq!(got, want, "outcome of {op:?}");
        if got.is_err() {
            assert!(ring == before, "a failed {op:?} changed the ring");
        } else {
            check_plan(&before, &ring, &before.diff(&ring), &mut rng);
        }
        assert_same_ring(&ring, &naive, &mut rng);
        assert!(
            ring.point_heap_bytes() <= 16 * ring.point_count() + 12,
            "heap of {} bytes for {} points",
            ring.point_heap_bytes(),
            ring.point_count()
        );
        assert_previews_equal_diff(&ring, &mut rng);
    }
}

/// `plan_add` and `plan_remove` leave the ring unchanged, fail exactly as
/// `add_weighted` and `remove` do, and equal the diff to the changed ring.
fn assert_previews_equal_diff<H: shardring::RingHasher>(ring: &HashRing<String, H>, rng: &mut Rng) {
    let before = ring.clone();
    let candidate = common::node_name(rng.below(10) as u8);
    let weight = rng.below(12) as u32;
    let mut after = ring.clone();
    match (
        ring.plan_add(candidate.clone(), weight),
        after.add_weighted(candidate, weight),
    ) {
        (Ok(plan), Ok(())) => assert_eq!(plan, ring.diff(&after), "plan_add differs from diff"),
        (Err(a), Err(b)) => assert_eq!(a, b),
        (a, b) => panic!("plan_add gave {a:?} but add_weighted gave {b:?}"),
    }
    let victim = common::node_name(rng.below(10) as u8);
    let mut after = ring.clone();
    match (ring.plan_remove(&victim), after.remove(&victim)) {
        (Ok(plan), Ok(())) => assert_eq!(plan, ring.diff(&after), "plan_remove differs from diff"),
        (Err(a), Err(b)) => assert_eq!(a, b),
        (a, b) => panic!("plan_remove gave {a:?} but remove gave {b:?}"),
    }
    assert!(*ring == before, "a preview changed the ring");
}

/// A deliberately bad hasher that sends every input to one of six
/// positions (the ring's ends among them), so vnodes of different nodes,
/// and of one node, collide all the time: the collision order, shrinking a
/// weight with colliding vnodes, and previews at shared positions all get
/// exercised, which XXH3 and `SipHash` practically never do.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct Coarse;

/// Buffers the bytes, so any split across writes gives the same result.
#[derive(Debug)]
struct CoarseStream(Vec<u8>);

impl std::hash::Hasher for CoarseStream {
    fn write(&mut self, bytes: &[u8]) {
        self.0.extend_from_slice(bytes);
    }
    fn finish(&self) -> u64 {
        const SPOTS: [u64; 6] = [0, 1, 500, 1 << 63, u64::MAX - 1, u64::MAX];
        let h = shardring::XxHash3::default().hash_bytes(&self.0);
        SPOTS[(h % 6) as usize]
    }
}

impl shardring::RingHasher for Coarse {
    type Stream = CoarseStream;
    fn stream(&self) -> CoarseStream {
        CoarseStream(Vec::new())
    }
}

proptest! {
    #[test]
    fn ops_match_reference_ring_when_every_point_collides(
        ops in prop::collection::vec(op_strategy(6, 10), 1..30),
        seed: u64,
    ) {
        run_ops(Coarse, &ops, seed);
    }

    #[test]
    fn ops_match_reference_ring(ops in prop::collection::vec(op_strategy(8, 16), 1..40), seed: u64) {
        run_ops(XxHash3::default(), &ops, seed);
    }

    #[test]
    fn ops_match_reference_ring_with_siphash(ops in prop::collection::vec(op_strategy(6, 12), 1..30), seed: u64) {
        run_ops(SipHash13::new_with_key(*b"an unguessed key"), &ops, seed);
    }
}
