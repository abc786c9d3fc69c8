//! Collisions: points at one position are all kept, ordered by identity
//! bytes (then vnode index), and the ring is a function of its membership
//! alone: never of the order of joins and leaves, never of which colliding
//! node came first, and a rebuild gives the same ring.
//!
//! The winner of a collision is computed here from the documented rule
//! (compare `key_bytes` of the nodes) or by the reference ring, never read
//! from the ring under test.

mod common;

use std::fmt::Debug;
use std::hash::Hash;

use common::{NaiveRing, Op, Rng, apply, check_plan, op_strategy, position_strategy};
use proptest::prelude::*;
use shardring::{DEFAULT_VNODES, HashRing, RingHasher, XxHash3, key_bytes};

/// Asserts equal rings: the same `points()` sequence, the same `nodes()`,
/// no moves in either direction, and `==`.
fn assert_equal_rings<N, H>(a: &HashRing<N, H>, b: &HashRing<N, H>, what: &str)
where
    N: Hash + Eq + Clone + Debug,
    H: RingHasher,
{
    assert!(a.points().eq(b.points()), "{what}: points() differ");
    assert!(a.nodes().eq(b.nodes()), "{what}: nodes() differ");
    assert!(a.diff(b).moves().is_empty(), "{what}: a.diff(b) has moves");
    assert!(b.diff(a).moves().is_empty(), "{what}: b.diff(a) has moves");
    assert!(a == b, "{what}: rings not ==");
}

/// The collision winner among `nodes`: the least identity bytes.
fn winner<'a, N: Hash>(nodes: &[&'a N]) -> &'a N {
    nodes.iter().copied().min_by_key(|n| key_bytes(*n)).unwrap()
}

/// `nodes` in collision order (identity bytes).
fn collision_order<'a, N: Hash>(nodes: &[&'a N]) -> Vec<&'a N> {
    let mut v = nodes.to_vec();
    v.sort_by_key(|n| key_bytes(*n));
    v
}

/// Adds each `(node, tokens)` in the order given, checking the invariants
/// after every call.
fn token_ring<N: Hash + Eq + Clone>(nodes: &[(N, Vec<u64>)]) -> HashRing<N> {
    let mut ring = HashRing::new();
    for (node, tokens) in nodes {
        ring.add_with_tokens(node.clone(), tokens.iter().copied())
            .unwrap();
        ring.assert_invariants();
    }
    ring
}

fn remove_checked<N: Hash + Eq + Clone, H: RingHasher>(ring: &mut HashRing<N, H>, node: &N) {
    ring.remove(node).unwrap();
    ring.assert_invariants();
}

/// Fixture Q: node-a at 150 and 500, node-b at 250 and 500, node-c at 300.
fn fixture_q() -> HashRing<&'static str> {
    token_ring(&[
        ("node-a", vec![150, 500]),
        ("node-b", vec![250, 500]),
        ("node-c", vec![300]),
    ])
}

/// C11 on one pair of nodes: both colliding points are kept, whatever the
/// add order, and the documented order decides the owner.
fn check_pair_collision<N: Hash + Eq + Clone + Debug>(a: &N, b: &N) {
    let (a, b) = (a.clone(), b.clone());
    let r1 = token_ring(&[(a.clone(), vec![150, 500]), (b.clone(), vec![250, 500])]);
    let r2 = token_ring(&[(b.clone(), vec![250, 500]), (a.clone(), vec![150, 500])]);
    assert_equal_rings(&r1, &r2, "added in either order");

    let w = winner(&[&a, &b]);
    let other = if *w == a { &b } else { &a };
    for ring in [&r1, &r2] {
        let points: Vec<(u64, &N)> = ring.points().collect();
        assert_eq!(points, [(150, &a), (250, &b), (500, w), (500, other)]);
        assert_eq!(ring.locate_position(500), Some(w));
        assert_eq!(ring.locate_position(260), Some(w));
        assert_eq!(ring.locate_position(499), Some(w));
        assert_eq!(ring.locate_position(501), Some(&a), "wraps to 150");
        assert_eq!(ring.replicas_at(500, 2).collect::<Vec<_>>(), [w, other]);
    }

    let mut without_a = r1.clone();
    remove_checked(&mut without_a, &a);
    assert_eq!(
        without_a.points().collect::<Vec<_>>(),
        [(250, &b), (500, &b)]
    );
    assert_eq!(without_a.locate_position(500), Some(&b));

    let mut without_b = r1.clone();
    remove_checked(&mut without_b, &b);
    assert_eq!(
        without_b.points().collect::<Vec<_>>(),
        [(150, &a), (500, &a)]
    );
    assert_eq!(without_b.locate_position(500), Some(&a));
}

