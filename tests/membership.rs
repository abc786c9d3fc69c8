//! Membership: adding, removing and reweighting nodes, the empty ring, and
//! the limits on weights and point counts.

mod common;

use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};

use common::naive::vnode_position;
use common::{
    NaiveRing, Op, Rng, apply, assert_same_points, assert_same_ring, check_plan, node_name,
    op_strategy,
};
use proptest::prelude::*;
use shardring::{
    DEFAULT_VNODES, Error, HashRing, MAX_NODES, MAX_POINTS, RingHasher, XxHash3, key_bytes,
};

const LIMIT: u64 = MAX_POINTS as u64;

fn s(name: &str) -> String {
    name.to_owned()
}

/// A ring of `(name, weight)` nodes built with `add_weighted`.
fn weighted(nodes: &[(&str, u32)]) -> HashRing<String> {
    let mut ring = HashRing::new();
    for &(name, w) in nodes {
        ring.add_weighted(s(name), w).unwrap();
    }
    ring
}

/// The positions of `node`'s points, in ring order.
fn points_of<H>(ring: &HashRing<String, H>, node: &str) -> Vec<u64> {
    ring.points()
        .filter(|(_, n)| n.as_str() == node)
        .map(|(p, _)| p)
        .collect()
}

/// The documented vnode positions `0..weight` of `node`, sorted.
fn vnode_positions(node: &str, weight: u32) -> Vec<u64> {
    let id = key_bytes(&s(node));
    let mut v: Vec<u64> = (0..weight)
        .map(|i| vnode_position(&XxHash3::default(), &id, i))
        .collect();
    v.sort_unstable();
    v
}

/// The owner of `h` among reference points by the documented rule: the
/// first point at or above `h`, else the first point.
fn owner_in(points: &[(u64, String)], h: u64) -> Option<&String> {
    points
        .iter()
        .find(|(p, _)| *p >= h)
        .or(points.first())
        .map(|(_, n)| n)
}

/// Runs a call that must fail with `want` and asserts that it left the ring
/// exactly as it was.
fn assert_fails_unchanged<H: RingHasher>(
    ring: &mut HashRing<String, H>,
    want: Error,
    call: impl FnOnce(&mut HashRing<String, H>) -> Result<(), Error>,
) {
    let before = ring.clone();
    assert_eq!(call(ring), Err(want));
    assert!(*ring == before, "a failed call changed the ring");
    assert!(ring.diff(&before).moves().is_empty());
    ring.assert_invariants();
}

#[test]
fn empty_ring_answers_none_without_panicking() {
    let mut ring: HashRing<String> = HashRing::new();
    assert_eq!(ring.locate("k"), None);
    assert_eq!(ring.locate_bytes(b"k"), None);
    for p in [0, 1, 1 << 63, u64::MAX] {
        assert_eq!(ring.locate_position(p), None);
        assert_eq!(ring.replicas_at(p, 3).count(), 0);
    }
    assert_eq!(ring.replicas("k", 3).count(), 0);
    assert_eq!(ring.replicas("k", usize::MAX).count(), 0);
    assert!(ring.is_empty());
    assert_eq!(ring.len(), 0);
    assert_eq!(ring.point_count(), 0);
    assert_eq!(ring.nodes().count(), 0);
    assert_eq!(ring.points().count(), 0);
    assert!(!ring.contains(&s("node-x")));
    assert_eq!(ring.weight(&s("node-x")), None);
    assert_eq!(ring.share(&s("node-x")), 0.0);
    assert_fails_unchanged(&mut ring, Error::NotMember, |r| r.remove(&s("node-x")));
    assert_fails_unchanged(&mut ring, Error::NotMember, |r| {
        r.set_weight(&s("node-x"), 10)
    });
    assert!(ring.is_empty());
    // A key's position does not need a node: it is the hash of its bytes.
    assert_eq!(
        ring.position("k"),
        XxHash3::default().hash_bytes(&key_bytes("k"))
    );

    // One node, then back to empty.
    ring.add(s("node-a")).unwrap();
    assert_eq!(ring.locate("k"), Some(&s("node-a")));
    ring.remove(&s("node-a")).unwrap();
    assert_eq!(ring.locate("k"), None);
    assert_eq!(ring.points().count(), 0);
    assert_eq!(ring.replicas("k", 3).count(), 0);
    assert!(ring.is_empty());
    assert!(ring == HashRing::new(), "back to empty equals a new ring");
}

