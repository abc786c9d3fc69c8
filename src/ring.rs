//! `HashRing`: the node table, the sorted points, and membership changes.

use alloc::boxed::Box;
use alloc::collections::BTreeMap;
use alloc::vec::Vec;
use core::fmt;
use core::hash::Hash;

use crate::error::Error;
use crate::hash::{RingHasher, XxHash3, for_each_vnode, key_bytes};
use crate::lookup::Points;
use crate::range::HashRange;

/// The number of virtual nodes [`HashRing::add`] gives a node: 256.
///
/// With 256 points per node, each node's share of the ring has a relative
/// standard deviation of about 1/√256 ≈ 6%. The test
/// `default_vnodes_balance_ten_nodes` checks that the largest of ten nodes'
/// exact ring shares is at most 1.25 times the mean; it measures 1.083 for
/// `node-1`..`node-10`, 1.078 for `nodeA`..`nodeJ` and 1.097 for
/// `10.0.0.1:7000`..`10.0.0.10:7000`. With 1,000,000 keys on 1000 nodes the
/// busiest node holds 1.25 times the mean. These figures are printed by
/// `cargo test --release --test distribution -- --nocapture`.
pub const DEFAULT_VNODES: u32 = 256;

/// The most points a ring may hold: 2^24 = 16,777,216 (for example
/// [`MAX_NODES`] nodes of [`DEFAULT_VNODES`] each).
///
/// Calls that would pass it return [`Error::TooManyPoints`]. A weight is
/// checked before any memory for points is allocated; a token list must be
/// read first
/// (duplicates are reported before size), at most `MAX_POINTS + 1` tokens,
/// which holds up to 128 MiB, and up to 192 MiB for a moment while the list
/// grows. At the limit the point arrays
/// and lookup index take at most 16 bytes per point, 256 MiB.
pub const MAX_POINTS: usize = 1 << 24;

/// The most nodes a ring may hold: 2^16 = 65,536.
///
/// Calls that would pass it return [`Error::TooManyNodes`]. The limit keeps
/// [`add_all`](HashRing::add_all) fed an endless iterator of valid nodes
/// from reading millions of items before it can fail.
pub const MAX_NODES: usize = 1 << 16;

/// A consistent-hash ring with virtual nodes.
///
/// `N` is the node type (anything `Hash + Eq + Clone`: a name, an address, a
/// struct); `H` is the [`RingHasher`], [`XxHash3`] unless chosen with
/// [`with_hasher`](HashRing::with_hasher). As for a `HashMap` key, `N`'s
/// `Hash` must agree with its `Eq` (equal nodes write equal bytes) and must
/// write the same bytes every time; the bytes it writes are the node's
/// identity, which places its points. A `Hash` that breaks this is a logic
/// error: the ring stays safe and panic-free, but its answers are
/// unspecified (two equal nodes may both become members, for example).
///
/// # The ring
///
/// Positions are `u64`, growing counterclockwise round a circle. A key sits
/// at the hash of its bytes ([`position`](HashRing::position)); each node has
/// points at positions derived from its identity bytes and vnode index.
/// **A key belongs to the first point met walking counterclockwise (upwards)
/// from its position, the point itself included**, wrapping past `u64::MAX`
/// to the smallest point. So a point owns the arc `(previous point, point]`,
/// and the smallest point also owns everything above the largest.
///
/// ```text
///            point of A
///        .---- o ----.          walking counterclockwise (upwards):
///      /               \        key k at position h belongs to the
///  C  o                 o  B    first point at or after h, here B;
///      \               /        past u64::MAX the walk wraps to 0.
///        '---- o ---- k
///            point of C
/// ```
///
/// # Invariants
///
/// 1. Every member has at least one point; no member has more than
///    [`MAX_POINTS`], nor the ring in total.
/// 2. No two members are equal, and no two have equal identity bytes.
/// 3. Points are sorted by position, then by the node's identity bytes
///    (lexicographic), then by vnode index; this order alone decides which
///    of several points at one position owns it (the first), so the ring is
///    a function of its membership, never of the order of calls.
/// 4. A node's points depend only on the hasher, its identity bytes and its
///    weight (vnode `i` exists for `i < weight`) or its explicit tokens.
///
/// # Examples
///
/// ```
/// use shardring::HashRing;
///
/// let mut ring = HashRing::new();
/// ring.add("cache-1")?;
/// ring.add("cache-2")?;
/// ring.add_weighted("cache-3", 512)?; // twice the default share
///
/// let owner = ring.locate("user:42").unwrap();
/// let replicas: Vec<_> = ring.replicas("user:42", 2).collect();
/// assert_eq!(replicas[0], owner);
/// assert_ne!(replicas[0], replicas[1]);
/// # Ok::<(), shardring::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct HashRing<N, H = XxHash3> {
    pub(crate) hasher: H,
    /// The member nodes sorted by identity bytes; a node's index is its
    /// rank. Kept apart from `meta` so that a lookup reads a dense array.
    pub(crate) nodes: Vec<N>,
    /// The rest of each member, at the same rank as its node. Only
    /// `insert_member`, `remove_member` and `take_members` change the
    /// lengths of `nodes` and `meta`, so the two stay in step.
    pub(crate) meta: Vec<Meta>,
    pub(crate) points: Points,
}