#[test]
fn colliding_points_are_both_kept() {
    check_pair_collision(&"node-a", &"node-b");
    // Identity bytes order differs from the order of the strings: a str is
    // its bytes then 0xFF, so "node-ab" comes before "node-a".
    assert!(key_bytes("node-ab") < key_bytes("node-a"));
    check_pair_collision(&"node-a", &"node-ab");
    // Integers are little-endian: 256 comes before 1.
    assert!(key_bytes(&256u64) < key_bytes(&1u64));
    check_pair_collision(&1u64, &256u64);
    check_pair_collision(&String::from("ü"), &String::from("u"));
}

#[test]
fn removing_nodes_that_share_a_point_never_fails() {
    let mut q = fixture_q();
    remove_checked(&mut q, &"node-a");
    assert_eq!(q.locate_position(500), Some(&"node-b"));
    remove_checked(&mut q, &"node-b");
    remove_checked(&mut q, &"node-c");
    assert_eq!(q.points().count(), 0);
    assert!(q.is_empty());

    // 30 nodes of 8 tokens from 0..1024: many shared positions.
    let mut rng = Rng(0xc12);
    let nodes: Vec<(String, Vec<u64>)> = (0..30)
        .map(|i| {
            let mut tokens = Vec::new();
            while tokens.len() < 8 {
                let t = rng.below(1024);
                if !tokens.contains(&t) {
                    tokens.push(t);
                }
            }
            (format!("node-{i}"), tokens)
        })
        .collect();
    let full = token_ring(&nodes);
    let mut naive = NaiveRing::new(XxHash3::default());
    for (node, tokens) in &nodes {
        naive.add_with_tokens(node.clone(), tokens.clone()).unwrap();
    }
    assert!(
        full.points()
            .map(|(p, n)| (p, n.clone()))
            .eq(naive.point_list()),
        "points() differ from the reference"
    );
    let distinct = {
        let mut v: Vec<u64> = full.points().map(|(p, _)| p).collect();
        v.dedup();
        v.len()
    };
    assert!(distinct < 240, "the fixture must have collisions");

    for order_seed in 0..200 {
        let mut order: Vec<usize> = (0..nodes.len()).collect();
        let mut rng = Rng(order_seed);
        for i in (1..order.len()).rev() {
            order.swap(i, rng.below(i as u64 + 1) as usize);
        }
        let mut ring = full.clone();
        let mut left: Vec<bool> = vec![true; nodes.len()];
        for &i in &order {
            let before = ring.point_count();
            remove_checked(&mut ring, &nodes[i].0);
            assert_eq!(ring.point_count(), before - 8);
            left[i] = false;
            let remaining: Vec<(String, Vec<u64>)> = nodes
                .iter()
                .zip(&left)
                .filter(|(_, l)| **l)
                .map(|(n, _)| n.clone())
                .collect();
            let mut fresh = HashRing::new();
            for (node, tokens) in remaining {
                fresh.add_with_tokens(node, tokens).unwrap();
            }
            fresh.assert_invariants();
            assert_equal_rings(&ring, &fresh, "after a removal");
        }
        assert!(ring.is_empty());
        assert_eq!(ring.points().count(), 0);
    }
}

#[test]
fn add_then_remove_restores_ring_with_collisions() {
    let mut q = fixture_q();
    let clone = q.clone();
    q.add_with_tokens("node-d", [500, 800]).unwrap();
    q.assert_invariants();
    remove_checked(&mut q, &"node-d");
    assert_equal_rings(&q, &clone, "add then remove of node-d");

    remove_checked(&mut q, &"node-a");
    assert_eq!(
        q.points().collect::<Vec<_>>(),
        [(250, &"node-b"), (300, &"node-c"), (500, &"node-b")]
    );
    assert_eq!(q.locate_position(400), Some(&"node-b"));
    assert_eq!(q.locate_position(450), Some(&"node-b"));
    assert_eq!(q.locate_position(260), Some(&"node-c"));
}

/// How a node joins: with a weight, or with tokens (some of them copied
/// from the ring's points, to collide).
#[derive(Clone, Debug)]
enum Join {
    Weight(u32),
    Tokens(Vec<u64>, Vec<prop::sample::Index>),
}