#[test]
fn removing_a_node_moves_only_its_keys() {
    let old = weighted(&[("node-a", 100), ("node-b", 100), ("node-c", 100)]);
    let mut new = old.clone();
    new.remove(&s("node-b")).unwrap();
    let mut moved = 0;
    for i in 0..10_000 {
        let key = format!("key-{i}");
        let before = old.locate(&key).unwrap();
        let after = new.locate(&key).unwrap();
        if before == "node-b" {
            moved += 1;
            assert!(
                after == "node-a" || after == "node-c",
                "{key} went to {after}"
            );
        } else {
            assert_eq!(before, after, "{key} moved though node-b did not own it");
        }
    }
    // node-b held a third of 300 points: some keys moved, most did not.
    assert!(moved > 1_000 && moved < 6_000, "{moved} keys moved");
    let plan = old.diff(&new);
    assert!(!plan.moves().is_empty());
    assert!(plan.moves().iter().all(|m| m.from == "node-b"));
    check_plan(&old, &new, &plan, &mut Rng(8));
}

#[test]
fn remove_succeeds_at_any_position_in_node_table() {
    let names = ["node-a", "node-b", "node-c"];
    // Every removal order: newest first, first first, middle first, ...
    let orders = [
        [2, 0, 1],
        [2, 1, 0],
        [0, 1, 2],
        [0, 2, 1],
        [1, 0, 2],
        [1, 2, 0],
    ];
    for order in orders {
        let mut ring = HashRing::new();
        let mut naive = NaiveRing::new(XxHash3::default());
        for name in names {
            ring.add(s(name)).unwrap();
            naive.add_weighted(s(name), DEFAULT_VNODES).unwrap();
        }
        for i in order {
            assert_eq!(ring.remove(&s(names[i])), Ok(()), "order {order:?}");
            naive.remove(&s(names[i])).unwrap();
            assert_same_points(&ring, &naive);
        }
        assert!(ring.is_empty());
        assert_eq!(ring.points().count(), 0);
    }

    let mut ring = weighted(&[("node-a", 50), ("node-b", 50)]);
    let before = ring.clone();
    let err = ring.remove(&s("node-z")).unwrap_err();
    assert_eq!(err, Error::NotMember);
    let msg = err.to_string();
    assert!(msg.contains("not a member"), "{msg}");
    assert!(msg.contains("add it first"), "{msg}");
    assert!(ring == before);
    assert_eq!(
        ring.points().collect::<Vec<_>>(),
        before.points().collect::<Vec<_>>()
    );
}

/// A random model operation on node-0..node-9 with weights capped at 16,
/// failing calls included (members added again, absent nodes, weight 0,
/// repeated or missing tokens).
fn random_op(rng: &mut Rng) -> Op {
    let node = |rng: &mut Rng| rng.below(10) as u8;
    let weight = |rng: &mut Rng| rng.below(17) as u32;
    let token = |rng: &mut Rng| match rng.below(4) {
        0 => [0, 1, 100, 500, u64::MAX - 1, u64::MAX][rng.below(6) as usize],
        _ => rng.next_u64(),
    };
    match rng.below(16) {
        0 => Op::Add(node(rng)),
        1..=4 => Op::AddWeighted(node(rng), weight(rng)),
        5..=7 => {
            let n = node(rng);
            let count = rng.below(5);
            Op::AddWithTokens(n, (0..count).map(|_| token(rng)).collect())
        }
        8 => {
            let count = rng.below(4);
            Op::AddAll((0..count).map(|_| (node(rng), weight(rng))).collect())
        }
        9..=12 => Op::Remove(node(rng)),
        _ => Op::SetWeight(node(rng), weight(rng)),
    }
}

