//! The checks both targets share: the ring against the reference ring, and a
//! migration plan against the owners of its two rings.
//!
//! Owners at many probes are computed from the reference ring's sorted point
//! list by one walk (the first point at or after the position, else the
//! first point), which is the reference's own rule applied to sorted probes;
//! the fuzzer-chosen probes also go through the reference's linear-scan
//! `locate_position` itself.

use std::fmt::Debug;

use shardring::{HashRing, MigrationPlan, RingHasher};

use crate::NaiveRing;
use crate::input::Node;

/// `(position, node)` of every point, in ring order.
pub type Points = Vec<(u64, Node)>;

/// The probe set of a check: both ends of the ring, `extra`, and every
/// point position `p` of `lists` with `p + 1`; sorted, without repeats.
///
/// Owners are constant on each arc `(q, r]` between consecutive point
/// positions, so probing `r` and `q + 1` reaches both ends of every arc.
pub fn probe_set(lists: &[&Points], extra: &[u64]) -> Vec<u64> {
    let mut probes = vec![0, 1, u64::MAX - 1, u64::MAX];
    probes.extend_from_slice(extra);
    for list in lists {
        for &(p, _) in list.iter() {
            probes.extend([p, p.wrapping_add(1)]);
        }
    }
    probes.sort_unstable();
    probes.dedup();
    probes
}

/// The owner of each of the ascending `probes` on a ring with these sorted
/// points: the first point whose position is `>= h`, else the first point.
pub fn owners(points: &Points, probes: &[u64]) -> Vec<Option<Node>> {
    assert!(probes.windows(2).all(|w| w[0] < w[1]), "probes ascending");
    let mut i = 0;
    probes
        .iter()
        .map(|&h| {
            while i < points.len() && points[i].0 < h {
                i += 1;
            }
            points.get(i).or(points.first()).map(|(_, n)| n.clone())
        })
        .collect()
}

/// The exact count of positions each node owns, out of 2^64, from sorted
/// points: the first point at a position owns the arc from the previous
/// distinct position (wrapping) to it; one distinct position owns the whole
/// ring.
pub fn owned_lengths(points: &Points) -> Vec<(Node, u128)> {
    let mut owned: Vec<(Node, u128)> = Vec::new();
    let Some(&(last, _)) = points.last() else {
        return owned;
    };
    let mut prev = last;
    for (i, (p, node)) in points.iter().enumerate() {
        if i > 0 && points[i - 1].0 == *p {
            continue;
        }
        let len = match p.wrapping_sub(prev) {
            0 => 1 << 64,
            d => u128::from(d),
        };
        prev = *p;
        match owned.iter_mut().find(|(n, _)| n == node) {
            Some(o) => o.1 += len,
            None => owned.push((node.clone(), len)),
        }
    }
    owned
}

/// Asserts that `ring` and `naive` are the same ring: invariants, points in
/// ring order, nodes in identity order, membership and weight of every
/// member, of its twin and of the `named` nodes, exact shares, and the owner of every probed
/// position.
/// Returns the reference's points.
pub fn assert_same_ring<H: RingHasher + Debug>(
    ring: &HashRing<Node, H>,
    naive: &NaiveRing<Node, H>,
    named: &[&Node],
    extra: &[u64],
) -> Points {
    ring.assert_invariants();
    let want = naive.point_list();
    let got: Points = ring.points().map(|(p, n)| (p, n.clone())).collect();
    assert_eq!(got, want, "points() differ from the reference");
    assert_eq!(ring.point_count(), want.len());
    assert!(
        ring.point_heap_bytes() <= 16 * ring.point_count() + 12,
        "heap of {} bytes for {} points",
        ring.point_heap_bytes(),
        ring.point_count()
    );
    let nodes: Vec<Node> = ring.nodes().cloned().collect();
    assert_eq!(
        nodes,
        naive.nodes_in_order(),
        "nodes() differ from the reference"
    );
    assert_eq!(ring.len(), naive.len());
    assert_eq!(ring.is_empty(), naive.len() == 0);
    let owned = owned_lengths(&want);
    for node in &nodes {
        // A member's twin (same name, other tag) has its identity bytes but
        // is not a member.
        let twin = Node {
            tag: 1 - node.tag,
            ..node.clone()
        };
        assert!(ring.contains(node) && !ring.contains(&twin), "{node:?}");
        assert_eq!(ring.weight(node), naive.weight(node), "{node:?}");
        assert_eq!(ring.weight(&twin), None, "{twin:?}");
        let len = owned.iter().find(|(n, _)| n == node).map_or(0, |o| o.1);
        assert_eq!(
            ring.share(node),
            len as f64 / 2f64.powi(64),
            "share of {node:?}"
        );
    }
    for node in named {
        assert_eq!(ring.contains(node), naive.contains(node), "{node:?}");
        assert_eq!(ring.weight(node), naive.weight(node), "{node:?}");
    }
    if let Some(node) = nodes.first() {
        assert_eq!(
            naive.owned_len(node),
            owned.iter().find(|(n, _)| n == node).map_or(0, |o| o.1)
        );
    }
    let probes = probe_set(&[&want], extra);
    for (h, owner) in probes.iter().zip(owners(&want, &probes)) {
        assert_eq!(ring.locate_position(*h), owner.as_ref(), "owner of {h}");
    }
    // The first through the reference's own linear scan as well (which
    // rebuilds its points at each call, so not more).
    for &h in extra.iter().take(1) {
        assert_eq!(
            ring.locate_position(h).cloned(),
            naive.locate_position(h),
            "owner of {h}"
        );
    }
    want
}

