//! Migration plans: `diff`, `plan_add` and `plan_remove` against per-position
//! owners, minimal movement, the shape of the moves, and the empty ring.

mod common;

use common::naive::vnode_position;
use common::{NaiveRing, Op, Rng, apply, check_plan, node_name, op_strategy, position_strategy};
use proptest::prelude::*;
use shardring::{HashRange, HashRing, MigrationPlan, Move, XxHash3, key_bytes};

const RING: u128 = 1 << 64;

fn s(name: &str) -> String {
    name.to_owned()
}

/// A ring of token nodes.
fn tokens(nodes: &[(&str, &[u64])]) -> HashRing<String> {
    let mut ring = HashRing::new();
    for &(name, t) in nodes {
        ring.add_with_tokens(s(name), t.iter().copied()).unwrap();
    }
    ring
}

fn mv(start: u64, end: u64, from: &str, to: &str) -> Move<String> {
    Move {
        range: HashRange::new(start, end),
        from: s(from),
        to: s(to),
    }
}

/// The summed lengths of the moves that satisfy `f`.
fn moved_len(plan: &MigrationPlan<String>, f: impl Fn(&Move<String>) -> bool) -> u128 {
    plan.moves()
        .iter()
        .filter(|m| f(m))
        .map(|m| m.range.len())
        .sum()
}

fn fraction(len: u128) -> f64 {
    len as f64 / 2f64.powi(64)
}

/// The positions of `node`'s points, in ring order.
fn points_of(ring: &HashRing<String>, node: &str) -> Vec<u64> {
    ring.points()
        .filter(|(_, n)| n.as_str() == node)
        .map(|(p, _)| p)
        .collect()
}

/// Applies model operations to a ring and its reference, ignoring failures
/// (both fail alike; the model tests check that).
fn apply_all(ring: &mut HashRing<String>, naive: &mut NaiveRing<String, XxHash3>, ops: &[Op]) {
    for op in ops {
        let (got, want) = apply(ring, naive, op);
        assert_eq!(got, want, "{op:?}");
    }
}

fn build(ops: &[Op]) -> (HashRing<String>, NaiveRing<String, XxHash3>) {
    let mut ring = HashRing::new();
    let mut naive = NaiveRing::new(XxHash3::default());
    apply_all(&mut ring, &mut naive, ops);
    (ring, naive)
}

fn ops(nodes: u8, len: usize) -> impl Strategy<Value = Vec<Op>> {
    prop::collection::vec(op_strategy(nodes, 16), 0..len)
}

/// How a node joins in the properties: by weight, or by tokens that may
/// collide with the ring's points (`picks` index into them).
#[derive(Clone, Debug)]
enum Join {
    Weight(u32),
    Tokens(Vec<u64>, Vec<usize>),
}

fn join_strategy() -> impl Strategy<Value = Join> {
    prop_oneof![
        (1u32..=24).prop_map(Join::Weight),
        (
            prop::collection::vec(position_strategy(), 0..4),
            prop::collection::vec(any::<usize>(), 0..4)
        )
            .prop_map(|(t, picks)| Join::Tokens(t, picks)),
    ]
}

/// Adds `node` to both rings as `join` says.
fn join(
    ring: &mut HashRing<String>,
    naive: &mut NaiveRing<String, XxHash3>,
    node: &str,
    how: &Join,
) {
    match how {
        Join::Weight(w) => {
            ring.add_weighted(s(node), *w).unwrap();
            naive.add_weighted(s(node), *w).unwrap();
        }
        Join::Tokens(t, picks) => {
            let mut t = t.clone();
            let points: Vec<u64> = ring.points().map(|(p, _)| p).collect();
            if !points.is_empty() {
                t.extend(picks.iter().map(|i| points[i % points.len()]));
            }
            t.sort_unstable();
            t.dedup();
            if t.is_empty() {
                t.push(42);
            }
            ring.add_with_tokens(s(node), t.iter().copied()).unwrap();
            naive.add_with_tokens(s(node), t).unwrap();
        }
    }
}

/// A base ring on node-0..node-9 without `node`, then `node` joined.
fn ring_with(ops: &[Op], node: &str, how: &Join) -> (HashRing<String>, NaiveRing<String, XxHash3>) {
    let (mut ring, mut naive) = build(ops);
    if ring.contains(&s(node)) {
        ring.remove(&s(node)).unwrap();
        naive.remove(&s(node)).unwrap();
    }
    join(&mut ring, &mut naive, node, how);
    (ring, naive)
}