fn join_strategy() -> impl Strategy<Value = Join> {
    prop_oneof![
        (1u32..12).prop_map(Join::Weight),
        (
            prop::collection::vec(position_strategy(), 0..4),
            prop::collection::vec(any::<prop::sample::Index>(), 0..4),
        )
            .prop_map(|(t, s)| Join::Tokens(t, s)),
    ]
}

fn build_from_ops(ops: &[Op]) -> (HashRing<String>, NaiveRing<String, XxHash3>) {
    let mut ring = HashRing::new();
    let mut naive = NaiveRing::new(XxHash3::default());
    for op in ops {
        let (got, want) = apply(&mut ring, &mut naive, op);
        assert_eq!(got, want, "outcome of {op:?}");
        ring.assert_invariants();
    }
    (ring, naive)
}

proptest! {
    /// On random rings, with and without collisions: adding a node and
    /// removing it again gives an equal ring, and so does removing a member
    /// and adding it back as it was.
    #[test]
    fn add_then_remove_restores_random_rings(
        ops in prop::collection::vec(op_strategy(8, 12), 0..12),
        join in join_strategy(),
        victim in any::<prop::sample::Index>(),
        seed: u64,
    ) {
        let (ring, naive) = build_from_ops(&ops);
        let mut rng = Rng(seed);
        let newcomer = "node-new".to_string();
        let mut grown = ring.clone();
        let added = match &join {
            Join::Weight(w) => grown.add_weighted(newcomer.clone(), *w),
            Join::Tokens(tokens, steal) => {
                let mut all = tokens.clone();
                let positions: Vec<u64> = ring.points().map(|(p, _)| p).collect();
                if !positions.is_empty() {
                    all.extend(steal.iter().map(|i| positions[i.index(positions.len())]));
                }
                all.sort_unstable();
                all.dedup();
                grown.add_with_tokens(newcomer.clone(), all)
            }
        };
        grown.assert_invariants();
        if added.is_ok() {
            check_plan(&ring, &grown, &ring.diff(&grown), &mut rng);
            grown.remove(&newcomer).unwrap();
            grown.assert_invariants();
        }
        assert_equal_rings(&grown, &ring, "add then remove");

        // Remove a member, then add it back as it was.
        if !naive.nodes.is_empty() {
            let member = &naive.nodes[victim.index(naive.nodes.len())];
            let mut shrunk = ring.clone();
            shrunk.remove(&member.node).unwrap();
            shrunk.assert_invariants();
            match &member.kind {
                common::naive::NaiveKind::Vnodes(w) => shrunk.add_weighted(member.node.clone(), *w),
                common::naive::NaiveKind::Tokens(t) => {
                    shrunk.add_with_tokens(member.node.clone(), t.iter().copied())
                }
            }
            .unwrap();
            shrunk.assert_invariants();
            assert_equal_rings(&shrunk, &ring, "remove then add back");
        }
    }
}

/// 20 nodes `node-1..=node-20` with 20 distinct tokens each from 0..1024.
fn twenty_token_nodes() -> Vec<(String, Vec<u64>)> {
    let mut rng = Rng(0xc14);
    (1..=20)
        .map(|i| {
            let mut tokens = Vec::new();
            while tokens.len() < 20 {
                let t = rng.below(1024);
                if !tokens.contains(&t) {
                    tokens.push(t);
                }
            }
            (format!("node-{i}"), tokens)
        })
        .collect()
}

/// A checksum (FNV-1a) over the `points()` sequence: positions and the
/// nodes' identity bytes, in order.
fn points_checksum<N: Hash, H>(ring: &HashRing<N, H>) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    let mut eat = |bytes: &[u8]| {
        for &b in bytes {
            h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    };
    for (p, n) in ring.points() {
        eat(&p.to_le_bytes());
        eat(&key_bytes(n));
    }
    h
}

/// A ring built by `join` for each name in `order`, with invariants
/// checked after every call.
fn build_in_order<H: RingHasher>(
    hasher: &H,
    order: &[usize],
    join: &dyn Fn(&mut HashRing<String, H>, usize),
) -> HashRing<String, H> {
    let mut ring = HashRing::with_hasher(hasher.clone());
    for &i in order {
        join(&mut ring, i);
        ring.assert_invariants();
    }
    ring
}