#[test]
fn ten_thousand_seeded_ops_match_reference_ring() {
    let mut ring = HashRing::new();
    let mut naive = NaiveRing::new(XxHash3::default());
    let mut ops = Rng(0x5eed_0010);
    let mut probes = Rng(0x5eed_0011);
    let mut outcomes: BTreeMap<String, usize> = BTreeMap::new();
    for step in 0..10_000 {
        let op = random_op(&mut ops);
        let before = ring.clone();
        let (got, want) = apply(&mut ring, &mut naive, &op);
        assert_eq!(got, want, "step {step}: outcome of {op:?}");
        *outcomes
            .entry(match got {
                Ok(()) => "Ok".to_owned(),
                Err(e) => format!("{e:?}"),
            })
            .or_default() += 1;
        if got.is_err() {
            assert!(
                ring == before,
                "step {step}: a failed {op:?} changed the ring"
            );
        } else {
            check_plan(&before, &ring, &before.diff(&ring), &mut probes);
        }
        // Every step: the same points and nodes, and the same owners at a
        // few random positions and points. Every 50th step: the full
        // comparison (every point's position and its neighbours, replicas).
        // A failed step is covered by `ring == before` above and the
        // reference's points.
        if step % 50 == 0 {
            assert_same_ring(&ring, &naive, &mut probes);
        } else {
            let points = assert_same_points(&ring, &naive);
            let mut at = vec![probes.next_u64(), probes.next_u64()];
            if !points.is_empty() {
                let (p, _) = points[probes.below(points.len() as u64) as usize];
                at.extend([p.wrapping_sub(1), p, p.wrapping_add(1)]);
            }
            for h in at {
                assert_eq!(
                    ring.locate_position(h),
                    owner_in(&points, h),
                    "step {step}: owner of {h}"
                );
            }
        }
    }
    // The sequence reached success and every kind of failure it can.
    for kind in [
        "Ok",
        "AlreadyMember",
        "NotMember",
        "HasExplicitTokens",
        "ZeroWeight",
        "NoTokens",
    ] {
        assert!(
            outcomes.get(kind).copied().unwrap_or(0) >= 20,
            "{outcomes:?}"
        );
    }
    assert!(
        outcomes.keys().any(|k| k.starts_with("DuplicateToken")),
        "{outcomes:?}"
    );
}

#[test]
fn zero_weight_is_an_error_and_changes_nothing() {
    let mut ring: HashRing<String> = HashRing::new();
    for name in ["node-a", "node-b", "node-c"] {
        assert_fails_unchanged(&mut ring, Error::ZeroWeight, |r| r.add_weighted(s(name), 0));
    }
    assert!(ring.is_empty());
    assert_eq!(ring.locate("k"), None);

    ring.add_weighted(s("node-b"), 1).unwrap();
    let node_b = s("node-b");
    for i in 0..10_000 {
        let key = format!("k{i}");
        assert_eq!(ring.locate(&key), Some(&node_b));
        let replicas: Vec<_> = ring.replicas(&key, 2).collect();
        assert_eq!(replicas, [&node_b]);
    }
    assert_eq!(ring.nodes().collect::<Vec<_>>(), [&node_b]);

    assert_fails_unchanged(&mut ring, Error::ZeroWeight, |r| {
        r.set_weight(&s("node-b"), 0)
    });
    assert_eq!(ring.weight(&node_b), Some(1));
    assert_eq!(ring.point_count(), 1);
    assert_eq!(ring.locate("any key"), Some(&node_b));

    // An empty token list is the same misuse: a member without points.
    assert_fails_unchanged(&mut ring, Error::NoTokens, |r| {
        r.add_with_tokens(s("node-c"), [])
    });
    assert_fails_unchanged(&mut ring, Error::ZeroWeight, |r| {
        r.add_all([(s("node-c"), 5), (s("node-d"), 0)])
    });
    assert_eq!(ring.plan_add(s("node-c"), 0), Err(Error::ZeroWeight));
    assert_eq!(ring.nodes().collect::<Vec<_>>(), [&node_b]);
}