/// Every node of either ring.
fn all_nodes(a: &HashRing<String>, b: &HashRing<String>) -> Vec<String> {
    let mut nodes: Vec<String> = a.nodes().chain(b.nodes()).cloned().collect();
    nodes.sort();
    nodes.dedup();
    nodes
}

/// Net flow: for every node, what it receives minus what it hands over is
/// its new exact share minus its old one (from the reference rings), and
/// `incoming`/`outgoing` are those shares.
fn assert_flows(
    plan: &MigrationPlan<String>,
    old: (&HashRing<String>, &NaiveRing<String, XxHash3>),
    new: (&HashRing<String>, &NaiveRing<String, XxHash3>),
) {
    let mut sum_in = 0.0;
    let mut sum_out = 0.0;
    for n in all_nodes(old.0, new.0) {
        let incoming = moved_len(plan, |m| m.to == n);
        let outgoing = moved_len(plan, |m| m.from == n);
        assert!((plan.incoming(&n) - fraction(incoming)).abs() < 1e-15);
        assert!((plan.outgoing(&n) - fraction(outgoing)).abs() < 1e-15);
        let before = if old.0.contains(&n) {
            old.1.owned_len(&n)
        } else {
            0
        };
        let after = if new.0.contains(&n) {
            new.1.owned_len(&n)
        } else {
            0
        };
        assert_eq!(
            incoming as i128 - outgoing as i128,
            after as i128 - before as i128,
            "net flow of {n}"
        );
        sum_in += plan.incoming(&n);
        sum_out += plan.outgoing(&n);
    }
    assert!((sum_in - plan.moved_fraction()).abs() < 1e-12);
    assert!((sum_out - plan.moved_fraction()).abs() < 1e-12);
}

