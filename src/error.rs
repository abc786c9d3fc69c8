//! The one error type of the crate.

use core::fmt;

/// What went wrong in a call that changes a [`HashRing`](crate::HashRing) or
/// previews a change.
///
/// A call that returns an `Error` has left the ring exactly as it was.
///
/// When one input is wrong in several ways, the variant is picked in this
/// order, so that one input always gives one variant:
///
/// 1. membership: [`AlreadyMember`](Error::AlreadyMember),
///    [`IdentityConflict`](Error::IdentityConflict),
///    [`NotMember`](Error::NotMember),
///    [`HasExplicitTokens`](Error::HasExplicitTokens);
/// 2. emptiness: [`ZeroWeight`](Error::ZeroWeight), [`NoTokens`](Error::NoTokens);
/// 3. duplicates: [`DuplicateToken`](Error::DuplicateToken);
/// 4. size: [`TooManyNodes`](Error::TooManyNodes), then
///    [`TooManyPoints`](Error::TooManyPoints).
///
/// [`add_all`](crate::HashRing::add_all) applies this order to each item in
/// turn, and the first bad item decides.
///
/// An `Error` never carries a node value (nodes need not implement `Debug`);
/// its [`Display`](fmt::Display) text says how to fix the call.
///
/// # Examples
///
/// ```
/// use shardring::{Error, HashRing};
///
/// let mut ring = HashRing::new();
/// ring.add("node-a").unwrap();
/// assert_eq!(ring.add("node-a"), Err(Error::AlreadyMember));
/// assert_eq!(ring.remove(&"node-z"), Err(Error::NotMember));
/// assert_eq!(ring.add_weighted("node-b", 0), Err(Error::ZeroWeight));
/// assert_eq!(ring.len(), 1);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Error {
    /// The node to add is already a member of the ring.
    AlreadyMember,
    /// The node to add is not equal (`!=`) to any member, but its identity
    /// bytes (the byte stream its `Hash` impl writes) equal a member's, so
    /// the two would have the same points.
    IdentityConflict,
    /// The node named by `remove`, `set_weight` or `plan_remove` is not a
    /// member of the ring.
    NotMember,
    /// `set_weight` was called on a node added with
    /// [`add_with_tokens`](crate::HashRing::add_with_tokens), which has no
    /// vnode indices to add or drop.
    HasExplicitTokens,
    /// A weight (number of virtual nodes) of 0 was given.
    ZeroWeight,
    /// `add_with_tokens` was given no tokens.
    NoTokens,
    /// The same token appears twice in one `add_with_tokens` call.
    DuplicateToken {
        /// The repeated position.
        token: u64,
    },
    /// The ring would hold more than [`MAX_NODES`](crate::MAX_NODES) nodes.
    TooManyNodes {
        /// How many nodes the ring would hold after the call (at least:
        /// [`add_all`](crate::HashRing::add_all) stops reading at the first
        /// node past the limit).
        requested: u64,
        /// The limit, [`MAX_NODES`](crate::MAX_NODES).
        limit: u64,
    },
    /// The ring would hold more than [`MAX_POINTS`](crate::MAX_POINTS) points.
    TooManyPoints {
        /// How many points the ring would hold after the call (at least: a
        /// token iterator is read only until one token past the limit).
        requested: u64,
        /// The limit, [`MAX_POINTS`](crate::MAX_POINTS).
        limit: u64,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::AlreadyMember => f.write_str(
                "the node is already a member of the ring; \
                 use set_weight to change its weight, or remove it first",
            ),
            Error::IdentityConflict => f.write_str(
                "the node differs from a member but hashes to the same identity bytes, \
                 so both would get the same points; make the nodes' Hash output distinct \
                 (hash every field that tells them apart)",
            ),
            Error::NotMember => f.write_str(
                "the node is not a member of the ring; check the node value, \
                 or add it first (contains() tells membership)",
            ),
            Error::HasExplicitTokens => f.write_str(
                "the node was added with explicit tokens and has no vnode count to change; \
                 remove it and add it again with add_with_tokens",
            ),
            Error::ZeroWeight => f.write_str(
                "a weight of 0 virtual nodes was given; use at least 1, \
                 or remove the node to take it out of the ring",
            ),
            Error::NoTokens => f.write_str(
                "the token list is empty, which would make a member without points; \
                 give at least one token, or do not add the node",
            ),
            Error::DuplicateToken { token } => write!(
                f,
                "token {token} appears more than once for the same node; \
                 give each position once"
            ),
            Error::TooManyNodes { requested, limit } => write!(
                f,
                "the ring would hold at least {requested} nodes, above the limit of {limit}; \
                 use fewer nodes (group keys into fewer shards)"
            ),
            Error::TooManyPoints { requested, limit } => write!(
                f,
                "the ring would hold at least {requested} points, above the limit of {limit}; \
                 use fewer virtual nodes per node or fewer nodes"
            ),
        }
    }
}

impl core::error::Error for Error {}
