//! Migration plans: which arcs of the ring change owner between two rings.

use alloc::vec::Vec;
use core::hash::Hash;

use crate::error::Error;
use crate::hash::RingHasher;
use crate::range::HashRange;
use crate::ring::HashRing;

/// One arc of the ring that changes owner: every key whose position lies in
/// `range` belonged to `from` and belongs to `to`.
///
/// # Examples
///
/// ```
/// use shardring::{HashRange, HashRing};
///
/// let mut old = HashRing::new();
/// old.add_with_tokens("node-a", [100])?;
/// let mut new = old.clone();
/// new.add_with_tokens("node-b", [50])?;
/// let plan = old.diff(&new);
/// let m = &plan.moves()[0];
/// assert_eq!((m.range, m.from, m.to), (HashRange::new(100, 50), "node-a", "node-b"));
/// # Ok::<(), shardring::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Move<N> {
    /// The arc `(start, end]` that moves; it may wrap past `u64::MAX`.
    pub range: HashRange,
    /// The owner of the arc in the old ring.
    pub from: N,
    /// The owner of the arc in the new ring.
    pub to: N,
}

/// The exact difference in ownership between two rings: a sorted list of
/// [`Move`]s.
///
/// Made by [`HashRing::diff`], [`HashRing::plan_add`] and
/// [`HashRing::plan_remove`].
///
/// Invariants (when both rings are non-empty):
///
/// 1. A position changes owner if and only if it lies in the range of a
///    move, and then that move's `from` and `to` are its old and new owner.
/// 2. Ranges are disjoint and sorted by start; a range that wraps past
///    `u64::MAX` comes last.
/// 3. Adjacent ranges with the same `from` and `to` are merged into one,
///    across position 0 as well. A move of the whole ring has
///    `start == end`, at the smallest point position of the two rings.
///
/// If either ring is empty the plan has no moves: a first fill or a total
/// loss is not a migration (no node can send or receive).
///
/// # Examples
///
/// ```
/// use shardring::HashRing;
///
/// let mut old = HashRing::new();
/// old.add_all([("a", 100), ("b", 100), ("c", 100)])?;
/// let mut new = old.clone();
/// new.add_weighted("d", 100)?;
///
/// let plan = old.diff(&new);
/// assert!(plan.moves().iter().all(|m| m.to == "d"));
/// assert_eq!(plan.incoming(&"d"), plan.moved_fraction());
/// assert!((plan.moved_fraction() - new.share(&"d")).abs() < 1e-12);
/// # Ok::<(), shardring::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MigrationPlan<N> {
    moves: Vec<Move<N>>,
}

/// `len / 2^64`: a count of positions as a fraction of the ring.
pub(crate) fn fraction_of_ring(len: u128) -> f64 {
    // 2^64 as f64 is exact; the division rounds once.
    len as f64 / 18_446_744_073_709_551_616.0
}

impl<N> MigrationPlan<N> {
    /// Returns the moves, sorted by range start (a wrapping range last).
    ///
    /// # Examples
    ///
    /// ```
    /// let ring: shardring::HashRing<&str> = shardring::HashRing::new();
    /// assert!(ring.diff(&ring).moves().is_empty());
    /// ```
    #[must_use]
    pub fn moves(&self) -> &[Move<N>] {
        &self.moves
    }

    /// Returns the moves, consuming the plan.
    ///
    /// # Examples
    ///
    /// ```
    /// let ring: shardring::HashRing<&str> = shardring::HashRing::new();
    /// assert!(ring.diff(&ring).into_moves().is_empty());
    /// ```
    #[must_use]
    pub fn into_moves(self) -> Vec<Move<N>> {
        self.moves
    }

    /// Returns the share of the ring that changes owner, in `[0, 1]`: the
    /// summed lengths of the moves divided by 2^64. 0.0 when nothing moves.
    ///
    /// Runs in O(moves) time.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut old = shardring::HashRing::new();
    /// old.add_with_tokens("a", [0])?;
    /// let mut new = old.clone();
    /// new.add_with_tokens("b", [1 << 63])?;
    /// assert_eq!(old.diff(&new).moved_fraction(), 0.5);
    /// # Ok::<(), shardring::Error>(())
    /// ```
    #[must_use]
    pub fn moved_fraction(&self) -> f64 {
        fraction_of_ring(self.moves.iter().map(|m| m.range.len()).sum())
    }
}