#[test]
fn weight_one_gets_one_point() {
    let mut with_b = weighted(&[("node-a", 10_000)]);
    let without_b = with_b.clone();
    with_b.add_weighted(s("node-b"), 1).unwrap();
    let a_points = points_of(&with_b, "node-a");
    let b_points = points_of(&with_b, "node-b");
    assert_eq!(a_points.len(), 10_000);
    assert_eq!(b_points, vnode_positions("node-b", 1));
    assert_eq!(with_b.point_count(), 10_001);

    let p = b_points[0];
    assert!(with_b.replicas_at(p, 2).any(|n| n == "node-b"));
    let owner = with_b.locate_position(p).unwrap();
    if a_points.contains(&p) {
        // A collision: the collision order decides, as the reference says.
        let mut naive = NaiveRing::new(XxHash3::default());
        naive.add_weighted(s("node-a"), 10_000).unwrap();
        naive.add_weighted(s("node-b"), 1).unwrap();
        assert_eq!(Some(owner.clone()), naive.locate_position(p));
    } else {
        assert_eq!(owner, "node-b");
    }
    let plan = without_b.diff(&with_b);
    assert!(plan.moves().iter().any(|m| m.to == "node-b"));
    assert!(with_b.share(&s("node-b")) > 0.0);
}

#[test]
fn weight_over_limit_is_an_error() {
    let mut ring = weighted(&[("node-a", 10_000), ("node-b", 1)]);
    let now = ring.point_count() as u64;
    let too_many = |requested: u64| Error::TooManyPoints {
        requested,
        limit: LIMIT,
    };
    // u32::MAX vnodes would be 32 GiB of positions: refused before any
    // allocation (an attempt would abort the test process).
    assert_fails_unchanged(&mut ring, too_many(now + u64::from(u32::MAX)), |r| {
        r.add_weighted(s("node-c"), u32::MAX)
    });
    assert_fails_unchanged(&mut ring, too_many(now - 1 + u64::from(u32::MAX)), |r| {
        r.set_weight(&s("node-b"), u32::MAX)
    });
    assert_eq!(
        ring.plan_add(s("node-c"), u32::MAX),
        Err(too_many(now + u64::from(u32::MAX)))
    );
    assert_fails_unchanged(&mut ring, too_many(now + u64::from(u32::MAX)), |r| {
        r.add_all([(s("node-c"), u32::MAX)])
    });
    // One more than fits is refused; exactly filling the ring is not
    // (checked below without building 2^24 hashed points).
    assert_fails_unchanged(&mut ring, too_many(LIMIT + 1), |r| {
        r.add_weighted(s("node-c"), (LIMIT + 1 - now) as u32)
    });

    // Several nodes, each under the limit, that together pass it. In one
    // batch the running total is checked before anything is hashed.
    let half = (LIMIT / 2) as u32;
    let mut empty: HashRing<String> = HashRing::new();
    assert_fails_unchanged(&mut empty, too_many(LIMIT + 1), |r| {
        r.add_all([(s("node-x"), half), (s("node-y"), half), (s("node-z"), 1)])
    });
    assert_fails_unchanged(&mut empty, too_many(LIMIT + 1), |r| {
        r.add_all([(s("node-x"), half), (s("node-y"), half + 1)])
    });
}

