//! The `ops` target: operations on the ring and on the reference ring,
//! compared after every step.

use std::fmt::Debug;
use std::hash::Hash;

use shardring::{DEFAULT_VNODES, Error, HashRing, Move, RingHasher, key_bytes};

use crate::check::{
    assert_replicas, assert_same_ring, check_plan, check_plan_add, check_plan_remove,
};
use crate::input::{Key, Node, Op, OpsInput};
use crate::{FuzzHasher, NaiveRing};

/// Runs `input.ops` on a ring and a reference ring with `hasher`. After
/// every step: the two rings are the same (see [`assert_same_ring`]); a
/// failed call gave the reference's error and left the ring exactly as it
/// was; a successful change's diff is an exact plan that moves keys only to
/// or from the nodes the call named; lookups, replicas and previews agree
/// with the reference and change nothing.
pub fn run(hasher: FuzzHasher, input: &OpsInput) {
    let probes: Vec<u64> = input.probes.0.iter().map(|p| p.0).collect();
    let mut ring = HashRing::with_hasher(hasher);
    let mut naive = NaiveRing::new(hasher);
    let mut points = assert_same_ring(&ring, &naive, &[], &probes);
    for op in &input.ops {
        let before = ring.clone();
        match op {
            Op::Locate(key) => {
                check_key(&ring, &naive, key);
            }
            Op::Replicas(key, n) => {
                let h = check_key(&ring, &naive, key);
                if let Key::Str(s) = key {
                    let by_key: Vec<&Node> = ring.replicas(s.as_str(), n.0).collect();
                    let by_pos: Vec<&Node> = ring.replicas_at(h, n.0).collect();
                    assert_eq!(by_key, by_pos, "replicas({s:?}, {})", n.0);
                }
                assert_replicas(&ring, &naive, h, n.0);
                if n.0 < usize::MAX {
                    let longer: Vec<&Node> = ring.replicas_at(h, n.0 + 1).collect();
                    let shorter: Vec<&Node> = ring.replicas_at(h, n.0).collect();
                    assert!(
                        longer.starts_with(&shorter),
                        "replicas(h, n) a prefix of n + 1"
                    );
                }
            }
            Op::Add(node) => {
                let (mut by_add, mut by_weight) = (ring.clone(), ring.clone());
                let added = by_add.add(node.clone());
                assert_eq!(
                    added,
                    by_weight.add_weighted(node.clone(), DEFAULT_VNODES),
                    "add({node:?})"
                );
                let mut naive_after = naive.clone();
                assert_eq!(
                    added,
                    naive_after.add_weighted(node.clone(), DEFAULT_VNODES),
                    "add({node:?})"
                );
                by_add.assert_invariants();
                assert!(
                    by_add == by_weight,
                    "add({node:?}) differs from add_weighted"
                );
            }
            Op::PlanAdd(node, w) => check_plan_add(&ring, &naive, &points, node, w.0, &probes),
            Op::PlanRemove(node) => check_plan_remove(&ring, &naive, &points, node, &probes),
            _ => {
                let (got, want) = apply(&mut ring, &mut naive, op);
                assert_eq!(got, want, "outcome of {op:?}");
                if got.is_err() {
                    // The reference returns its errors before changing
                    // anything, so the two rings are still the same exactly
                    // when the ring is unchanged.
                    assert!(ring == before, "a failed {op:?} changed the ring");
                    continue;
                }
                let new_points = assert_same_ring(&ring, &naive, &named(op), &probes);
                let plan = before.diff(&ring);
                check_plan(&before, &ring, &points, &new_points, &plan, &probes);
                for m in plan.moves() {
                    assert!(moves_as_named(&before, op, m), "{op:?} gave the move {m:?}");
                }
                points = new_points;
                continue;
            }
        }
        assert!(ring == before, "{op:?} changed the ring");
    }
}