proptest! {
    #[test]
    fn plan_matches_owners(
        a in ops(8, 24),
        b in ops(8, 24),
        independent: bool,
        seed: u64,
    ) {
        let (old, naive_old) = build(&a);
        let (new, naive_new) = if independent {
            build(&b)
        } else {
            let (mut new, mut naive_new) = (old.clone(), naive_old.clone());
            apply_all(&mut new, &mut naive_new, &b);
            (new, naive_new)
        };
        let mut rng = Rng(seed);
        let plan = old.diff(&new);
        check_plan(&old, &new, &plan, &mut rng);
        check_plan(&new, &old, &new.diff(&old), &mut rng);
        if !old.is_empty() && !new.is_empty() {
            assert_flows(&plan, (&old, &naive_old), (&new, &naive_new));
        }
    }

    #[test]
    fn diff_of_ring_with_itself_is_empty(a in ops(8, 24)) {
        let (ring, _) = build(&a);
        for plan in [ring.diff(&ring), ring.diff(&ring.clone())] {
            prop_assert!(plan.moves().is_empty());
            prop_assert_eq!(plan.moved_fraction(), 0.0);
        }
    }

    #[test]
    fn plan_add_equals_diff(
        a in ops(10, 24),
        candidate in 0u8..10,
        weight in prop_oneof![8 => 0u32..=16, 1 => Just(u32::MAX)],
        // Token nodes placed on the candidate's own vnode positions, one
        // before it in collision order and one after, so that the preview
        // must resolve collisions.
        before_picks in prop::collection::vec(0u32..16, 0..4),
        after_picks in prop::collection::vec(0u32..16, 0..4),
    ) {
        let (mut ring, mut naive) = build(&a);
        let node = node_name(candidate);
        let id = key_bytes(&node);
        for (name, picks) in [("a-collider", &before_picks), ("z-collider", &after_picks)] {
            let mut t: Vec<u64> = picks.iter().map(|&i| vnode_position(ring.hasher(), &id, i)).collect();
            t.sort_unstable();
            t.dedup();
            if !t.is_empty() {
                ring.add_with_tokens(s(name), t.iter().copied()).unwrap();
                naive.add_with_tokens(s(name), t).unwrap();
            }
        }
        let before = ring.clone();
        let mut after = ring.clone();
        let preview = ring.plan_add(node.clone(), weight);
        let done = after.add_weighted(node.clone(), weight);
        prop_assert!(ring == before, "a preview changed the ring");
        prop_assert_eq!(done, naive.add_weighted(node, weight));
        match (preview, done) {
            (Ok(plan), Ok(())) => {
                prop_assert_eq!(&plan, &ring.diff(&after));
                check_plan(&ring, &after, &plan, &mut Rng(7));
            }
            (Err(x), Err(y)) => prop_assert_eq!(x, y),
            (x, y) => prop_assert!(false, "plan_add gave {:?}, add_weighted {:?}", x, y),
        }
    }

    #[test]
    fn plan_remove_equals_diff(
        a in ops(10, 24),
        victim in 0u8..12,
        // Token nodes placed on the victim's points (and next to them).
        before_picks in prop::collection::vec((any::<usize>(), 0u64..3), 0..4),
        after_picks in prop::collection::vec((any::<usize>(), 0u64..3), 0..4),
    ) {
        let (mut ring, mut naive) = build(&a);
        let node = node_name(victim);
        let own = points_of(&ring, &node);
        if !own.is_empty() {
            for (name, picks) in [("a-collider", &before_picks), ("z-collider", &after_picks)] {
                let mut t: Vec<u64> = picks
                    .iter()
                    .map(|&(i, d)| own[i % own.len()].wrapping_add(d))
                    .collect();
                t.sort_unstable();
                t.dedup();
                if !t.is_empty() {
                    ring.add_with_tokens(s(name), t.iter().copied()).unwrap();
                    naive.add_with_tokens(s(name), t).unwrap();
                }
            }
        }
        let before = ring.clone();
        let mut after = ring.clone();
        let preview = ring.plan_remove(&node);
        let done = after.remove(&node);
        prop_assert!(ring == before, "a preview changed the ring");
        prop_assert_eq!(done, naive.remove(&node));
        match (preview, done) {
            (Ok(plan), Ok(())) => {
                prop_assert_eq!(&plan, &ring.diff(&after));
                check_plan(&ring, &after, &plan, &mut Rng(7));
            }
            (Err(x), Err(y)) => prop_assert_eq!(x, y),
            (x, y) => prop_assert!(false, "plan_remove gave {:?}, remove {:?}", x, y),
        }
    }

    #[test]
    fn join_moves_keys_only_to_the_new_node(
        a in ops(10, 24),
        x in 0u8..10,
        how in join_strategy(),
        seed: u64,
    ) {
        let (mut old, mut naive_old) = build(&a);
        let node = node_name(x);
        if old.contains(&node) {
            old.remove(&node).unwrap();
            naive_old.remove(&node).unwrap();
        }
        let (mut new, mut naive_new) = (old.clone(), naive_old.clone());
        join(&mut new, &mut naive_new, &node, &how);
        let plan = old.diff(&new);
        check_plan(&old, &new, &plan, &mut Rng(seed));
        for m in plan.moves() {
            prop_assert_eq!(&m.to, &node);
        }
        for other in old.nodes() {
            prop_assert_eq!(points_of(&old, other), points_of(&new, other));
        }
        if !old.is_empty() {
            // What moves is exactly what the new node owns.
            let total = moved_len(&plan, |_| true);
            prop_assert_eq!(total, naive_new.owned_len(&node));
            prop_assert!((plan.moved_fraction() - new.share(&node)).abs() < 1e-12);
            prop_assert!((plan.incoming(&node) - plan.moved_fraction()).abs() < 1e-15);
            prop_assert_eq!(plan.outgoing(&node), 0.0);
            assert_flows(&plan, (&old, &naive_old), (&new, &naive_new));
        }
    }

    #[test]
    fn leave_moves_keys_only_from_the_leaving_node(
        a in ops(10, 24),
        x in 0u8..10,
        how in join_strategy(),
        seed: u64,
    ) {
        let node = node_name(x);
        let (old, naive_old) = ring_with(&a, &node, &how);
        let (mut new, mut naive_new) = (old.clone(), naive_old.clone());
        new.remove(&node).unwrap();
        naive_new.remove(&node).unwrap();
        let plan = old.diff(&new);
        check_plan(&old, &new, &plan, &mut Rng(seed));
        for m in plan.moves() {
            prop_assert_eq!(&m.from, &node);
        }
        for other in new.nodes() {
            prop_assert_eq!(points_of(&old, other), points_of(&new, other));
        }
        if !new.is_empty() {
            let total = moved_len(&plan, |_| true);
            prop_assert_eq!(total, naive_old.owned_len(&node));
            prop_assert!((plan.moved_fraction() - old.share(&node)).abs() < 1e-12);
            prop_assert!((plan.outgoing(&node) - plan.moved_fraction()).abs() < 1e-15);
            prop_assert_eq!(plan.incoming(&node), 0.0);
            assert_flows(&plan, (&old, &naive_old), (&new, &naive_new));
        }
    }

    #[test]
    fn reweight_moves_keys_only_to_or_from_that_node(
        a in ops(10, 24),
        x in 0u8..10,
        w0 in 1u32..=24,
        w1 in 1u32..=24,
        seed: u64,
    ) {
        let node = node_name(x);
        let (old, naive_old) = ring_with(&a, &node, &Join::Weight(w0));
        let (mut new, mut naive_new) = (old.clone(), naive_old.clone());
        new.set_weight(&node, w1).unwrap();
        naive_new.set_weight(&node, w1).unwrap();
        let plan = old.diff(&new);
        check_plan(&old, &new, &plan, &mut Rng(seed));
        for m in plan.moves() {
            if w1 > w0 {
                prop_assert_eq!(&m.to, &node);
            } else {
                prop_assert_eq!(&m.from, &node);
            }
        }
        if w1 == w0 {
            prop_assert!(plan.moves().is_empty());
        }
        for other in old.nodes().filter(|n| **n != node) {
            prop_assert_eq!(points_of(&old, other), points_of(&new, other));
        }
        let (before, after) = (naive_old.owned_len(&node), naive_new.owned_len(&node));
        prop_assert_eq!(moved_len(&plan, |_| true), before.abs_diff(after));
        assert_flows(&plan, (&old, &naive_old), (&new, &naive_new));
    }

    #[test]
    fn whole_ring_move_is_anchored_at_smallest_point(
        old_how in join_strategy(),
        new_how in join_strategy(),
        x in 0u8..4,
        y in 0u8..4,
    ) {
        prop_assume!(x != y);
        let (old, _) = ring_with(&[], &node_name(x), &old_how);
        let (new, _) = ring_with(&[], &node_name(y), &new_how);
        let smallest = old.points().next().unwrap().0.min(new.points().next().unwrap().0);
        let plan = old.diff(&new);
        prop_assert_eq!(plan.moves(), &[mv(smallest, smallest, &node_name(x), &node_name(y))][..]);
        prop_assert_eq!(plan.moves()[0].range.len(), RING);
        prop_assert_eq!(plan.moved_fraction(), 1.0);
    }
}