#[test]
fn nodes_that_together_pass_the_limit_are_refused_at_the_crossing_add() {
    // Explicit tokens fill the ring cheaply (no hashing; collisions between
    // the two token nodes are allowed): MAX_POINTS / 2 + (MAX_POINTS / 2 - 1)
    // points, then one weighted point fills the ring exactly.
    let half = LIMIT / 2;
    let mut ring: HashRing<String> = HashRing::new();
    ring.add_with_tokens(s("node-x"), 0..half).unwrap();
    ring.add_with_tokens(s("node-y"), 0..half - 1).unwrap();
    ring.add_weighted(s("node-w"), 1).unwrap();
    assert_eq!(ring.point_count(), MAX_POINTS);

    let too_many = Error::TooManyPoints {
        requested: LIMIT + 1,
        limit: LIMIT,
    };
    // One clone of 2^24 points to compare with (a clone, diff and
    // invariant check per call would make this test slow in debug builds).
    let before = ring.clone();
    assert_eq!(ring.add_weighted(s("node-z"), 1), Err(too_many));
    assert_eq!(
        ring.add(s("node-z")),
        Err(Error::TooManyPoints {
            requested: LIMIT + u64::from(DEFAULT_VNODES),
            limit: LIMIT,
        })
    );
    assert_eq!(ring.add_with_tokens(s("node-z"), [7]), Err(too_many));
    assert_eq!(ring.set_weight(&s("node-w"), 2), Err(too_many));
    assert_eq!(ring.add_all([(s("node-z"), 1)]), Err(too_many));
    assert_eq!(ring.plan_add(s("node-z"), 1), Err(too_many));
    assert!(ring == before, "a failed call changed the full ring");
    drop(before);
    // A full ring still answers, and shrinking frees room.
    assert_eq!(ring.set_weight(&s("node-w"), 1), Ok(()));
    assert!(ring.locate("k").is_some());
    ring.remove(&s("node-w")).unwrap();
    assert_eq!(ring.add_weighted(s("node-z"), 1), Ok(()));
    assert_eq!(ring.point_count(), MAX_POINTS);
}

#[test]
fn add_with_tokens_stops_reading_an_endless_iterator() {
    let mut ring = weighted(&[("node-a", 10)]);
    // The same token forever: read one more than fits, then the repeat is
    // found (duplicates come before size).
    assert_fails_unchanged(&mut ring, Error::DuplicateToken { token: 5 }, |r| {
        r.add_with_tokens(s("node-b"), std::iter::repeat(5))
    });
    // Distinct tokens forever: read one more than any ring can hold, on
    // top of the ring's own points.
    let requested = ring.point_count() as u64 + LIMIT + 1;
    assert_fails_unchanged(
        &mut ring,
        Error::TooManyPoints {
            requested,
            limit: LIMIT,
        },
        |r| r.add_with_tokens(s("node-b"), 0..),
    );
}

/// An endless iterator of valid, distinct nodes is cut off by the node
/// limit after `MAX_NODES + 1` items, not after millions.
#[test]
fn add_all_of_endless_valid_nodes_stops_at_the_node_limit() {
    let mut ring = weighted(&[("node-a", 10)]);
    assert_fails_unchanged(
        &mut ring,
        Error::TooManyNodes {
            requested: MAX_NODES as u64 + 1,
            limit: MAX_NODES as u64,
        },
        |r| r.add_all((0u64..).map(|i| (format!("n{i}"), 1))),
    );
}

/// A ring of exactly `MAX_NODES` nodes is allowed; one more node, by any
/// path, is refused and changes nothing.
#[test]
fn node_limit_is_exact() {
    let mut ring: HashRing<u32> = HashRing::new();
    ring.add_all((0..MAX_NODES as u32).map(|i| (i, 1))).unwrap();
    assert_eq!(ring.len(), MAX_NODES);
    let full = Error::TooManyNodes {
        requested: MAX_NODES as u64 + 1,
        limit: MAX_NODES as u64,
    };
    let before = ring.clone();
    assert_eq!(ring.add(u32::MAX), Err(full));
    assert_eq!(ring.add_weighted(u32::MAX, 1), Err(full));
    assert_eq!(ring.add_with_tokens(u32::MAX, [1]), Err(full));
    assert_eq!(ring.add_all([(u32::MAX, 1)]), Err(full));
    assert_eq!(ring.plan_add(u32::MAX, 1).map(|_| ()), Err(full));
    assert!(ring == before);
    // Removing one makes room for one.
    ring.remove(&0).unwrap();
    ring.add(u32::MAX).unwrap();
    assert_eq!(ring.len(), MAX_NODES);
}