/// Applies a changing `op` to both rings; returns both results.
fn apply<H: RingHasher>(
    ring: &mut HashRing<Node, H>,
    naive: &mut NaiveRing<Node, H>,
    op: &Op,
) -> (Result<(), Error>, Result<(), Error>) {
    match op {
        Op::AddWeighted(node, w) => (
            ring.add_weighted(node.clone(), w.0),
            naive.add_weighted(node.clone(), w.0),
        ),
        Op::AddWithTokens(node, tokens) => {
            let tokens = tokens.0.iter().map(|t| t.0);
            (
                ring.add_with_tokens(node.clone(), tokens.clone()),
                naive.add_with_tokens(node.clone(), tokens),
            )
        }
        Op::AddAll(batch) => {
            let batch = batch.0.iter().map(|(n, w)| (n.clone(), w.0));
            (ring.add_all(batch.clone()), naive.add_all(batch))
        }
        Op::Remove(node) => (ring.remove(node), naive.remove(node)),
        Op::SetWeight(node, w) => (ring.set_weight(node, w.0), naive.set_weight(node, w.0)),
        Op::Add(_) | Op::Locate(_) | Op::Replicas(..) | Op::PlanAdd(..) | Op::PlanRemove(_) => {
            unreachable!("{op:?} changes nothing")
        }
    }
}

/// The nodes a changing `op` names.
fn named(op: &Op) -> Vec<&Node> {
    match op {
        Op::AddAll(batch) => batch.0.iter().map(|(n, _)| n).collect(),
        Op::Add(node)
        | Op::AddWeighted(node, _)
        | Op::AddWithTokens(node, _)
        | Op::Remove(node)
        | Op::SetWeight(node, _)
        | Op::PlanAdd(node, _)
        | Op::PlanRemove(node) => vec![node],
        Op::Locate(_) | Op::Replicas(..) => Vec::new(),
    }
}

/// Whether a move of a successful `op` on `before` is one the contract
/// allows: a join or a weight increase only moves keys to the node named;
/// a removal or a weight decrease only moves keys of that node.
fn moves_as_named<H: RingHasher>(before: &HashRing<Node, H>, op: &Op, m: &Move<Node>) -> bool {
    match op {
        Op::AddWeighted(node, _) | Op::AddWithTokens(node, _) => m.to == *node,
        Op::AddAll(batch) => {
            batch.0.iter().any(|(n, _)| *n == m.to) && !batch.0.iter().any(|(n, _)| *n == m.from)
        }
        Op::Remove(node) => m.from == *node,
        Op::SetWeight(node, w) => match before.weight(node) {
            Some(old) if w.0 > old => m.to == *node,
            Some(old) if w.0 < old => m.from == *node,
            _ => false,
        },
        Op::Add(_) | Op::Locate(_) | Op::Replicas(..) | Op::PlanAdd(..) | Op::PlanRemove(_) => {
            false
        }
    }
}

/// Checks the lookups of `key` against the reference; returns its position.
fn check_key<H: RingHasher>(
    ring: &HashRing<Node, H>,
    naive: &NaiveRing<Node, H>,
    key: &Key,
) -> u64 {
    match key {
        Key::Str(s) => {
            let h = check_located(ring, naive, s.as_str());
            assert_eq!(ring.position(s), h, "a String hashes as its str");
            h
        }
        Key::Bytes(bytes) => {
            check_located(ring, naive, &bytes[..]);
            let h = ring.position_of_bytes(bytes);
            assert_eq!(h, ring.hasher().hash_bytes(bytes), "position_of_bytes");
            assert_eq!(
                ring.locate_bytes(bytes).cloned(),
                naive.locate_position(h),
                "locate_bytes({bytes:?})"
            );
            h
        }
        Key::U64(k) => check_located(ring, naive, k),
        Key::Pair(a, b) => check_located(ring, naive, &(a, b.as_str())),
        Key::Position(p) => {
            assert_eq!(
                ring.locate_position(p.0).cloned(),
                naive.locate_position(p.0),
                "locate_position({})",
                p.0
            );
            p.0
        }
    }
}

/// Checks `position` and `locate` of one key against the documented byte
/// stream and the reference; returns the position.
fn check_located<H: RingHasher, K: Hash + Debug + ?Sized>(
    ring: &HashRing<Node, H>,
    naive: &NaiveRing<Node, H>,
    key: &K,
) -> u64 {
    let h = ring.position(key);
    assert_eq!(
        h,
        ring.hasher().hash_bytes(&key_bytes(key)),
        "position({key:?})"
    );
    assert_eq!(
        ring.locate(key).cloned(),
        naive.locate(key),
        "locate({key:?})"
    );
    assert_eq!(ring.locate(key), ring.locate_position(h), "locate({key:?})");
    h
}