#[test]
fn moved_fraction_is_finite_on_empty_rings() {
    let empty: HashRing<String> = HashRing::new();
    let mut one = HashRing::new();
    one.add_weighted(s("node-a"), 10).unwrap();
    let mut back_to_empty = one.clone();
    back_to_empty.remove(&s("node-a")).unwrap();
    let pairs = [
        (&empty, &empty),
        (&empty, &back_to_empty),
        (&back_to_empty, &back_to_empty),
        (&one, &one),
        // A first fill and a total loss are not migrations.
        (&empty, &one),
        (&one, &empty),
        (&back_to_empty, &one),
        (&one, &back_to_empty),
    ];
    for (a, b) in pairs {
        let plan = a.diff(b);
        assert!(plan.moves().is_empty());
        assert_eq!(plan.moved_fraction(), 0.0);
        assert_eq!(plan.incoming(&s("node-a")), 0.0);
        assert_eq!(plan.outgoing(&s("node-a")), 0.0);
        check_plan(a, b, &plan, &mut Rng(9));
    }
    assert_eq!(empty.share(&s("node-a")), 0.0);
    assert_eq!(back_to_empty.share(&s("node-a")), 0.0);
    assert_eq!(one.share(&s("node-a")), 1.0);
    // The previews agree: a first fill and a removal of the last node.
    assert!(empty.plan_add(s("node-a"), 10).unwrap().moves().is_empty());
    let last = one.plan_remove(&s("node-a")).unwrap();
    assert!(last.moves().is_empty());
    assert_eq!(last.moved_fraction(), 0.0);
}