#[test]
fn add_all_stops_at_the_first_bad_item_of_an_endless_iterator() {
    let mut ring = weighted(&[("node-a", 10)]);
    assert_fails_unchanged(&mut ring, Error::ZeroWeight, |r| {
        r.add_all(std::iter::repeat((s("node-b"), 0)))
    });
    assert_fails_unchanged(&mut ring, Error::ZeroWeight, |r| {
        r.add_all((0u64..).map(|i| (format!("n{i}"), 0)))
    });
    assert_fails_unchanged(&mut ring, Error::AlreadyMember, |r| {
        r.add_all(std::iter::repeat((s("node-b"), 1)))
    });
    // Distinct nodes of 2^20 points each: the 16th fills the ring (with the
    // 10 points already there it passes it), the running total is refused.
    let each = 1u64 << 20;
    assert_fails_unchanged(
        &mut ring,
        Error::TooManyPoints {
            requested: 10 + 16 * each,
            limit: LIMIT,
        },
        |r| r.add_all((0u64..).map(|i| (format!("n{i}"), each as u32))),
    );
}

/// A node whose `Hash` writes only its name while `==` compares the name and
/// the tag: two nodes with one name have equal identity bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Tagged {
    name: &'static str,
    tag: u32,
}

impl Hash for Tagged {
    fn hash<S: Hasher>(&self, state: &mut S) {
        self.name.hash(state);
    }
}

#[test]
fn nodes_with_equal_identity_bytes_cannot_both_be_members() {
    let first = Tagged { name: "db", tag: 1 };
    let second = Tagged { name: "db", tag: 2 };
    assert_ne!(first, second);
    assert_eq!(key_bytes(&first), key_bytes(&second));

    let mut ring = HashRing::new();
    ring.add_weighted(first.clone(), 8).unwrap();
    let before = ring.clone();
    assert_eq!(
        ring.add_weighted(second.clone(), 8),
        Err(Error::IdentityConflict)
    );
    assert_eq!(ring.add(second.clone()), Err(Error::IdentityConflict));
    assert_eq!(
        ring.add_with_tokens(second.clone(), [1, 2]),
        Err(Error::IdentityConflict)
    );
    assert_eq!(
        ring.add_all([(second.clone(), 8)]),
        Err(Error::IdentityConflict)
    );
    assert_eq!(
        ring.plan_add(second.clone(), 8),
        Err(Error::IdentityConflict)
    );
    // The conflicting value is not a member either.
    assert!(!ring.contains(&second));
    assert_eq!(ring.remove(&second), Err(Error::NotMember));
    assert_eq!(ring.set_weight(&second, 3), Err(Error::NotMember));
    assert!(ring == before);
    assert_eq!(ring.nodes().collect::<Vec<_>>(), [&first]);

    // Within one batch as well, and then nothing of the batch is added.
    let mut empty = HashRing::new();
    let third = Tagged {
        name: "cache",
        tag: 3,
    };
    assert_eq!(
        empty.add_all([(third, 4), (first, 4), (second, 4)]),
        Err(Error::IdentityConflict)
    );
    assert!(empty.is_empty());
}