impl<N: PartialEq> MigrationPlan<N> {
    /// Returns the share of the ring that `node` receives.
    ///
    /// Runs in O(moves) time.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut old = shardring::HashRing::new();
    /// old.add_with_tokens("a", [0])?;
    /// let mut new = old.clone();
    /// new.add_with_tokens("b", [1 << 62])?;
    /// let plan = old.diff(&new);
    /// assert_eq!(plan.incoming(&"b"), 0.25);
    /// assert_eq!(plan.incoming(&"a"), 0.0);
    /// # Ok::<(), shardring::Error>(())
    /// ```
    #[must_use]
    pub fn incoming(&self, node: &N) -> f64 {
        self.share_where(|m| m.to == *node)
    }

    /// Returns the share of the ring that `node` hands over.
    ///
    /// Runs in O(moves) time.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut old = shardring::HashRing::new();
    /// old.add_with_tokens("a", [0])?;
    /// let mut new = old.clone();
    /// new.add_with_tokens("b", [1 << 62])?;
    /// assert_eq!(old.diff(&new).outgoing(&"a"), 0.25);
    /// # Ok::<(), shardring::Error>(())
    /// ```
    #[must_use]
    pub fn outgoing(&self, node: &N) -> f64 {
        self.share_where(|m| m.from == *node)
    }

    fn share_where(&self, f: impl Fn(&Move<N>) -> bool) -> f64 {
        fraction_of_ring(
            self.moves
                .iter()
                .filter(|m| f(m))
                .map(|m| m.range.len())
                .sum(),
        )
    }
}

/// A run of arcs with one (from, to) pair, by node rank.
#[derive(Clone, Copy)]
struct Run {
    start: u64,
    end: u64,
    from: usize,
    to: usize,
}

/// Collects moved arcs and merges adjacent ones with the same pair.
///
/// Arcs must come in ascending order of their end, disjoint; only the first
/// may wrap past `u64::MAX`.
struct Runs(Vec<Run>);

impl Runs {
    fn push(&mut self, start: u64, end: u64, from: usize, to: usize) {
        if let Some(last) = self.0.last_mut() {
            if last.end == start && last.from == from && last.to == to {
                last.end = end;
                return;
            }
        }
        self.0.push(Run {
            start,
            end,
            from,
            to,
        });
    }

    /// Merges across position 0, puts the wrapping run last, and names the
    /// nodes. `smallest` is the smallest point position of the two rings.
    fn finish<N>(
        mut self,
        smallest: u64,
        node: impl Fn(usize, usize) -> (N, N),
    ) -> MigrationPlan<N> {
        let runs = &mut self.0;
        if runs.len() >= 2 {
            let (first, last) = (runs[0], runs[runs.len() - 1]);
            if last.end == first.start && (last.from, last.to) == (first.from, first.to) {
                runs[0].start = last.start;
                runs.pop();
            }
        }
        if runs.len() == 1 && runs[0].start == runs[0].end {
            // The whole ring moves: anchor it at the smallest point.
            runs[0].start = smallest;
            runs[0].end = smallest;
        }
        if runs.first().is_some_and(|r| r.end <= r.start) {
            runs.rotate_left(1);
        }
        let moves = self
            .0
            .into_iter()
            .map(|r| {
                let (from, to) = node(r.from, r.to);
                Move {
                    range: HashRange::new(r.start, r.end),
                    from,
                    to,
                }
            })
            .collect();
        MigrationPlan { moves }
    }
}

/// Marks the node being added in a [`HashRing::plan_add`] run.
const NEW_NODE: usize = usize::MAX;