/// Parts 1 and 2 of C14 for one way of joining nodes `0..20`; returns
/// the checksums of the rings built.
fn check_order_independence<H: RingHasher>(
    hasher: &H,
    names: &[String],
    join: &dyn Fn(&mut HashRing<String, H>, usize),
) -> Vec<u64> {
    let ascending: Vec<usize> = (0..20).collect();
    let descending: Vec<usize> = (0..20).rev().collect();
    let up = build_in_order(hasher, &ascending, join);
    let down = build_in_order(hasher, &descending, join);
    assert_equal_rings(&up, &down, "ascending and descending builds");
    let mut positions: Vec<u64> = (0..=1100).collect();
    positions.push(u64::MAX);
    for p in positions {
        assert_eq!(
            up.locate_position(p),
            down.locate_position(p),
            "owner of {p}"
        );
    }
    for (p, _) in up.points() {
        for at in [p, p.wrapping_add(1)] {
            assert!(
                up.replicas_at(at, 3).eq(down.replicas_at(at, 3)),
                "replicas at {at}"
            );
        }
    }

    // Leaves in two orders equal a fresh ring of node-1..=node-16.
    let fresh = build_in_order(hasher, &ascending[..16], join);
    let mut left1 = up.clone();
    for i in [16, 17, 18, 19] {
        remove_checked(&mut left1, &names[i]);
    }
    let mut left2 = build_in_order(hasher, &ascending, join);
    for i in [19, 17, 16, 18] {
        remove_checked(&mut left2, &names[i]);
    }
    assert_equal_rings(&left1, &fresh, "leaves 17, 18, 19, 20");
    assert_equal_rings(&left2, &fresh, "leaves 20, 18, 17, 19");

    let full = [&up, &down].map(points_checksum);
    let part = [&fresh, &left1, &left2].map(points_checksum);
    assert_eq!(full[0], full[1], "checksums of the full rings");
    assert!(part.iter().all(|&c| c == part[0]), "checksums after leaves");
    vec![full[0], part[0]]
}

#[test]
fn ring_is_independent_of_join_and_leave_order() {
    let nodes = twenty_token_nodes();
    let names: Vec<String> = nodes.iter().map(|(n, _)| n.clone()).collect();
    let with_tokens = |ring: &mut HashRing<String>, i: usize| {
        ring.add_with_tokens(nodes[i].0.clone(), nodes[i].1.iter().copied())
            .unwrap();
    };
    check_order_independence(&XxHash3::default(), &names, &with_tokens);

    // The token ring agrees with the reference ring built in a third order.
    let mut naive = NaiveRing::new(XxHash3::default());
    for i in [
        7, 3, 19, 0, 12, 5, 16, 1, 9, 14, 2, 18, 6, 11, 17, 4, 13, 8, 15, 10,
    ] {
        naive
            .add_with_tokens(nodes[i].0.clone(), nodes[i].1.clone())
            .unwrap();
    }
    let up = build_in_order(
        &XxHash3::default(),
        &(0..20).collect::<Vec<_>>(),
        &with_tokens,
    );
    assert!(
        up.points()
            .map(|(p, n)| (p, n.clone()))
            .eq(naive.point_list()),
        "points() differ from the reference"
    );
    for (p, _) in up.points() {
        assert_eq!(up.locate_position(p).cloned(), naive.locate_position(p));
    }

    // The same with hashed vnodes and the default hasher.
    let weights: Vec<u32> = (0..20).map(|i| 16 + (i * 7) % 49).collect();
    let weighted = |ring: &mut HashRing<String>, i: usize| {
        ring.add_weighted(names[i].clone(), weights[i]).unwrap();
    };
    check_order_independence(&XxHash3::default(), &names, &weighted);
    // And `add` at the default weight.
    let default_weight = |ring: &mut HashRing<String>, i: usize| {
        ring.add(names[i].clone()).unwrap();
    };
    let sums = check_order_independence(&XxHash3::default(), &names, &default_weight);
    let mut bulk = HashRing::new();
    bulk.add_all(names.iter().rev().map(|n| (n.clone(), DEFAULT_VNODES)))
        .unwrap();
    bulk.assert_invariants();
    assert_eq!(
        points_checksum(&bulk),
        sums[0],
        "add_all gives the same ring"
    );
}

/// One node of a random membership: its points, whether it stays at the
/// end, and whether it leaves and rejoins on the way.
#[derive(Clone, Debug)]
struct Member {
    join: Join,
    stays: bool,
    rejoins: bool,
}