/// What the ring keeps about a member besides the node itself.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Meta {
    /// The node's identity bytes (see [`key_bytes`]).
    pub(crate) id: Box<[u8]>,
    pub(crate) kind: Kind,
}

/// How a member's points were given.
#[derive(Clone, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Vnodes `0..weight`, positions hashed from the identity.
    Vnodes(u32),
    /// Explicit positions, sorted, distinct.
    Tokens(Box<[u64]>),
}

impl Kind {
    fn count(&self) -> u32 {
        match self {
            Kind::Vnodes(w) => *w,
            // At most MAX_POINTS tokens, which fits in u32.
            Kind::Tokens(t) => t.len() as u32,
        }
    }
}

/// Where a node stands relative to the table.
pub(crate) enum Found {
    /// A member, at this rank.
    Member(usize),
    /// Not a member, but a member at this rank has the same identity bytes.
    Conflict,
    /// Not a member; it would take this rank.
    Absent(usize),
}

impl<N> HashRing<N, XxHash3> {
    /// Returns an empty ring with the default hasher, [`XxHash3`] with seed 0.
    ///
    /// Nodes added with [`add`](HashRing::add) get [`DEFAULT_VNODES`] points.
    ///
    /// # Examples
    ///
    /// ```
    /// let ring: shardring::HashRing<String> = shardring::HashRing::new();
    /// assert!(ring.is_empty());
    /// assert_eq!(ring.locate("k"), None);
    /// ```
    #[must_use]
    pub fn new() -> Self {
        Self::with_hasher(XxHash3::default())
    }
}

impl<N> Default for HashRing<N, XxHash3> {
    fn default() -> Self {
        Self::new()
    }
}

impl<N, H> HashRing<N, H> {
    /// Returns an empty ring that hashes keys and nodes with `hasher`.
    ///
    /// # Examples
    ///
    /// ```
    /// use shardring::{HashRing, SipHash13};
    ///
    /// let mut ring = HashRing::with_hasher(SipHash13::new_with_key([7; 16]));
    /// ring.add("node-a")?;
    /// assert_eq!(ring.locate(&12345u64), Some(&"node-a"));
    /// # Ok::<(), shardring::Error>(())
    /// ```
    #[must_use]
    pub const fn with_hasher(hasher: H) -> Self {
        HashRing {
            hasher,
            nodes: Vec::new(),
            meta: Vec::new(),
            points: Points::new(),
        }
    }

    /// Returns the ring's hasher.
    ///
    /// # Examples
    ///
    /// ```
    /// use shardring::{HashRing, XxHash3};
    ///
    /// let ring: HashRing<u32> = HashRing::with_hasher(XxHash3::with_seed(9));
    /// assert_eq!(ring.hasher().seed(), 9);
    /// ```
    #[must_use]
    pub const fn hasher(&self) -> &H {
        &self.hasher
    }

    /// Returns the number of nodes.
    ///
    /// Runs in O(1) time.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut ring = shardring::HashRing::new();
    /// assert_eq!(ring.len(), 0);
    /// ring.add_weighted("a", 3)?;
    /// assert_eq!(ring.len(), 1);
    /// # Ok::<(), shardring::Error>(())
    /// ```
    #[must_use]
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// Returns `true` if the ring has no nodes (and so no points).
    ///
    /// Runs in O(1) time.
    ///
    /// # Examples
    ///
    /// ```
    /// let ring: shardring::HashRing<&str> = shardring::HashRing::new();
    /// assert!(ring.is_empty());
    /// ```
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// Returns the total number of points (virtual nodes and tokens).
    ///
    /// Runs in O(1) time.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut ring = shardring::HashRing::new();
    /// ring.add_weighted("a", 3)?;
    /// ring.add_with_tokens("b", [1, 2])?;
    /// assert_eq!(ring.point_count(), 5);
    /// # Ok::<(), shardring::Error>(())
    /// ```
    #[must_use]
    pub fn point_count(&self) -> usize {
        self.points.len()
    }