impl<N: Hash + Eq + Clone, H: RingHasher> HashRing<N, H> {
    /// Returns the plan that turns `self` (the old ring) into `new`: every
    /// arc of the ring whose owner differs, with its old and new owner.
    ///
    /// Handles any batch of joins, leaves and reweights at once. When both
    /// rings are non-empty, a key changes owner if and only if its position
    /// lies in a move's range. If either ring is empty the plan is empty
    /// and [`moved_fraction`](MigrationPlan::moved_fraction) is 0.0: a
    /// first fill or a total loss is not a migration.
    ///
    /// Both rings must use equal hashers (the same configuration); diffing
    /// rings with different hashers is a logic error, caught by a
    /// `debug_assert!` in debug builds, and gives a meaningless plan.
    ///
    /// Runs in O(p + q + m) time for p and q points and m nodes, one linear
    /// merge of the two sorted point lists.
    ///
    /// # Examples
    ///
    /// ```
    /// use shardring::{HashRange, HashRing};
    ///
    /// let mut old = HashRing::new();
    /// old.add_with_tokens("node-a", [100])?;
    /// old.add_with_tokens("node-b", [200])?;
    /// old.add_with_tokens("node-c", [300])?;
    /// let mut new = old.clone();
    /// new.add_with_tokens("node-d", [250])?;
    ///
    /// let plan = old.diff(&new);
    /// assert_eq!(plan.moves().len(), 1);
    /// let m = &plan.moves()[0];
    /// assert_eq!((m.range, m.from, m.to), (HashRange::new(200, 250), "node-c", "node-d"));
    /// # Ok::<(), shardring::Error>(())
    /// ```
    #[must_use]
    pub fn diff(&self, new: &HashRing<N, H>) -> MigrationPlan<N> {
        debug_assert!(
            self.hasher == new.hasher,
            "diff of rings with different hashers"
        );
        let (a, b) = (&self.points, &new.points);
        if a.len() == 0 || b.len() == 0 {
            return MigrationPlan { moves: Vec::new() };
        }
        let same = self.same_node_map(new);
        let (pa, pb) = (a.positions(), b.positions());
        let smallest = pa[0].min(pb[0]);
        let mut prev = pa[pa.len() - 1].max(pb[pb.len() - 1]);
        let mut runs = Runs(Vec::new());
        let (mut ia, mut ib) = (0, 0);
        loop {
            let boundary = match (pa.get(ia), pb.get(ib)) {
                (Some(&x), Some(&y)) => x.min(y),
                (Some(&x), None) => x,
                (None, Some(&y)) => y,
                (None, None) => break,
            };
            // The first point at or after `boundary`, wrapping: the owner of
            // every position in (prev, boundary].
            let from = a.owner(if ia < pa.len() { ia } else { 0 });
            let to = b.owner(if ib < pb.len() { ib } else { 0 });
            if same[from] != Some(to) {
                runs.push(prev, boundary, from, to);
            }
            prev = boundary;
            while pa.get(ia) == Some(&boundary) {
                ia += 1;
            }
            while pb.get(ib) == Some(&boundary) {
                ib += 1;
            }
        }
        runs.finish(smallest, |f, t| {
            (self.node_at(f).clone(), new.node_at(t).clone())
        })
    }

    /// For each member of `self`, the rank of the equal member of `other`.
    fn same_node_map(&self, other: &HashRing<N, H>) -> Vec<Option<usize>> {
        let mut map = Vec::with_capacity(self.len());
        let mut j = 0;
        for (node, m) in self.nodes.iter().zip(&self.meta) {
            while j < other.len() && other.meta[j].id < m.id {
                j += 1;
            }
            let same = other.meta.get(j).is_some_and(|o| o.id == m.id) && other.nodes[j] == *node;
            map.push(same.then_some(j));
        }
        map
    }