#[test]
fn whole_ring_move_starts_and_ends_at_smallest_point() {
    let a100 = tokens(&[("node-a", &[100])]);
    let b100 = tokens(&[("node-b", &[100])]);
    let plan = a100.diff(&b100);
    assert_eq!(plan.moves(), [mv(100, 100, "node-a", "node-b")]);
    assert_eq!(plan.moves()[0].range.len(), RING);
    assert_eq!(plan.moved_fraction(), 1.0);
    assert!(plan.moves()[0].range.contains(0) && plan.moves()[0].range.contains(u64::MAX));

    // Different points: the anchor is the smallest of either ring.
    let old = tokens(&[("node-a", &[300, 700])]);
    let new = tokens(&[("node-b", &[500, u64::MAX])]);
    assert_eq!(old.diff(&new).moves(), [mv(300, 300, "node-a", "node-b")]);
    assert_eq!(new.diff(&old).moves(), [mv(300, 300, "node-b", "node-a")]);

    // A node that joins on the only point and wins the collision takes the
    // whole ring. The winner is the smaller identity bytes (documented
    // collision order), computed here from the bytes.
    let mut both = b100.clone();
    both.add_with_tokens(s("node-a"), [100]).unwrap();
    let (first, second) = if key_bytes("node-a") < key_bytes("node-b") {
        ("node-a", "node-b")
    } else {
        ("node-b", "node-a")
    };
    if first == "node-a" {
        assert_eq!(b100.diff(&both).moves(), [mv(100, 100, second, first)]);
    } else {
        assert!(b100.diff(&both).moves().is_empty());
    }
}

#[test]
fn plan_range_may_cross_zero() {
    // Fixture P: node-b owns (100, 200], node-c (200, 300], node-a the rest.
    let p = tokens(&[("node-a", &[100]), ("node-b", &[200]), ("node-c", &[300])]);
    let mut with_d = p.clone();
    with_d.add_with_tokens(s("node-d"), [400]).unwrap();
    assert_eq!(p.diff(&with_d).moves(), [mv(300, 400, "node-a", "node-d")]);

    let mut with_e = p.clone();
    with_e.add_with_tokens(s("node-e"), [50]).unwrap();
    let plan = p.diff(&with_e);
    assert_eq!(plan.moves(), [mv(300, 50, "node-a", "node-e")]);
    let range = plan.moves()[0].range;
    assert!(range.wraps());
    for inside in [301, u64::MAX, 0, 50] {
        assert!(range.contains(inside), "{inside}");
    }
    for outside in [300, 51, 100] {
        assert!(!range.contains(outside), "{outside}");
    }
    assert_eq!(range.len(), RING - 250);
    check_plan(&p, &with_e, &plan, &mut Rng(1));
}

#[test]
fn moves_on_both_sides_of_zero_with_one_pair_are_merged_into_one_wrapping_move() {
    // Old: node-a at 100 and 1000, node-b at 500. node-a owns (1000, 100].
    let old = tokens(&[("node-a", &[100, 1000]), ("node-b", &[500])]);
    // node-c joins at 50, 300 and u64::MAX - 10: it takes (100, 300] from
    // node-b, and from node-a both (1000, u64::MAX - 10] and
    // (u64::MAX - 10, 50], which touch at u64::MAX - 10 and meet across 0.
    let top = u64::MAX - 10;
    let mut new = old.clone();
    new.add_with_tokens(s("node-c"), [50, 300, top]).unwrap();
    let want = [
        mv(100, 300, "node-b", "node-c"),
        mv(1000, 50, "node-a", "node-c"),
    ];
    let plan = old.diff(&new);
    assert_eq!(plan.moves(), want);
    check_plan(&old, &new, &plan, &mut Rng(2));
    // The removal preview gives the same plan in reverse.
    let back = new.plan_remove(&s("node-c")).unwrap();
    assert_eq!(
        back.moves(),
        [
            mv(100, 300, "node-c", "node-b"),
            mv(1000, 50, "node-c", "node-a")
        ]
    );
    assert_eq!(back, new.diff(&old));

    // The parts meet exactly at u64::MAX / 0.
    let mut at_max = tokens(&[("node-a", &[100]), ("node-b", &[1000])]);
    let old_max = at_max.clone();
    at_max.add_with_tokens(s("node-c"), [50, u64::MAX]).unwrap();
    let plan = old_max.diff(&at_max);
    assert_eq!(plan.moves(), [mv(1000, 50, "node-a", "node-c")]);
    check_plan(&old_max, &at_max, &plan, &mut Rng(3));

    // Parts on both sides of 0 with different receivers stay two moves;
    // the one that wraps comes last.
    let mut split = old.clone();
    split.add_with_tokens(s("node-c"), [50]).unwrap();
    split.add_with_tokens(s("node-d"), [top]).unwrap();
    let plan = old.diff(&split);
    assert_eq!(
        plan.moves(),
        [
            mv(1000, top, "node-a", "node-d"),
            mv(top, 50, "node-a", "node-c")
        ]
    );
    check_plan(&old, &split, &plan, &mut Rng(4));
}