    /// Returns the nodes in identity-bytes order (see [`key_bytes`]).
    ///
    /// The order depends only on the membership, not on the order of calls.
    /// It is the byte order of what the nodes hash as, which is not always
    /// their natural order: a `str` hashes with a trailing `0xFF`, so `"ab"`
    /// comes before `"a"`, and integers are little-endian, so `256u64`
    /// comes before `1u64`.
    ///
    /// Runs in O(1) time per item.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut ring = shardring::HashRing::new();
    /// ring.add("node-b")?;
    /// ring.add("node-a")?;
    /// assert_eq!(ring.nodes().collect::<Vec<_>>(), [&"node-a", &"node-b"]);
    /// # Ok::<(), shardring::Error>(())
    /// ```
    pub fn nodes(&self) -> impl ExactSizeIterator<Item = &N> + DoubleEndedIterator + '_ {
        self.nodes.iter()
    }

    /// Returns every point as `(position, node)`, in ring order: ascending
    /// position, and at a shared position in collision order (identity
    /// bytes, then vnode index), so the owner of a position comes first.
    ///
    /// Runs in O(1) time per item.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut ring = shardring::HashRing::new();
    /// ring.add_with_tokens("node-b", [200, 500])?;
    /// ring.add_with_tokens("node-a", [500])?;
    /// let points: Vec<_> = ring.points().collect();
    /// assert_eq!(points, [(200, &"node-b"), (500, &"node-a"), (500, &"node-b")]);
    /// # Ok::<(), shardring::Error>(())
    /// ```
    pub fn points(&self) -> impl ExactSizeIterator<Item = (u64, &N)> + DoubleEndedIterator + '_ {
        self.points
            .positions()
            .iter()
            .zip(self.points.owners())
            .map(|(&p, &o)| (p, &self.nodes[o as usize]))
    }

    /// Returns the bytes of heap memory the ring's point arrays and lookup
    /// index hold (not counting the node table and the node values).
    ///
    /// That is 12 bytes per point plus an index of at most 4 bytes per point
    /// and 12 bytes: at most `16 * point_count() + 12`.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut ring = shardring::HashRing::new();
    /// ring.add("a")?;
    /// assert!(ring.point_heap_bytes() <= 16 * ring.point_count() + 12);
    /// # Ok::<(), shardring::Error>(())
    /// ```
    #[must_use]
    pub fn point_heap_bytes(&self) -> usize {
        self.points.heap_bytes()
    }

    /// The node at rank `r`.
    #[inline(always)]
    pub(crate) fn node_at(&self, rank: usize) -> &N {
        &self.nodes[rank]
    }

    /// Puts a member at `rank`, moving those at `rank..` up by one.
    fn insert_member(&mut self, rank: usize, node: N, meta: Meta) {
        self.nodes.insert(rank, node);
        self.meta.insert(rank, meta);
    }

    /// Takes out the member at `rank`, moving those above it down by one.
    fn remove_member(&mut self, rank: usize) {
        self.nodes.remove(rank);
        self.meta.remove(rank);
    }

    /// Empties the node table, leaving room for `capacity` members, and
    /// returns the old members in rank order.
    fn take_members(&mut self, capacity: usize) -> impl Iterator<Item = (N, Meta)> + use<N, H> {
        let nodes = core::mem::replace(&mut self.nodes, Vec::with_capacity(capacity));
        let meta = core::mem::replace(&mut self.meta, Vec::with_capacity(capacity));
        nodes.into_iter().zip(meta)
    }
}

impl<N: Hash + Eq + Clone, H: RingHasher> HashRing<N, H> {
    /// Looks a node up by identity bytes, then by `==`.
    fn find(&self, id: &[u8], node: &N) -> Found {
        match self.meta.binary_search_by(|m| (*m.id).cmp(id)) {
            Ok(r) if self.nodes[r] == *node => Found::Member(r),
            Ok(_) => Found::Conflict,
            Err(r) => Found::Absent(r),
        }
    }

