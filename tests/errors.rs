//! Errors: every variant reached through the public API with a message that
//! says what went wrong and how to fix it, the documented precedence when an
//! input is wrong in several ways, and failed calls that change nothing.

mod common;

use std::hash::{Hash, Hasher};

use shardring::{Error, HashRing, MAX_NODES, MAX_POINTS};

const LIMIT: u64 = MAX_POINTS as u64;

fn s(name: &str) -> String {
    name.to_owned()
}

/// node-a (weight 10) and node-t (tokens 5, 6, 7).
fn fixture() -> HashRing<String> {
    let mut ring = HashRing::new();
    ring.add_weighted(s("node-a"), 10).unwrap();
    ring.add_with_tokens(s("node-t"), [5, 6, 7]).unwrap();
    ring
}

/// Runs a call on a clone of `ring` that must fail with `want`, asserts
/// that it left the ring as it was, and returns the error.
fn fails<N, H>(
    ring: &HashRing<N, H>,
    want: Error,
    call: impl FnOnce(&mut HashRing<N, H>) -> Result<(), Error>,
) -> Error
where
    N: Hash + Eq + Clone + std::fmt::Debug,
    H: shardring::RingHasher,
{
    let mut changed = ring.clone();
    let got = call(&mut changed);
    assert_eq!(got, Err(want));
    assert!(changed == *ring, "the failed call changed the ring");
    assert!(ring.diff(&changed).moves().is_empty());
    changed.assert_invariants();
    want
}

/// Asserts that `err`'s message contains every phrase (case-insensitive).
fn says(err: Error, phrases: &[&str]) {
    let msg = err.to_string().to_lowercase();
    for phrase in phrases {
        assert!(
            msg.contains(&phrase.to_lowercase()),
            "{err:?}: {msg:?} lacks {phrase:?}"
        );
    }
}

/// Hashes only its name; `==` compares name and tag.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Tagged(&'static str, u32);

impl Hash for Tagged {
    fn hash<S: Hasher>(&self, state: &mut S) {
        self.0.hash(state);
    }
}

#[test]
fn already_member_says_the_node_is_in_and_how_to_change_it() {
    let ring = fixture();
    let err = fails(&ring, Error::AlreadyMember, |r| r.add(s("node-a")));
    fails(&ring, Error::AlreadyMember, |r| {
        r.add_weighted(s("node-a"), 3)
    });
    fails(&ring, Error::AlreadyMember, |r| {
        r.add_with_tokens(s("node-a"), [1])
    });
    fails(&ring, Error::AlreadyMember, |r| {
        r.add_all([(s("node-t"), 3)])
    });
    assert_eq!(ring.plan_add(s("node-t"), 3), Err(Error::AlreadyMember));
    says(err, &["already a member", "set_weight", "remove"]);
}

#[test]
fn identity_conflict_says_the_hash_output_must_differ() {
    let mut ring = HashRing::new();
    ring.add_weighted(Tagged("db", 1), 4).unwrap();
    let err = fails(&ring, Error::IdentityConflict, |r| {
        r.add_weighted(Tagged("db", 2), 4)
    });
    fails(&ring, Error::IdentityConflict, |r| {
        r.add_with_tokens(Tagged("db", 2), [9])
    });
    fails(&ring, Error::IdentityConflict, |r| {
        r.add_all([(Tagged("db", 2), 4)])
    });
    assert_eq!(
        ring.plan_add(Tagged("db", 2), 4),
        Err(Error::IdentityConflict)
    );
    says(err, &["identity bytes", "hash", "distinct"]);
}

#[test]
fn not_member_says_the_node_is_absent_and_how_to_check() {
    let ring = fixture();
    let err = fails(&ring, Error::NotMember, |r| r.remove(&s("node-z")));
    fails(&ring, Error::NotMember, |r| r.set_weight(&s("node-z"), 3));
    assert_eq!(ring.plan_remove(&s("node-z")), Err(Error::NotMember));
    says(err, &["not a member", "add it first", "contains"]);
}

#[test]
fn has_explicit_tokens_says_to_remove_and_add_again() {
    let ring = fixture();
    let err = fails(&ring, Error::HasExplicitTokens, |r| {
        r.set_weight(&s("node-t"), 4)
    });
    says(err, &["explicit tokens", "remove it", "add_with_tokens"]);
}