#[test]
fn membership_change_moves_keys_only_to_or_from_changed_node() {
    let original = weighted(&[("node-a", 100), ("node-b", 200), ("node-c", 300)]);
    let mut rng = Rng(19);
    let unchanged = |old: &HashRing<String>, new: &HashRing<String>, others: &[&str]| {
        for name in others {
            assert_eq!(points_of(old, name), points_of(new, name), "{name} moved");
        }
    };

    // A join.
    let mut joined = original.clone();
    joined.add_weighted(s("node-d"), 100).unwrap();
    let plan = original.diff(&joined);
    assert!(!plan.moves().is_empty());
    assert!(plan.moves().iter().all(|m| m.to == "node-d"));
    check_plan(&original, &joined, &plan, &mut rng);
    unchanged(&original, &joined, &["node-a", "node-b", "node-c"]);
    assert_eq!(points_of(&joined, "node-d"), vnode_positions("node-d", 100));

    // Its leave restores the original.
    let mut left = joined.clone();
    left.remove(&s("node-d")).unwrap();
    assert!(left == original);
    assert!(original.diff(&left).moves().is_empty());
    let plan = joined.diff(&left);
    assert!(plan.moves().iter().all(|m| m.from == "node-d"));
    check_plan(&joined, &left, &plan, &mut rng);

    // A reweight up, then down.
    for (weight, grows) in [(250, true), (150, false)] {
        let mut reweighted = original.clone();
        reweighted.set_weight(&s("node-b"), weight).unwrap();
        let plan = original.diff(&reweighted);
        assert!(!plan.moves().is_empty());
        if grows {
            assert!(plan.moves().iter().all(|m| m.to == "node-b"));
        } else {
            assert!(plan.moves().iter().all(|m| m.from == "node-b"));
        }
        check_plan(&original, &reweighted, &plan, &mut rng);
        unchanged(&original, &reweighted, &["node-a", "node-c"]);
        assert_eq!(
            points_of(&reweighted, "node-b"),
            vnode_positions("node-b", weight)
        );
    }
}

#[test]
fn set_weight_to_current_weight_changes_nothing() {
    let mut ring = weighted(&[("node-a", 40), ("node-b", 60)]);
    let before = ring.clone();
    assert_eq!(ring.set_weight(&s("node-b"), 60), Ok(()));
    assert!(ring == before);
    assert!(before.diff(&ring).moves().is_empty());
    assert_eq!(ring.weight(&s("node-b")), Some(60));
}

#[test]
fn set_weight_on_a_token_node_is_refused() {
    let mut ring = weighted(&[("node-a", 40)]);
    ring.add_with_tokens(s("node-t"), [10, 20, 30]).unwrap();
    for w in [1, 3, 4, 0, u32::MAX] {
        assert_fails_unchanged(&mut ring, Error::HasExplicitTokens, |r| {
            r.set_weight(&s("node-t"), w)
        });
    }
    assert_eq!(ring.weight(&s("node-t")), Some(3));
}

#[test]
fn add_all_is_all_or_nothing_on_fixed_batches() {
    let mut ring = weighted(&[("node-a", 10)]);
    ring.add_with_tokens(s("node-t"), [5, 6]).unwrap();
    let cases: Vec<(Vec<(&str, u32)>, Error)> = vec![
        (vec![("node-b", 3), ("node-a", 3)], Error::AlreadyMember),
        (vec![("node-b", 3), ("node-t", 3)], Error::AlreadyMember),
        (
            vec![("node-b", 3), ("node-c", 1), ("node-b", 4)],
            Error::AlreadyMember,
        ),
        (vec![("node-b", 3), ("node-c", 0)], Error::ZeroWeight),
        (vec![("node-b", 0), ("node-a", 3)], Error::ZeroWeight),
        (
            vec![("node-b", 3), ("node-c", u32::MAX)],
            Error::TooManyPoints {
                requested: 12 + 3 + u64::from(u32::MAX),
                limit: LIMIT,
            },
        ),
    ];
    for (batch, want) in cases {
        let batch: Vec<(String, u32)> = batch.into_iter().map(|(n, w)| (s(n), w)).collect();
        let mut naive_order = NaiveRing::new(XxHash3::default());
        naive_order.add_weighted(s("node-a"), 10).unwrap();
        naive_order.add_with_tokens(s("node-t"), [5, 6]).unwrap();
        assert_eq!(naive_order.add_all(batch.clone()), Err(want), "{batch:?}");
        assert_fails_unchanged(&mut ring, want, |r| r.add_all(batch));
    }
    // An empty batch is a successful no-op.
    let before = ring.clone();
    assert_eq!(ring.add_all(Vec::<(String, u32)>::new()), Ok(()));
    assert!(ring == before);
}