    /// The rank of a member, or [`Error::NotMember`].
    pub(crate) fn rank_of(&self, node: &N) -> Result<usize, Error> {
        match self.find(&key_bytes(node), node) {
            Found::Member(r) => Ok(r),
            Found::Conflict | Found::Absent(_) => Err(Error::NotMember),
        }
    }

    /// The rank a new node would take, or the membership error.
    pub(crate) fn rank_for_new(&self, id: &[u8], node: &N) -> Result<usize, Error> {
        match self.find(id, node) {
            Found::Member(_) => Err(Error::AlreadyMember),
            Found::Conflict => Err(Error::IdentityConflict),
            Found::Absent(r) => Ok(r),
        }
    }

    /// Checks that the ring may grow from `now` points by `more`.
    fn check_size(now: usize, more: u64) -> Result<(), Error> {
        let requested = now as u64 + more;
        if requested > MAX_POINTS as u64 {
            return Err(Error::TooManyPoints {
                requested,
                limit: MAX_POINTS as u64,
            });
        }
        Ok(())
    }

    /// Checks that the ring may grow from `now` nodes by one.
    fn check_nodes(now: usize) -> Result<(), Error> {
        if now >= MAX_NODES {
            return Err(Error::TooManyNodes {
                requested: now as u64 + 1,
                limit: MAX_NODES as u64,
            });
        }
        Ok(())
    }

    /// Sorted positions of vnodes `from..to` of the node with identity `id`.
    pub(crate) fn vnode_positions(&self, id: &[u8], from: u32, to: u32) -> Vec<u64> {
        let mut out = Vec::with_capacity((to - from) as usize);
        for_each_vnode(&self.hasher, id, from, to, |_, p| out.push(p));
        out.sort_unstable();
        out
    }

    /// Sorted positions of all points of the member at `rank`.
    pub(crate) fn member_positions(&self, rank: usize) -> Vec<u64> {
        let m = &self.meta[rank];
        match &m.kind {
            Kind::Vnodes(w) => self.vnode_positions(&m.id, 0, *w),
            Kind::Tokens(t) => t.to_vec(),
        }
    }