fn member_strategy() -> impl Strategy<Value = Member> {
    let join = prop_oneof![
        (1u32..8).prop_map(Join::Weight),
        prop::collection::vec(0u64..48, 1..5).prop_map(|t| Join::Tokens(t, Vec::new())),
    ];
    (join, any::<bool>(), any::<bool>()).prop_map(|(join, stays, rejoins)| Member {
        join,
        stays,
        rejoins,
    })
}

fn join_member(ring: &mut HashRing<String>, name: &str, m: &Member) {
    match &m.join {
        Join::Weight(w) => ring.add_weighted(name.to_string(), *w),
        Join::Tokens(t, _) => ring.add_with_tokens(name.to_string(), t.iter().copied()),
    }
    .unwrap();
    ring.assert_invariants();
}

proptest! {
    /// Any interleaving of joins, leaves and rejoins that ends with one
    /// membership gives the same ring as a fresh build of it, and the
    /// reference ring's points.
    #[test]
    fn ring_is_independent_of_random_join_and_leave_orders(
        members in prop::collection::vec(member_strategy(), 1..10),
        seed: u64,
    ) {
        // Tokens are given deduplicated, so every join succeeds.
        let members: Vec<Member> = members
            .into_iter()
            .map(|mut m| {
                if let Join::Tokens(t, _) = &mut m.join {
                    t.sort_unstable();
                    t.dedup();
                }
                m
            })
            .collect();
        let names: Vec<String> = (0..members.len()).map(|i| format!("node-{i}")).collect();
        // Each node's own events, in order: join, then leave (and rejoin).
        let mut queues: Vec<Vec<bool>> = members
            .iter()
            .map(|m| match (m.stays, m.rejoins) {
                (true, false) => vec![true],
                (true, true) => vec![true, false, true],
                (false, false) => vec![true, false],
                (false, true) => vec![true, false, true, false],
            })
            .collect();
        let mut rng = Rng(seed);
        let mut ring = HashRing::new();
        loop {
            let pending: Vec<usize> = (0..queues.len()).filter(|&i| !queues[i].is_empty()).collect();
            if pending.is_empty() {
                break;
            }
            let i = pending[rng.below(pending.len() as u64) as usize];
            if queues[i].remove(0) {
                join_member(&mut ring, &names[i], &members[i]);
            } else {
                remove_checked(&mut ring, &names[i]);
            }
        }

        let mut fresh = HashRing::new();
        let mut naive = NaiveRing::new(XxHash3::default());
        for (i, m) in members.iter().enumerate().filter(|(_, m)| m.stays) {
            join_member(&mut fresh, &names[i], m);
            match &m.join {
                Join::Weight(w) => naive.add_weighted(names[i].clone(), *w),
                Join::Tokens(t, _) => naive.add_with_tokens(names[i].clone(), t.iter().copied()),
            }
            .unwrap();
        }
        assert_equal_rings(&ring, &fresh, "random order and fresh build");
        prop_assert!(ring.points().map(|(p, n)| (p, n.clone())).eq(naive.point_list()));
        prop_assert!(ring.nodes().cloned().eq(naive.nodes_in_order()));
    }
}

#[test]
fn long_ids_are_kept() {
    let ids: Vec<String> = vec![
        "a".to_string(),
        "b".repeat(22),
        "c".repeat(23),
        "d".repeat(24),
        "e".repeat(255),
        "f".repeat(4096),
        "nœud-ü-節点-🦀".to_string(),
    ];
    let mut ring = HashRing::new();
    let mut naive = NaiveRing::new(XxHash3::default());
    for id in &ids {
        ring.add(id.clone()).unwrap();
        ring.assert_invariants();
        naive.add_weighted(id.clone(), DEFAULT_VNODES).unwrap();
    }
    let mut want: Vec<&String> = ids.iter().collect();
    want.sort_by_key(|n| key_bytes(*n));
    assert!(ring.nodes().eq(want), "nodes() in identity-bytes order");
    for id in &ids {
        assert!(ring.contains(id));
        assert_eq!(ring.weight(id), Some(DEFAULT_VNODES));
        let count = ring.points().filter(|(_, n)| *n == id).count();
        assert_eq!(
            count,
            DEFAULT_VNODES as usize,
            "points of a {}-byte id",
            id.len()
        );
        assert!(ring.share(id) > 0.0, "share of a {}-byte id", id.len());
    }
    assert!(
        ring.points()
            .map(|(p, n)| (p, n.clone()))
            .eq(naive.point_list()),
        "points() differ from the reference"
    );

    // Long ids that differ only in their last byte are two nodes with
    // their own points: nothing past a fixed length is ignored.
    for len in [23, 24, 255, 256, 4096] {
        let x = format!("{}x", "n".repeat(len - 1));
        let y = format!("{}y", "n".repeat(len - 1));
        let mut ring = HashRing::new();
        ring.add_weighted(x.clone(), 8).unwrap();
        ring.add_weighted(y.clone(), 8).unwrap();
        ring.assert_invariants();
        assert_eq!(ring.len(), 2);
        let of = |id: &String| -> Vec<u64> {
            ring.points()
                .filter(|(_, n)| *n == id)
                .map(|(p, _)| p)
                .collect()
        };
        assert_eq!(of(&x).len(), 8);
        assert_ne!(of(&x), of(&y), "{len}-byte ids differing in the last byte");
        let mut naive = NaiveRing::new(XxHash3::default());
        naive.add_weighted(x.clone(), 8).unwrap();
        naive.add_weighted(y.clone(), 8).unwrap();
        assert!(
            ring.points()
                .map(|(p, n)| (p, n.clone()))
                .eq(naive.point_list())
        );
    }
}