    /// Returns the plan of adding `node` with `vnodes` virtual nodes,
    /// without changing the ring.
    ///
    /// The plan equals `self.diff(&after)` where `after` is `self` with
    /// [`add_weighted(node, vnodes)`](HashRing::add_weighted) applied; every
    /// move has `to == node`. It is empty when `self` is empty.
    ///
    /// Runs in O(v log p) time for v new points and p points, plus the
    /// hashing of the v points: it looks only at the new node's points.
    ///
    /// # Errors
    ///
    /// Those of [`add_weighted`](HashRing::add_weighted).
    ///
    /// # Examples
    ///
    /// ```
    /// let mut ring = shardring::HashRing::new();
    /// ring.add_all([("a", 100), ("b", 100)])?;
    /// let plan = ring.plan_add("c", 100)?;
    /// assert!(plan.moves().iter().all(|m| m.to == "c"));
    /// let mut after = ring.clone();
    /// after.add_weighted("c", 100)?;
    /// assert_eq!(plan, ring.diff(&after));
    /// # Ok::<(), shardring::Error>(())
    /// ```
    #[allow(
        clippy::needless_pass_by_value,
        reason = "mirrors add_weighted(node, vnodes), so a preview and the call read alike"
    )]
    pub fn plan_add(&self, node: N, vnodes: u32) -> Result<MigrationPlan<N>, Error> {
        let (id, rank) = self.check_add_weighted(&node, vnodes)?;
        let pts = &self.points;
        if pts.len() == 0 {
            return Ok(MigrationPlan { moves: Vec::new() });
        }
        let mut added = self.vnode_positions(&id, 0, vnodes);
        added.dedup();
        let old = pts.positions();
        let smallest = old[0].min(added[0]);
        let largest = old[old.len() - 1].max(added[added.len() - 1]);
        let mut runs = Runs(Vec::new());
        let mut prev_added: Option<u64> = None;
        for &q in &added {
            // The new node owns q unless an old point at q comes first in
            // collision order (a node of smaller identity bytes).
            let beaten = pts.first_at(q).is_some_and(|i| pts.owner(i) < rank);
            if !beaten {
                // The arc (largest position below q in the new ring, q].
                let below_old = old
                    .partition_point(|&x| x < q)
                    .checked_sub(1)
                    .map(|i| old[i]);
                let start = match (below_old, prev_added) {
                    (Some(x), Some(y)) => x.max(y),
                    (Some(x), None) | (None, Some(x)) => x,
                    (None, None) => largest,
                };
                let from = pts.successor(q).map_or(0, |i| pts.owner(i));
                runs.push(start, q, from, NEW_NODE);
            }
            prev_added = Some(q);
        }
        Ok(runs.finish(smallest, |f, _| (self.node_at(f).clone(), node.clone())))
    }

    /// Returns the plan of removing `node`, without changing the ring.
    ///
    /// The plan equals `self.diff(&after)` where `after` is `self` with
    /// [`remove(node)`](HashRing::remove) applied; every move has
    /// `from == node`. It is empty when `node` is the only member.
    ///
    /// Runs in O(v log p + w) time for v points of the node, p points, and
    /// w points walked past the node's own runs, plus the hashing of the v
    /// points.
    ///
    /// # Errors
    ///
    /// [`Error::NotMember`] if `node` is not a member.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut ring = shardring::HashRing::new();
    /// ring.add_all([("a", 100), ("b", 100), ("c", 100)])?;
    /// let plan = ring.plan_remove(&"b")?;
    /// assert!(plan.moves().iter().all(|m| m.from == "b"));
    /// assert!((plan.moved_fraction() - ring.share(&"b")).abs() < 1e-12);
    /// # Ok::<(), shardring::Error>(())
    /// ```
    pub fn plan_remove(&self, node: &N) -> Result<MigrationPlan<N>, Error> {
        let rank = self.rank_of(node)?;
        let pts = &self.points;
        if self.len() == 1 {
            return Ok(MigrationPlan { moves: Vec::new() });
        }
        let mut runs = Runs(Vec::new());
        // The last walk: from point `i`, every point up to (not including)
        // `j` belongs to the removed node, and `j` does not.
        let mut walked: Option<(usize, usize)> = None;
        for (i, arc) in self.owned_arcs(rank) {
            let j = match walked {
                Some((a, j)) if i > a && (i < j || j < a) => j,
                _ => {
                    let mut j = pts.next(i);
                    while pts.owner(j) == rank {
                        j = pts.next(j);
                    }
                    j
                }
            };
            walked = Some((i, j));
            runs.push(arc.start(), arc.end(), rank, pts.owner(j));
        }
        Ok(runs.finish(pts.position(0), |f, t| {
            (self.node_at(f).clone(), self.node_at(t).clone())
        }))
    }
}