    /// The arcs the member at `rank` owns, in ring order, each with the
    /// index of the point that owns it: one per distinct position of its
    /// points where it comes first in collision order. O(v log p).
    pub(crate) fn owned_arcs(&self, rank: usize) -> impl Iterator<Item = (usize, HashRange)> + '_ {
        let mut positions = self.member_positions(rank);
        positions.dedup();
        positions.into_iter().filter_map(move |q| {
            let i = self.points.first_at(q)?;
            if self.points.owner(i) != rank {
                return None;
            }
            Some((i, self.points.owned_arc(i)?))
        })
    }

    /// Validates a weighted add and returns the node's identity and rank.
    pub(crate) fn check_add_weighted(
        &self,
        node: &N,
        vnodes: u32,
    ) -> Result<(Box<[u8]>, usize), Error> {
        let id = key_bytes(node);
        let rank = self.rank_for_new(&id, node)?;
        if vnodes == 0 {
            return Err(Error::ZeroWeight);
        }
        Self::check_nodes(self.len())?;
        Self::check_size(self.points.len(), u64::from(vnodes))?;
        Ok((id.into_boxed_slice(), rank))
    }

    /// Adds `node` with [`DEFAULT_VNODES`] virtual nodes.
    ///
    /// Same as [`add_weighted(node, DEFAULT_VNODES)`](HashRing::add_weighted).
    ///
    /// # Errors
    ///
    /// [`Error::AlreadyMember`], [`Error::IdentityConflict`],
    /// [`Error::TooManyNodes`], [`Error::TooManyPoints`]; the ring is then
    /// unchanged.
    ///
    /// # Examples
    ///
    /// ```
    /// use shardring::{DEFAULT_VNODES, HashRing};
    ///
    /// let mut ring = HashRing::new();
    /// ring.add("node-a")?;
    /// assert_eq!(ring.weight(&"node-a"), Some(DEFAULT_VNODES));
    /// # Ok::<(), shardring::Error>(())
    /// ```
    pub fn add(&mut self, node: N) -> Result<(), Error> {
        self.add_weighted(node, DEFAULT_VNODES)
    }

    /// Adds `node` with `vnodes` virtual nodes (its absolute weight).
    ///
    /// Vnode `i` (for `i` in `0..vnodes`) sits at the hash of the node's
    /// identity bytes and `i` (see the crate docs, "Placement"). No other
    /// node's points change, so keys move only to `node`.
    ///
    /// Runs in O(p + v log v) time for p points in the ring and v new ones.
    ///
    /// # Errors
    ///
    /// In this order: [`Error::AlreadyMember`] or [`Error::IdentityConflict`]
    /// if `node` (or a node with its identity bytes) is a member;
    /// [`Error::ZeroWeight`] if `vnodes` is 0; [`Error::TooManyNodes`] if
    /// the ring holds [`MAX_NODES`] nodes already; [`Error::TooManyPoints`]
    /// if it would hold more than [`MAX_POINTS`] points, checked before any
    /// memory for points is allocated. The ring is then unchanged.
    ///
    /// To build a ring of many nodes, prefer [`add_all`](HashRing::add_all):
    /// adding n nodes one at a time costs O(n) merges of the whole ring.
    ///
    /// # Examples
    ///
    /// ```
    /// use shardring::{Error, HashRing};
    ///
    /// let mut ring = HashRing::new();
    /// ring.add_weighted("big", 400)?;
    /// ring.add_weighted("small", 100)?;
    /// assert_eq!(ring.point_count(), 500);
    /// assert!(ring.share(&"big") > ring.share(&"small"));
    /// assert_eq!(ring.add_weighted("huge", u32::MAX), Err(Error::TooManyPoints {
    ///     requested: 500 + u64::from(u32::MAX),
    ///     limit: shardring::MAX_POINTS as u64,
    /// }));
    /// # Ok::<(), shardring::Error>(())
    /// ```
    pub fn add_weighted(&mut self, node: N, vnodes: u32) -> Result<(), Error> {
        let (id, rank) = self.check_add_weighted(&node, vnodes)?;
        let positions = self.vnode_positions(&id, 0, vnodes);
        self.insert_member(
            rank,
            node,
            Meta {
                id,
                kind: Kind::Vnodes(vnodes),
            },
        );
        self.points.insert(rank as u32, &positions, true);
        Ok(())
    }

    /// Reads and validates a token list for a node that is not a member:
    /// returns the tokens sorted.
    pub(crate) fn check_tokens(
        &self,
        tokens: impl IntoIterator<Item = u64>,
    ) -> Result<Box<[u64]>, Error> {
        // Read at most MAX_POINTS + 1 tokens: one more than any ring can
        // hold tells the size error without following an endless iterator,
        // and the window does not depend on the ring, so a duplicate in it
        // (the smallest) is always reported first. The extra token is not
        // stored, so the list never grows past MAX_POINTS entries.
        let mut tokens = tokens.into_iter();
        let mut list: Vec<u64> = tokens.by_ref().take(MAX_POINTS).collect();
        let extra = if list.len() == MAX_POINTS {
            tokens.next()
        } else {
            None
        };
        if list.is_empty() {
            return Err(Error::NoTokens);
        }
        list.sort_unstable();
        let repeated = list.windows(2).find(|w| w[0] == w[1]).map(|w| w[0]);
        let extra_repeated = extra.filter(|t| list.binary_search(t).is_ok());
        if let Some(token) = repeated.into_iter().chain(extra_repeated).min() {
            return Err(Error::DuplicateToken { token });
        }
        Self::check_nodes(self.len())?;
        let count = list.len() + usize::from(extra.is_some());
        Self::check_size(self.points.len(), count as u64)?;
        Ok(list.into_boxed_slice())
    }

    /// Adds `node` with points at exactly the given positions ("tokens").
    ///
    /// Use it to place points yourself, for example to mirror another
    /// system's token assignment. A token equal to another node's point is a
    /// collision, which is allowed (see [`points`](HashRing::points)). A node
    /// added this way has no vnode indices, so
    /// [`set_weight`](HashRing::set_weight) refuses it.
    ///
    /// Runs in O(p + t log t) time for p points in the ring and t tokens.
    ///
    /// # Errors
    ///
    /// In this order: [`Error::AlreadyMember`] or
    /// [`Error::IdentityConflict`]; [`Error::NoTokens`] for an empty list (a
    /// member without points, the same misuse as weight 0);
    /// [`Error::DuplicateToken`] if a position is given twice;
    /// [`Error::TooManyNodes`]; [`Error::TooManyPoints`]. The iterator is
    /// read for at most `MAX_POINTS + 1` items, whatever the ring holds, so
    /// an endless iterator is an error, not a hang (it takes up to 192 MiB
    /// at peak and a fraction of a second to find out). The ring is then
    /// unchanged.
    ///
    /// # Examples
    ///
    /// ```
    /// use shardring::{Error, HashRing};
    ///
    /// let mut ring = HashRing::new();
    /// ring.add_with_tokens("node-a", [100])?;
    /// ring.add_with_tokens("node-b", [200])?;
    /// assert_eq!(ring.locate_position(150), Some(&"node-b"));
    /// assert_eq!(ring.locate_position(201), Some(&"node-a")); // wraps
    /// assert_eq!(ring.add_with_tokens("node-c", [5, 5]), Err(Error::DuplicateToken { token: 5 }));
    /// assert_eq!(ring.add_with_tokens("node-c", core::iter::repeat(1)),
    ///            Err(Error::DuplicateToken { token: 1 }));
    /// # Ok::<(), shardring::Error>(())
    /// ```
    pub fn add_with_tokens(
        &mut self,
        node: N,
        tokens: impl IntoIterator<Item = u64>,
    ) -> Result<(), Error> {
        let id = key_bytes(&node);
        let rank = self.rank_for_new(&id, &node)?;
        let tokens = self.check_tokens(tokens)?;
        self.points.insert(rank as u32, &tokens, true);
        self.insert_member(
            rank,
            node,
            Meta {
                id: id.into_boxed_slice(),
                kind: Kind::Tokens(tokens),
            },
        );
        Ok(())
    }

    /// Adds many nodes at once, each with its number of virtual nodes: all
    /// of them, or none.
    ///
    /// Faster than repeated [`add_weighted`](HashRing::add_weighted) for a
    /// first build: one sort of all points. The result equals adding the
    /// nodes one by one in any order.
    ///
    /// Runs in O(p + v log v) time for p points in the ring and v new ones.
    ///
    /// # Errors
    ///
    /// Items are checked in order and the first bad item decides the error.
    /// For each item, in this order: [`Error::AlreadyMember`] or
    /// [`Error::IdentityConflict`] if it is a member or repeats an earlier
    /// item of the batch; [`Error::ZeroWeight`]; [`Error::TooManyNodes`]
    /// once the ring and the batch pass [`MAX_NODES`]; [`Error::TooManyPoints`]
    /// once the running total passes [`MAX_POINTS`]. Reading stops at the
    /// first bad item, so an endless iterator ends in an error after at most
    /// `MAX_NODES + 1` items. On error nothing is added.
    ///
    /// # Examples
    ///
    /// ```
    /// use shardring::{Error, HashRing};
    ///
    /// let mut ring = HashRing::new();
    /// ring.add_all([("a", 100), ("b", 200), ("c", 100)])?;
    /// assert_eq!(ring.point_count(), 400);
    ///
    /// assert_eq!(ring.add_all([("d", 10), ("a", 10)]), Err(Error::AlreadyMember));
    /// assert_eq!(ring.add_all([("d", 10), ("d", 20)]), Err(Error::AlreadyMember));
    /// assert_eq!(ring.add_all(core::iter::repeat(("e", 0))), Err(Error::ZeroWeight));
    /// assert!(!ring.contains(&"d"));
    /// # Ok::<(), shardring::Error>(())
    /// ```
    pub fn add_all(&mut self, nodes: impl IntoIterator<Item = (N, u32)>) -> Result<(), Error> {
        // The batch by identity bytes: finds repeats, and iterates sorted.
        let mut batch: BTreeMap<Box<[u8]>, (N, u32)> = BTreeMap::new();
        let mut total = self.points.len() as u64;
        for (node, vnodes) in nodes {
            let id = key_bytes(&node).into_boxed_slice();
            self.rank_for_new(&id, &node)?;
            if let Some((earlier, _)) = batch.get(&id) {
                return Err(if *earlier == node {
                    Error::AlreadyMember
                } else {
                    Error::IdentityConflict
                });
            }
            if vnodes == 0 {
                return Err(Error::ZeroWeight);
            }
            Self::check_nodes(self.len() + batch.len())?;
            Self::check_size(total as usize, u64::from(vnodes))?;
            total += u64::from(vnodes);
            batch.insert(id, (node, vnodes));
        }

        // Merge the two sorted node lists; remember where old ranks go.
        let mut remap = Vec::with_capacity(self.len());
        let mut new_points = Vec::with_capacity(total as usize);
        let mut old_iter = self.take_members(self.len() + batch.len()).peekable();
        let mut new_iter = batch.into_iter().peekable();
        loop {
            let take_old = match (old_iter.peek(), new_iter.peek()) {
                (Some((_, o)), Some((id, _))) => o.id < *id,
                (Some(_), None) => true,
                (None, Some(_)) => false,
                (None, None) => break,
            };
            let rank = self.len();
            if take_old {
                if let Some((node, meta)) = old_iter.next() {
                    remap.push(rank as u32);
                    self.insert_member(rank, node, meta);
                }
            } else if let Some((id, (node, vnodes))) = new_iter.next() {
                for_each_vnode(&self.hasher, &id, 0, vnodes, |_, p| {
                    new_points.push((p, rank as u32));
                });
                let kind = Kind::Vnodes(vnodes);
                self.insert_member(rank, node, Meta { id, kind });
            }
        }
        self.points.merge(&mut new_points, |o| remap[o as usize]);
        Ok(())
    }

    /// Removes `node` and all its points.
    ///
    /// Keys it owned move to the nodes of the next points counterclockwise;
    /// no other key moves.
    ///
    /// Runs in O(p + v log v) time for p points in the ring and v points
    /// of the node: its points are found from its own positions.
    ///
    /// # Errors
    ///
    /// [`Error::NotMember`] if `node` is not a member; the ring is then
    /// unchanged.
    ///
    /// # Examples
    ///
    /// ```
    /// use shardring::{Error, HashRing};
    ///
    /// let mut ring = HashRing::new();
    /// ring.add("a")?;
    /// ring.add("b")?;
    /// ring.remove(&"a")?;
    /// assert_eq!(ring.locate("any key"), Some(&"b"));
    /// assert_eq!(ring.remove(&"a"), Err(Error::NotMember));
    /// # Ok::<(), shardring::Error>(())
    /// ```
    pub fn remove(&mut self, node: &N) -> Result<(), Error> {
        let rank = self.rank_of(node)?;
        let positions = self.member_positions(rank);
        self.remove_member(rank);
        self.points.remove_node(rank as u32, &positions);
        Ok(())
    }

    /// Sets the number of virtual nodes of a member to `vnodes`.
    ///
    /// Growing adds vnodes `old..vnodes`; shrinking drops vnodes
    /// `vnodes..old`. No other node's points change, so keys move only to
    /// (growing) or from (shrinking) `node`. Setting the current weight
    /// changes nothing and returns `Ok`.
    ///
    /// Runs in O(p + d log d) time for p points and d changed vnodes.
    ///
    /// # Errors
    ///
    /// In this order: [`Error::NotMember`]; [`Error::HasExplicitTokens`] if
    /// the node was added with [`add_with_tokens`](HashRing::add_with_tokens);
    /// [`Error::ZeroWeight`] (use [`remove`](HashRing::remove) instead);
    /// [`Error::TooManyPoints`]. The ring is then unchanged.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut ring = shardring::HashRing::new();
    /// ring.add_weighted("a", 100)?;
    /// ring.add_weighted("b", 100)?;
    /// let before = ring.clone();
    /// ring.set_weight(&"b", 300)?;
    /// assert_eq!(ring.weight(&"b"), Some(300));
    /// // Every key that moved, moved to "b".
    /// assert!(before.diff(&ring).moves().iter().all(|m| m.to == "b"));
    /// # Ok::<(), shardring::Error>(())
    /// ```
    pub fn set_weight(&mut self, node: &N, vnodes: u32) -> Result<(), Error> {
        let rank = self.rank_of(node)?;
        let old = match self.meta[rank].kind {
            Kind::Vnodes(w) => w,
            Kind::Tokens(_) => return Err(Error::HasExplicitTokens),
        };
        if vnodes == 0 {
            return Err(Error::ZeroWeight);
        }
        if vnodes > old {
            Self::check_size(self.points.len(), u64::from(vnodes - old))?;
            let added = self.vnode_positions(&self.meta[rank].id, old, vnodes);
            self.points.insert(rank as u32, &added, false);
        } else if vnodes < old {
            let dropped = self.vnode_positions(&self.meta[rank].id, vnodes, old);
            self.points.remove_points(rank as u32, &dropped);
        }
        self.meta[rank].kind = Kind::Vnodes(vnodes);
        Ok(())
    }

    /// Returns `true` if `node` is a member.
    ///
    /// Runs in O(log m) time for m nodes, after hashing `node` once.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut ring = shardring::HashRing::new();
    /// ring.add("a")?;
    /// assert!(ring.contains(&"a"));
    /// assert!(!ring.contains(&"b"));
    /// # Ok::<(), shardring::Error>(())
    /// ```
    #[must_use]
    pub fn contains(&self, node: &N) -> bool {
        self.rank_of(node).is_ok()
    }

    /// Returns a member's number of points (its weight, or its token count
    /// for a node added with [`add_with_tokens`](HashRing::add_with_tokens)),
    /// or `None` if `node` is not a member.
    ///
    /// Runs in O(log m) time for m nodes, after hashing `node` once.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut ring = shardring::HashRing::new();
    /// ring.add_weighted("a", 7)?;
    /// ring.add_with_tokens("b", [1, 2, 3])?;
    /// assert_eq!(ring.weight(&"a"), Some(7));
    /// assert_eq!(ring.weight(&"b"), Some(3));
    /// assert_eq!(ring.weight(&"c"), None);
    /// # Ok::<(), shardring::Error>(())
    /// ```
    #[must_use]
    pub fn weight(&self, node: &N) -> Option<u32> {
        let rank = self.rank_of(node).ok()?;
        Some(self.meta[rank].kind.count())
    }

    /// Returns the fraction of the ring (of all positions) that `node` owns,
    /// in `[0, 1]`; 0.0 if it is not a member.
    ///
    /// This is the exact sum of the arcs its points own, not a sample, so
    /// for uniformly hashed keys it is the node's expected share of keys.
    ///
    /// Runs in O(v log p) time for the node's v points and p points in the
    /// ring, plus the hashing of its v vnode positions.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut ring = shardring::HashRing::new();
    /// ring.add_with_tokens("a", [0])?;
    /// ring.add_with_tokens("b", [1 << 62])?;
    /// assert_eq!(ring.share(&"b"), 0.25);
    /// assert_eq!(ring.share(&"a"), 0.75);
    /// assert_eq!(ring.share(&"c"), 0.0);
    /// # Ok::<(), shardring::Error>(())
    /// ```
    #[must_use]
    pub fn share(&self, node: &N) -> f64 {
        let Ok(rank) = self.rank_of(node) else {
            return 0.0;
        };
        let owned: u128 = self.owned_arcs(rank).map(|(_, arc)| arc.len()).sum();
        crate::plan::fraction_of_ring(owned)
    }
}