#[test]
fn zero_weight_says_to_use_at_least_one_or_remove() {
    let ring = fixture();
    let err = fails(&ring, Error::ZeroWeight, |r| r.add_weighted(s("node-b"), 0));
    fails(&ring, Error::ZeroWeight, |r| r.set_weight(&s("node-a"), 0));
    fails(&ring, Error::ZeroWeight, |r| r.add_all([(s("node-b"), 0)]));
    assert_eq!(ring.plan_add(s("node-b"), 0), Err(Error::ZeroWeight));
    says(err, &["weight of 0", "at least 1", "remove"]);
}

#[test]
fn no_tokens_says_to_give_at_least_one() {
    let ring = fixture();
    let err = fails(&ring, Error::NoTokens, |r| {
        r.add_with_tokens(s("node-b"), std::iter::empty())
    });
    says(err, &["empty", "at least one token"]);
}

#[test]
fn duplicate_token_names_the_token() {
    let ring = fixture();
    let token = 0xDEAD_BEEF_u64;
    let err = fails(&ring, Error::DuplicateToken { token }, |r| {
        r.add_with_tokens(s("node-b"), [1, token, 2, token])
    });
    says(err, &[&token.to_string(), "more than once", "once"]);
    // A token equal to another node's point is a collision, not an error.
    let mut ring = ring;
    assert_eq!(ring.add_with_tokens(s("node-b"), [5, 6]), Ok(()));
}

#[test]
fn too_many_points_names_the_count_and_the_limit() {
    let ring = fixture();
    let requested = 13 + u64::from(u32::MAX);
    let want = Error::TooManyPoints {
        requested,
        limit: LIMIT,
    };
    let err = fails(&ring, want, |r| r.add_weighted(s("node-b"), u32::MAX));
    fails(&ring, want, |r| r.add_all([(s("node-b"), u32::MAX)]));
    fails(
        &ring,
        Error::TooManyPoints {
            requested: requested - 10,
            limit: LIMIT,
        },
        |r| r.set_weight(&s("node-a"), u32::MAX),
    );
    assert_eq!(ring.plan_add(s("node-b"), u32::MAX), Err(want));
    says(err, &[&requested.to_string(), &LIMIT.to_string(), "fewer"]);
}

#[test]
fn too_many_nodes_names_the_count_and_the_limit() {
    let mut ring: HashRing<u32> = HashRing::new();
    ring.add_all((0..MAX_NODES as u32).map(|i| (i, 1))).unwrap();
    let want = Error::TooManyNodes {
        requested: MAX_NODES as u64 + 1,
        limit: MAX_NODES as u64,
    };
    let err = fails(&ring, want, |r| r.add(u32::MAX));
    says(
        err,
        &[
            &(MAX_NODES + 1).to_string(),
            &MAX_NODES.to_string(),
            "fewer nodes",
        ],
    );
    // Membership and emptiness still come first on a full ring.
    fails(&ring, Error::AlreadyMember, |r| r.add(7));
    fails(&ring, Error::ZeroWeight, |r| r.add_weighted(u32::MAX, 0));
    fails(&ring, Error::DuplicateToken { token: 1 }, |r| {
        r.add_with_tokens(u32::MAX, [1, 1])
    });
    // The node limit comes before the point limit.
    fails(&ring, want, |r| r.add_weighted(u32::MAX, u32::MAX));
}

#[test]
fn errors_box_as_send_sync_std_errors() {
    fn boxed(ring: &mut HashRing<String>) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
        ring.add(s("node-a"))?;
        Ok(())
    }
    let mut ring = fixture();
    let err = boxed(&mut ring).unwrap_err();
    assert_eq!(err.to_string(), Error::AlreadyMember.to_string());
    assert!(err.source().is_none());
    assert_eq!(err.downcast_ref::<Error>(), Some(&Error::AlreadyMember));

    let all = [
        Error::AlreadyMember,
        Error::IdentityConflict,
        Error::NotMember,
        Error::HasExplicitTokens,
        Error::ZeroWeight,
        Error::NoTokens,
        Error::DuplicateToken { token: 3 },
        Error::TooManyNodes {
            requested: MAX_NODES as u64 + 1,
            limit: MAX_NODES as u64,
        },
        Error::TooManyPoints {
            requested: LIMIT + 1,
            limit: LIMIT,
        },
    ];
    let mut messages = Vec::new();
    for e in all {
        let b: Box<dyn std::error::Error + Send + Sync + 'static> = Box::new(e);
        let msg = b.to_string();
        // One sentence of what went wrong, then how to fix it.
        assert!(msg.contains(';'), "{msg}");
        assert!(!format!("{e:?}").is_empty());
        messages.push(msg);
    }
    messages.sort();
    messages.dedup();
    assert_eq!(
        messages.len(),
        all.len(),
        "every variant has its own message"
    );
}