/// Asserts that `replicas_at(h, n)` equals the reference's walk, yields
/// `min(n, len)` distinct nodes (as its `len()` says) and starts with the
/// owner of `h`.
pub fn assert_replicas<H: RingHasher>(
    ring: &HashRing<Node, H>,
    naive: &NaiveRing<Node, H>,
    h: u64,
    n: usize,
) {
    let replicas = ring.replicas_at(h, n);
    let wanted = n.min(ring.len());
    assert_eq!(replicas.len(), wanted, "replicas_at({h}, {n}).len()");
    let got: Vec<Node> = replicas.cloned().collect();
    assert_eq!(got.len(), wanted, "replicas_at({h}, {n}) yields");
    assert_eq!(got, naive.replicas_at(h, n), "replicas_at({h}, {n})");
    for (i, a) in got.iter().enumerate() {
        assert!(!got[..i].contains(a), "replicas_at({h}, {n}) repeats {a:?}");
    }
    if wanted > 0 {
        assert_eq!(Some(&got[0]), ring.locate_position(h), "first replica");
    }
}

/// Asserts that `plan` is the exact plan from `old` to `new`, whose
/// reference points are `old_points` and `new_points`:
///
/// - with an empty side, it has no moves;
/// - no move keeps its owner; ranges are sorted by start, disjoint, a
///   wrapping one last, and adjacent moves (across 0 too) with the same
///   `from` and `to` are merged; a whole-ring move is alone and sits at the
///   smallest point position of the two rings;
/// - `moved_fraction`, `incoming` and `outgoing` sum the move lengths;
/// - at every point position of both rings, each position after one, each
///   move's ends and the positions after them, both ends of the ring and
///   `extra`: the position lies in a move exactly when its owners (from the
///   reference points) differ, with `from` and `to` those owners. Owners are
///   constant between consecutive point positions of the two rings, so this
///   covers every position of the ring.
pub fn check_plan<H: RingHasher>(
    old: &HashRing<Node, H>,
    new: &HashRing<Node, H>,
    old_points: &Points,
    new_points: &Points,
    plan: &MigrationPlan<Node>,
    extra: &[u64],
) {
    let moves = plan.moves();
    assert_eq!(plan.clone().into_moves(), moves, "into_moves");
    let total: u128 = moves.iter().map(|m| m.range.len()).sum();
    assert!(total <= 1 << 64, "moves overlap: {total} positions");
    let fraction_of = |len: u128| len as f64 / 2f64.powi(64);
    assert_eq!(plan.moved_fraction(), fraction_of(total), "moved_fraction");
    for node in old.nodes().chain(new.nodes()) {
        let incoming: u128 = moves
            .iter()
            .filter(|m| m.to == *node)
            .map(|m| m.range.len())
            .sum();
        let outgoing: u128 = moves
            .iter()
            .filter(|m| m.from == *node)
            .map(|m| m.range.len())
            .sum();
        assert_eq!(plan.incoming(node), fraction_of(incoming), "{node:?}");
        assert_eq!(plan.outgoing(node), fraction_of(outgoing), "{node:?}");
    }
    if old_points.is_empty() || new_points.is_empty() {
        assert!(moves.is_empty(), "a plan with an empty side has no moves");
        return;
    }

    // Shape, and a whole-ring move's ends.
    crate::plan_shape::assert_plan_shape(moves);
    for m in moves {
        if m.range.start() == m.range.end() {
            assert_eq!(moves.len(), 1, "a whole-ring move is the only move");
            let smallest = old_points[0].0.min(new_points[0].0);
            assert_eq!(m.range.start(), smallest, "a whole-ring move's ends");
        }
    }

    // Exactness.
    let mut extra = extra.to_vec();
    for m in moves {
        let (s, e) = (m.range.start(), m.range.end());
        extra.extend([s, s.wrapping_add(1), e, e.wrapping_add(1)]);
    }
    let probes = probe_set(&[old_points, new_points], &extra);
    let before = owners(old_points, &probes);
    let after = owners(new_points, &probes);
    for ((&h, a), b) in probes.iter().zip(&before).zip(&after) {
        assert_eq!(old.locate_position(h), a.as_ref(), "old owner of {h}");
        assert_eq!(new.locate_position(h), b.as_ref(), "new owner of {h}");
        // Sorted and disjoint (checked above): only the last move starting
        // below h, or a wrapping last move, can hold h.
        let below = moves.partition_point(|m| m.range.start() < h);
        let mut hits = Vec::new();
        if below > 0 && moves[below - 1].range.contains(h) {
            hits.push(below - 1);
        }
        let last = moves.len().wrapping_sub(1);
        if let Some(m) = moves.last()
            && m.range.wraps()
            && m.range.contains(h)
            && !hits.contains(&last)
        {
            hits.push(last);
        }
        assert!(hits.len() <= 1, "position {h} lies in moves {hits:?}");
        match hits.first() {
            Some(&i) => {
                let m = &moves[i];
                assert_eq!(a.as_ref(), Some(&m.from), "old owner of {h} in {m:?}");
                assert_eq!(b.as_ref(), Some(&m.to), "new owner of {h} in {m:?}");
            }
            None => assert_eq!(a, b, "position {h} changes owner outside every move"),
        }
    }
}