impl<N, H> HashRing<N, H> {
    /// Panics if an internal invariant does not hold: one metadata entry
    /// per node; members strictly sorted by identity bytes; points sorted
    /// in collision order; every point's node a member; each member's point
    /// count equal to its weight or token count; the lookup index consistent
    /// with the points.
    ///
    /// For the crate's tests and fuzz targets; not part of the API.
    #[doc(hidden)]
    pub fn assert_invariants(&self) {
        assert_eq!(
            self.nodes.len(),
            self.meta.len(),
            "one metadata entry per node"
        );
        assert!(
            self.meta.windows(2).all(|w| w[0].id < w[1].id),
            "members sorted by identity bytes, no two equal"
        );
        let mut counts = alloc::vec![0u32; self.len()];
        for i in 0..self.points.len() {
            let rank = self.points.owner(i);
            assert!(rank < self.len(), "point {i} names no member");
            counts[rank] += 1;
        }
        for (m, &c) in self.meta.iter().zip(&counts) {
            assert_eq!(m.kind.count(), c, "a member's point count");
            if let Kind::Tokens(t) = &m.kind {
                assert!(t.windows(2).all(|w| w[0] < w[1]), "tokens sorted, distinct");
            }
        }
        self.points.assert_invariants();
    }
}

impl<N: fmt::Debug, H: fmt::Debug> fmt::Debug for HashRing<N, H> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        struct Nodes<'a, N>(&'a [N], &'a [Meta]);
        impl<N: fmt::Debug> fmt::Debug for Nodes<'_, N> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_map()
                    .entries(self.0.iter().zip(self.1).map(|(n, m)| (n, m.kind.count())))
                    .finish()
            }
        }
        f.debug_struct("HashRing")
            .field("hasher", &self.hasher)
            .field("nodes", &Nodes(&self.nodes, &self.meta))
            .field("points", &self.points.len())
            .finish()
    }
}