#[test]
fn membership_errors_come_before_emptiness_duplicates_and_size() {
    let ring = fixture();
    // Already a member, and also weight 0 / too big / no tokens /
    // duplicate tokens / too many tokens.
    fails(&ring, Error::AlreadyMember, |r| {
        r.add_weighted(s("node-a"), 0)
    });
    fails(&ring, Error::AlreadyMember, |r| {
        r.add_weighted(s("node-a"), u32::MAX)
    });
    fails(&ring, Error::AlreadyMember, |r| {
        r.add_with_tokens(s("node-a"), [])
    });
    fails(&ring, Error::AlreadyMember, |r| {
        r.add_with_tokens(s("node-a"), [4, 4])
    });
    fails(&ring, Error::AlreadyMember, |r| {
        r.add_all([(s("node-t"), 0)])
    });
    assert_eq!(ring.plan_add(s("node-a"), 0), Err(Error::AlreadyMember));
    // Not a member, and weight 0 / too big.
    fails(&ring, Error::NotMember, |r| r.set_weight(&s("node-z"), 0));
    fails(&ring, Error::NotMember, |r| {
        r.set_weight(&s("node-z"), u32::MAX)
    });
    // Token node (a membership kind of error), and weight 0 / too big.
    fails(&ring, Error::HasExplicitTokens, |r| {
        r.set_weight(&s("node-t"), 0)
    });
    fails(&ring, Error::HasExplicitTokens, |r| {
        r.set_weight(&s("node-t"), u32::MAX)
    });
    // Identity conflict, and no tokens.
    let mut tagged = HashRing::new();
    tagged.add_weighted(Tagged("db", 1), 4).unwrap();
    fails(&tagged, Error::IdentityConflict, |r| {
        r.add_with_tokens(Tagged("db", 2), [])
    });
    fails(&tagged, Error::IdentityConflict, |r| {
        r.add_weighted(Tagged("db", 2), 0)
    });
}

#[test]
fn emptiness_comes_before_size_and_duplicates_before_size() {
    let ring = fixture();
    // Weight 0 cannot be too big; a zero weight anywhere before a too-big
    // item in a batch decides (items are checked in order).
    fails(&ring, Error::ZeroWeight, |r| {
        r.add_all([(s("node-b"), 0), (s("node-c"), u32::MAX)])
    });
    fails(
        &ring,
        Error::TooManyPoints {
            requested: 13 + u64::from(u32::MAX),
            limit: LIMIT,
        },
        |r| r.add_all([(s("node-c"), u32::MAX), (s("node-b"), 0)]),
    );
    // Duplicate tokens, and too many of them: one repeat (7 twice) in an
    // endless iterator, read up to one more than fits; the repeat decides.
    fails(&ring, Error::DuplicateToken { token: 7 }, |r| {
        r.add_with_tokens(s("node-b"), (0..).map(|i| if i == 8 { 7 } else { i }))
    });
    // Too many alone: the iterator is read for MAX_POINTS + 1 tokens,
    // whatever the ring already holds, and those come on top of its points.
    fails(
        &ring,
        Error::TooManyPoints {
            requested: ring.point_count() as u64 + LIMIT + 1,
            limit: LIMIT,
        },
        |r| r.add_with_tokens(s("node-b"), 100..),
    );
    // The last token of the window (number MAX_POINTS + 1) repeats an
    // earlier one: still a duplicate, not a size error; and when the window
    // holds two repeats, the smaller one is named, wherever it sits.
    let last_repeats = |repeat: u64| (1..=LIMIT).chain([repeat]).chain(LIMIT + 1..);
    fails(&ring, Error::DuplicateToken { token: 5 }, |r| {
        r.add_with_tokens(s("node-b"), last_repeats(5))
    });
    fails(&ring, Error::DuplicateToken { token: 3 }, |r| {
        r.add_with_tokens(
            s("node-b"),
            last_repeats(3).map(|t| if t == 1000 { 999 } else { t }),
        )
    });
    fails(&ring, Error::DuplicateToken { token: 999 }, |r| {
        r.add_with_tokens(
            s("node-b"),
            last_repeats(LIMIT + 5).map(|t| if t == 1000 { 999 } else { t }),
        )
    });
}