/// Asserts that `ring.plan_add(node, w)` fails exactly as `add_weighted`
/// does on a copy of the ring (and of the reference ring), or else equals
/// the diff to that copy, is an exact plan, and moves keys only to `node`;
/// and that the preview left the ring unchanged.
pub fn check_plan_add<H: RingHasher>(
    ring: &HashRing<Node, H>,
    naive: &NaiveRing<Node, H>,
    points: &Points,
    node: &Node,
    w: u32,
    extra: &[u64],
) {
    let before = ring.clone();
    let plan = ring.plan_add(node.clone(), w);
    assert!(*ring == before, "plan_add changed the ring");
    let mut after = ring.clone();
    let mut naive_after = naive.clone();
    let added = after.add_weighted(node.clone(), w);
    assert_eq!(
        added,
        naive_after.add_weighted(node.clone(), w),
        "add_weighted({node:?}, {w})"
    );
    match (plan, added) {
        (Ok(plan), Ok(())) => {
            assert_eq!(
                plan,
                ring.diff(&after),
                "plan_add({node:?}, {w}) differs from diff"
            );
            let after_points = naive_after.point_list();
            check_plan(ring, &after, points, &after_points, &plan, extra);
            for m in plan.moves() {
                assert_eq!(
                    &m.to, node,
                    "plan_add({node:?}) moves keys elsewhere: {m:?}"
                );
            }
        }
        (Err(a), Err(b)) => assert_eq!(a, b, "plan_add({node:?}, {w}) fails unlike add_weighted"),
        (a, b) => panic!("plan_add({node:?}, {w}) gave {a:?} but add_weighted gave {b:?}"),
    }
}

/// Asserts that `ring.plan_remove(node)` fails exactly as `remove` does on a
/// copy of the ring (and of the reference ring), or else equals the diff to
/// that copy, is an exact plan, and moves only keys of `node`; and that the
/// preview left the ring unchanged.
pub fn check_plan_remove<H: RingHasher>(
    ring: &HashRing<Node, H>,
    naive: &NaiveRing<Node, H>,
    points: &Points,
    node: &Node,
    extra: &[u64],
) {
    let before = ring.clone();
    let plan = ring.plan_remove(node);
    assert!(*ring == before, "plan_remove changed the ring");
    let mut after = ring.clone();
    let mut naive_after = naive.clone();
    let removed = after.remove(node);
    assert_eq!(removed, naive_after.remove(node), "remove({node:?})");
    match (plan, removed) {
        (Ok(plan), Ok(())) => {
            assert_eq!(
                plan,
                ring.diff(&after),
                "plan_remove({node:?}) differs from diff"
            );
            let after_points = naive_after.point_list();
            check_plan(ring, &after, points, &after_points, &plan, extra);
            for m in plan.moves() {
                assert_eq!(
                    &m.from, node,
                    "plan_remove({node:?}) moves other keys: {m:?}"
                );
            }
        }
        (Err(a), Err(b)) => assert_eq!(a, b, "plan_remove({node:?}) fails unlike remove"),
        (a, b) => panic!("plan_remove({node:?}) gave {a:?} but remove gave {b:?}"),
    }
}