/// Builds a ring and its reference from model operations, ignoring failures.
fn build(ops: &[Op]) -> (HashRing<String>, NaiveRing<String, XxHash3>) {
    let mut ring = HashRing::new();
    let mut naive = NaiveRing::new(XxHash3::default());
    for op in ops {
        let (got, want) = apply(&mut ring, &mut naive, op);
        assert_eq!(got, want);
    }
    (ring, naive)
}

/// A batch of distinct new nodes (node-10 and up, so never members of a
/// ring built from `op_strategy(10, _)`) with weights 1..=12.
fn fresh_batch() -> impl Strategy<Value = Vec<(String, u32)>> {
    prop::collection::btree_map(10u8..30, 1u32..=12, 0..6).prop_map(|m| {
        m.into_iter()
            .map(|(i, w)| (node_name(i), w))
            .collect::<Vec<_>>()
    })
}

proptest! {
    #[test]
    fn add_then_remove_restores_ring(
        ops in prop::collection::vec(op_strategy(10, 16), 0..20),
        extra in 10u8..12,
        weight in 1u32..=24,
        tokens in prop::collection::btree_set(common::position_strategy(), 1..6),
        by_tokens: bool,
    ) {
        let (ring, _) = build(&ops);
        // Tokens may collide with the ring's points: reuse some of them.
        let mut tokens: Vec<u64> = tokens.into_iter().collect();
        tokens.extend(ring.points().step_by(7).map(|(p, _)| p));
        tokens.sort_unstable();
        tokens.dedup();
        let mut changed = ring.clone();
        let node = node_name(extra);
        if by_tokens {
            changed.add_with_tokens(node.clone(), tokens).unwrap();
        } else {
            changed.add_weighted(node.clone(), weight).unwrap();
        }
        changed.remove(&node).unwrap();
        changed.assert_invariants();
        prop_assert!(changed == ring);
        prop_assert_eq!(changed.points().collect::<Vec<_>>(), ring.points().collect::<Vec<_>>());
        prop_assert!(ring.diff(&changed).moves().is_empty());
    }

    #[test]
    fn add_all_equals_sequential_adds_in_any_order(
        ops in prop::collection::vec(op_strategy(10, 16), 0..12),
        batch in fresh_batch(),
        seed: u64,
    ) {
        let (base, mut naive) = build(&ops);
        let mut bulk = base.clone();
        bulk.add_all(batch.clone()).unwrap();
        bulk.assert_invariants();
        // Sequential adds, in a seeded random order.
        let mut shuffled = batch.clone();
        let mut rng = Rng(seed);
        for i in (1..shuffled.len()).rev() {
            shuffled.swap(i, rng.below(i as u64 + 1) as usize);
        }
        let mut one_by_one = base.clone();
        for (node, w) in shuffled {
            one_by_one.add_weighted(node, w).unwrap();
        }
        prop_assert!(bulk == one_by_one);
        prop_assert!(bulk.diff(&one_by_one).moves().is_empty());
        naive.add_all(batch).unwrap();
        assert_same_ring(&bulk, &naive, &mut rng);
    }

    #[test]
    fn add_all_is_all_or_nothing(
        ops in prop::collection::vec(op_strategy(10, 16), 0..12),
        batch in prop::collection::vec((0u8..14, prop_oneof![4 => 0u32..=12, 1 => Just(u32::MAX)]), 0..6),
    ) {
        let (mut ring, mut naive) = build(&ops);
        let before = ring.clone();
        let batch: Vec<(String, u32)> = batch.into_iter().map(|(i, w)| (node_name(i), w)).collect();
        let got = ring.add_all(batch.clone());
        prop_assert_eq!(got, naive.add_all(batch));
        if got.is_err() {
            prop_assert!(ring == before, "a failed add_all changed the ring");
        }
        assert_same_ring(&ring, &naive, &mut Rng(1));
    }
}