/// C15 part 2 for three names: a collision of three at 500.
fn check_rebuild_with_three(a: &'static str, b: &'static str, c: &'static str) {
    let spec = |n: &'static str, t: u64| (n, vec![t, 500]);
    let ring = token_ring(&[spec(a, 100), spec(b, 200), spec(c, 300)]);
    let order = collision_order(&[&a, &b, &c]);
    assert_eq!(ring.replicas_at(500, 3).collect::<Vec<_>>(), order);
    assert_eq!(ring.locate_position(500), Some(order[0]));
    let at_500: Vec<&&str> = ring
        .points()
        .filter(|(p, _)| *p == 500)
        .map(|(_, n)| n)
        .collect();
    assert_eq!(at_500, order, "points() at 500 in collision order");

    let mut without_c = ring.clone();
    remove_checked(&mut without_c, &c);
    let ab = token_ring(&[spec(a, 100), spec(b, 200)]);
    let ba = token_ring(&[spec(b, 200), spec(a, 100)]);
    assert_equal_rings(&without_c, &ab, "removal and fresh a, b");
    assert_equal_rings(&without_c, &ba, "removal and fresh b, a");
    let w = winner(&[&a, &b]);
    for r in [&without_c, &ab, &ba] {
        assert_eq!(r.locate_position(500), Some(w));
    }
    // The restart: built once more from scratch.
    let again = token_ring(&[spec(a, 100), spec(b, 200)]);
    assert_equal_rings(&without_c, &again, "a rebuild");
    let again_all = token_ring(&[spec(c, 300), spec(b, 200), spec(a, 100)]);
    assert_equal_rings(&ring, &again_all, "a rebuild of all three");
}

#[test]
fn rebuilt_ring_orders_collisions_the_same() {
    check_rebuild_with_three("node-a", "node-b", "node-c");
    // Identity order the reverse of the strings' order.
    check_rebuild_with_three("node-a", "node-ab", "node-abc");
    check_rebuild_with_three("node-c", "node-b", "node-a");
}

/// C21's order check: 100 seeded random add orders of node-1..node-5 give
/// equal rings, and "HASH" always has the owner the reference ring names.
#[test]
fn add_order_never_changes_the_owner_of_a_key() {
    let names: Vec<String> = (1..=5).map(|i| format!("node-{i}")).collect();
    let mut naive = NaiveRing::new(XxHash3::default());
    for n in &names {
        naive.add_weighted(n.clone(), DEFAULT_VNODES).unwrap();
    }
    let expected = naive.locate("HASH").unwrap();
    let mut rng = Rng(0x5EED_0021);
    let mut first: Option<HashRing<String>> = None;
    for _ in 0..100 {
        // Fisher-Yates with the seeded generator.
        let mut order = names.clone();
        for i in (1..order.len()).rev() {
            order.swap(i, rng.below(i as u64 + 1) as usize);
        }
        let mut ring = HashRing::new();
        for n in order {
            ring.add(n).unwrap();
        }
        assert_eq!(ring.locate("HASH"), Some(&expected));
        match &first {
            Some(f) => assert_equal_rings(f, &ring, "a permuted add order"),
            None => first = Some(ring),
        }
    }
}
