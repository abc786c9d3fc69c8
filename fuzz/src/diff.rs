//! The `diff` target: migration plans between two rings built from
//! arbitrary memberships, checked against both rings' owners.

use shardring::{HashRing, RingHasher};

use crate::check::{assert_same_ring, check_plan, check_plan_add, check_plan_remove};
use crate::input::{DiffInput, Edit, Member, Node, Other};
use crate::{FuzzHasher, NaiveRing};

/// Builds ring `a` and ring `b` (each with its reference ring) and checks:
/// `a.diff(&b)` and `b.diff(&a)` are exact plans (see [`check_plan`]) and
/// mirror each other (same ranges, `from` and `to` swapped); a ring's diff
/// to itself or a copy is empty; on both rings, `plan_add` and
/// `plan_remove` of the input's nodes (and of each ring's first member)
/// equal the diff to the ring with that node added or removed.
pub fn run(hasher: FuzzHasher, input: &DiffInput) {
    let probes: Vec<u64> = input.probes.0.iter().map(|p| p.0).collect();
    let mut a = HashRing::with_hasher(hasher);
    let mut na = NaiveRing::new(hasher);
    for m in &input.a.0 {
        join(&mut a, &mut na, m);
    }
    let (mut b, mut nb) = match &input.b {
        Other::Fresh(members) => {
            let mut b = HashRing::with_hasher(hasher);
            let mut nb = NaiveRing::new(hasher);
            for m in &members.0 {
                join(&mut b, &mut nb, m);
            }
            (b, nb)
        }
        Other::Edited(_) => (a.clone(), na.clone()),
    };
    if let Other::Edited(edits) = &input.b {
        for e in &edits.0 {
            match e {
                Edit::Join(m) => join(&mut b, &mut nb, m),
                Edit::Remove(node) => assert_eq!(b.remove(node), nb.remove(node), "{e:?}"),
                Edit::SetWeight(node, w) => {
                    assert_eq!(b.set_weight(node, w.0), nb.set_weight(node, w.0), "{e:?}");
                }
            }
        }
    }
    let named = [&input.join.0, &input.leave];
    let pa = assert_same_ring(&a, &na, &named, &probes);
    let pb = assert_same_ring(&b, &nb, &named, &probes);

    let forward = a.diff(&b);
    check_plan(&a, &b, &pa, &pb, &forward, &probes);
    let back = b.diff(&a);
    check_plan(&b, &a, &pb, &pa, &back, &probes);
    let mirrored: Vec<_> = forward
        .moves()
        .iter()
        .map(|m| (m.range, m.to.clone(), m.from.clone()))
        .collect();
    let back: Vec<_> = back
        .moves()
        .iter()
        .map(|m| (m.range, m.from.clone(), m.to.clone()))
        .collect();
    assert_eq!(back, mirrored, "b.diff(a) mirrors a.diff(b)");
    assert!(a.diff(&a).moves().is_empty(), "a.diff(a)");
    assert!(b.diff(&b.clone()).moves().is_empty(), "b.diff(b.clone())");

    let (node, w) = &input.join;
    for (ring, naive, points) in [(&a, &na, &pa), (&b, &nb, &pb)] {
        check_plan_add(ring, naive, points, node, w.0, &probes);
        check_plan_remove(ring, naive, points, &input.leave, &probes);
        if let Some(first) = ring.nodes().next() {
            check_plan_remove(ring, naive, points, first, &probes);
        }
    }
}

/// Adds a member to both rings; they must agree on the outcome.
fn join<H: RingHasher>(ring: &mut HashRing<Node, H>, naive: &mut NaiveRing<Node, H>, m: &Member) {
    let (got, want) = match m {
        Member::Vnodes(node, w) => (
            ring.add_weighted(node.clone(), w.0),
            naive.add_weighted(node.clone(), w.0),
        ),
        Member::Tokens(node, tokens) => {
            let tokens = tokens.0.iter().map(|t| t.0);
            (
                ring.add_with_tokens(node.clone(), tokens.clone()),
                naive.add_with_tokens(node.clone(), tokens),
            )
        }
        Member::Batch(batch) => {
            let batch = batch.0.iter().map(|(n, w)| (n.clone(), w.0));
            (ring.add_all(batch.clone()), naive.add_all(batch))
        }
    };
    assert_eq!(got, want, "{m:?}");
}