#[test]
fn plan_add_merges_its_arcs_across_zero() {
    // A node of weight 2 at its documented vnode positions lo < hi; the old
    // ring has one point between them. The new node takes (mid, hi] and
    // (hi, lo], which meet across 0: one wrapping move.
    let node = s("node-n");
    let id = key_bytes(&node);
    let hasher = XxHash3::default();
    let (p0, p1) = (
        vnode_position(&hasher, &id, 0),
        vnode_position(&hasher, &id, 1),
    );
    let (lo, hi) = (p0.min(p1), p0.max(p1));
    assert!(hi - lo >= 2, "vnode positions too close for this fixture");
    let mid = lo + (hi - lo) / 2;
    let old = tokens(&[("node-a", &[mid])]);
    let plan = old.plan_add(node.clone(), 2).unwrap();
    assert_eq!(plan.moves(), [mv(mid, lo, "node-a", "node-n")]);
    let mut new = old.clone();
    new.add_weighted(node, 2).unwrap();
    assert_eq!(plan, old.diff(&new));
    check_plan(&old, &new, &plan, &mut Rng(5));
}

#[test]
fn keys_change_owner_exactly_when_inside_a_move() {
    let mut old = HashRing::new();
    for i in 0..8 {
        old.add(format!("shard-{i}")).unwrap();
    }
    // A batch: one join, one leave, one reweight, one token node.
    let mut new = old.clone();
    new.add(s("shard-8")).unwrap();
    new.remove(&s("shard-3")).unwrap();
    new.set_weight(&s("shard-5"), 400).unwrap();
    new.add_with_tokens(s("shard-t"), (1..=64).map(|i| i * (u64::MAX / 65)))
        .unwrap();
    let plan = old.diff(&new);
    check_plan(&old, &new, &plan, &mut Rng(6));

    let (mut moved, mut stayed) = (0, 0);
    for i in 0..20_000 {
        let key = match i % 4 {
            0 => format!("user:{i}"),
            1 => format!("/img/{i:08x}.jpg"),
            2 => format!("session-{}", i * 7919),
            _ => format!("{i}@example.org"),
        };
        let pos = old.position(&key);
        assert_eq!(new.position(&key), pos);
        let (a, b) = (old.locate(&key).unwrap(), new.locate(&key).unwrap());
        let hits: Vec<&Move<String>> = plan
            .moves()
            .iter()
            .filter(|m| m.range.contains(pos))
            .collect();
        match hits.as_slice() {
            [] => {
                assert_eq!(a, b, "{key} changed owner outside every move");
                stayed += 1;
            }
            [m] => {
                assert_eq!((a, b), (&m.from, &m.to), "{key} in {:?}", m.range);
                moved += 1;
            }
            _ => panic!("{key} lies in {} moves", hits.len()),
        }
    }
    // The batch moves a sizeable minority of keys.
    assert!(
        moved > 1_000 && stayed > 10_000,
        "{moved} moved, {stayed} stayed"
    );
}

/// Diffing rings built with different hashers is a documented logic error,
/// caught by a debug assertion (release builds skip the check).
#[cfg(debug_assertions)]
#[test]
#[should_panic(expected = "different hashers")]
fn diff_of_rings_with_different_hashers_is_caught_in_debug() {
    let mut a = HashRing::with_hasher(XxHash3::with_seed(1));
    let mut b = HashRing::with_hasher(XxHash3::with_seed(2));
    a.add("node-a").unwrap();
    b.add("node-a").unwrap();
    let _ = a.diff(&b);
}
