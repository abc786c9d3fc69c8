//! The sorted points of a ring and the one home of arc arithmetic: the
//! successor search, the wrap-around, and the arc each point owns.
//!
//! Points are kept as two parallel arrays sorted by the collision order
//! (position, then node rank, where a node's rank is its place in
//! identity-bytes order), plus a radix index over the top bits of the
//! position that narrows each search to a bucket of about one point.

use alloc::vec::Vec;

use core::hash::Hash;

use crate::hash::{RingHasher, hash_key};
use crate::range::HashRange;
use crate::ring::HashRing;

/// The ring's points in collision order, with a radix index.
#[derive(Clone)]
pub(crate) struct Points {
    /// Point positions, ascending.
    pos: Vec<u64>,
    /// `owner[i]` is the rank of the node of point `i`.
    owner: Vec<u32>,
    /// `index[b]` is the first point whose top bits are `>= b`; it has
    /// `2^bits + 1` entries, the last being the point count.
    index: Vec<u32>,
    /// `64 - bits`: a position's bucket is `pos >> shift`.
    shift: u32,
}

/// The most index bits; 2^20 buckets cost 4 MiB.
const MAX_INDEX_BITS: u32 = 20;

impl PartialEq for Points {
    /// Equal points; the index is derived from them.
    fn eq(&self, other: &Self) -> bool {
        self.pos == other.pos && self.owner == other.owner
    }
}

impl Eq for Points {}

impl Points {
    /// No points.
    pub(crate) const fn new() -> Self {
        Points {
            pos: Vec::new(),
            owner: Vec::new(),
            index: Vec::new(),
            shift: 63,
        }
    }

    /// Number of points.
    #[inline]
    pub(crate) fn len(&self) -> usize {
        self.pos.len()
    }

    /// Position of point `i`.
    #[inline]
    pub(crate) fn position(&self, i: usize) -> u64 {
        self.pos[i]
    }

    /// Node rank of point `i`.
    #[inline(always)]
    pub(crate) fn owner(&self, i: usize) -> usize {
        self.owner[i] as usize
    }

    /// All positions, ascending.
    pub(crate) fn positions(&self) -> &[u64] {
        &self.pos
    }

    /// All owners, in point order.
    pub(crate) fn owners(&self) -> &[u32] {
        &self.owner
    }

    /// Bytes of heap held, for the docs' memory figure.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.pos.capacity() * 8 + self.owner.capacity() * 4 + self.index.capacity() * 4
    }

    /// Returns the index of the point that owns `h`: the first point in
    /// collision order whose position is `>= h`, wrapping to point 0 past
    /// the largest. `None` on an empty ring.
    ///
    /// O(log p), usually O(1): the radix index leaves about one point to
    /// search.
    #[inline(always)]
    pub(crate) fn successor(&self, h: u64) -> Option<usize> {
        if self.pos.is_empty() {
            return None;
        }
        let b = (h >> self.shift) as usize;
        let lo = self.index[b] as usize;
        let hi = self.index[b + 1] as usize;
        // Every point before `lo` is in a lower bucket (< h); every point from
        // `hi` on is in a higher bucket (> h). So if no point of the bucket is
        // >= h, the answer is `hi`, or point 0 when `hi` is the end.
        let i = lo + self.pos[lo..hi].partition_point(|&p| p < h);
        Some(self.wrap(i))
    }

    /// The index after `i`, wrapping from the last point to the first.
    #[inline]
    pub(crate) fn next(&self, i: usize) -> usize {
        self.wrap(i + 1)
    }

    #[inline(always)]
    fn wrap(&self, i: usize) -> usize {
        debug_assert!(i <= self.pos.len());
        if i >= self.pos.len() { 0 } else { i }
    }

    /// The arc point `i` owns: `(previous distinct position, position]`, or
    /// `None` if an earlier point at the same position owns it. With one
    /// distinct position the arc is the whole ring.
    pub(crate) fn owned_arc(&self, i: usize) -> Option<HashRange> {
        let p = self.pos[i];
        if i > 0 && self.pos[i - 1] == p {
            return None;
        }
        let prev = if i > 0 {
            self.pos[i - 1]
        } else {
            // Wraps: the largest position.
            self.pos[self.pos.len() - 1]
        };
        Some(HashRange::new(prev, p))
    }

    /// The index of the first point at position `p` in collision order,
    /// if any.
    pub(crate) fn first_at(&self, p: u64) -> Option<usize> {
        let i = self.pos.partition_point(|&q| q < p);
        (i < self.pos.len() && self.pos[i] == p).then_some(i)
    }

    /// Inserts the points `new` of the node with rank `rank`. When
    /// `shift_ranks` is set, the node is new to the table: every existing
    /// owner rank `>= rank` moves up by one. O(p + v log p).
    pub(crate) fn insert(&mut self, rank: u32, new: &[u64], shift_ranks: bool) {
        let mut pairs: Vec<(u64, u32)> = new.iter().map(|&p| (p, rank)).collect();
        self.merge(
            &mut pairs,
            |o| if shift_ranks && o >= rank { o + 1 } else { o },
        );
    }

    /// Inserts (position, rank) pairs whose ranks already refer to the final
    /// node table; `remap` maps each existing owner rank to its final rank
    /// and must be increasing, so the existing points stay in order.
    ///
    /// Sorts the new points, then copies the runs of existing points
    /// between them into arrays of exactly the final size: O(p + v log p),
    /// the O(p) part being memory copies.
    pub(crate) fn merge(&mut self, new: &mut [(u64, u32)], remap: impl Fn(u32) -> u32) {
        new.sort_unstable();
        let total = self.pos.len() + new.len();
        let mut pos = Vec::with_capacity(total);
        let mut owner = Vec::with_capacity(total);
        let mut start = 0;
        for &(p, o) in new.iter() {
            // Existing points up to (p, o) in collision order come first.
            let run = self.pos[start..].partition_point(|&q| q < p);
            let mut end = start + run;
            while end < self.pos.len() && self.pos[end] == p && remap(self.owner[end]) <= o {
                end += 1;
            }
            pos.extend_from_slice(&self.pos[start..end]);
            owner.extend(self.owner[start..end].iter().map(|&q| remap(q)));
            pos.push(p);
            owner.push(o);
            start = end;
        }
        pos.extend_from_slice(&self.pos[start..]);
        owner.extend(self.owner[start..].iter().map(|&q| remap(q)));
        self.pos = pos;
        self.owner = owner;
        self.update_index(new.iter().map(|&(p, _)| p), true);
    }

    /// Removes the points of rank `rank`, at the sorted positions
    /// `positions` (all of that node's points), and closes the gap in the
    /// ranks. O(p + v log p), the O(p) part being memory moves and one
    /// pass over the owners.
    pub(crate) fn remove_node(&mut self, rank: u32, positions: &[u64]) {
        let at = self.indices_of(rank, positions);
        self.remove_at(&at);
        for o in &mut self.owner {
            *o -= u32::from(*o > rank);
        }
        self.update_index(positions.iter().copied(), false);
    }

    /// Removes, for each position in `gone` (sorted ascending, a multiset),
    /// one point of rank `rank` at that position. O(p + v log p).
    pub(crate) fn remove_points(&mut self, rank: u32, gone: &[u64]) {
        let at = self.indices_of(rank, gone);
        self.remove_at(&at);
        self.update_index(gone.iter().copied(), false);
    }

    /// The indices of the points of rank `rank` at the positions `gone`
    /// (sorted ascending, a multiset: one point per entry). O(v log p).
    fn indices_of(&self, rank: u32, gone: &[u64]) -> Vec<usize> {
        debug_assert!(gone.is_sorted());
        let mut at = Vec::with_capacity(gone.len());
        let mut from = 0;
        for &p in gone {
            // The next point of `rank` at `p` after the last one taken.
            let mut i = from + self.pos[from..].partition_point(|&q| q < p);
            while i < self.pos.len() && self.pos[i] == p && self.owner[i] != rank {
                i += 1;
            }
            debug_assert!(
                i < self.pos.len() && self.pos[i] == p,
                "removed point present"
            );
            at.push(i);
            from = i + 1;
        }
        at
    }

    /// Removes the points at the indices `gone` (strictly ascending) by
    /// moving the runs between them down: O(p) memory moves.
    fn remove_at(&mut self, gone: &[usize]) {
        debug_assert!(gone.windows(2).all(|w| w[0] < w[1]));
        let mut w = 0;
        let mut run = 0;
        for &g in gone.iter().chain([self.pos.len()].iter()) {
            self.pos.copy_within(run..g, w);
            self.owner.copy_within(run..g, w);
            w += g - run;
            run = g + 1;
        }
        self.pos.truncate(w);
        self.owner.truncate(w);
    }

    /// Panics unless the points are in collision order and the index
    /// matches them; see `HashRing::assert_invariants`.
    pub(crate) fn assert_invariants(&self) {
        assert_eq!(self.pos.len(), self.owner.len());
        for i in 1..self.pos.len() {
            assert!(
                (self.pos[i - 1], self.owner[i - 1]) <= (self.pos[i], self.owner[i]),
                "points out of order at {i}"
            );
        }
        if self.pos.is_empty() {
            return;
        }
        let buckets = self.index.len() - 1;
        assert_eq!(buckets, 1 << (64 - self.shift));
        for b in 0..buckets {
            let i = self.index[b] as usize;
            assert!(i == 0 || ((self.pos[i - 1] >> self.shift) as usize) < b);
            assert!(i == self.pos.len() || ((self.pos[i] >> self.shift) as usize) >= b);
        }
        assert_eq!(self.index[buckets] as usize, self.pos.len());
    }

    /// The index bits for `n` points: about one bucket per point, at most
    /// 2^[`MAX_INDEX_BITS`] buckets.
    fn index_bits(n: usize) -> u32 {
        let bits = (usize::BITS - n.leading_zeros()).saturating_sub(1);
        bits.clamp(1, MAX_INDEX_BITS)
    }

    /// Brings the radix index up to date after the points at `changed`
    /// (positions, ascending) were `added` to or removed from the arrays.
    /// While the bucket count stays, each entry moves by the number of
    /// changed points in lower buckets: O(buckets + v), with no pass over
    /// the points; otherwise the index is rebuilt.
    fn update_index(&mut self, changed: impl Iterator<Item = u64>, added: bool) {
        if self.index.is_empty() || Self::index_bits(self.pos.len()) != 64 - self.shift {
            self.rebuild_index();
            return;
        }
        let shift = self.shift;
        let mut changed = changed.map(|p| (p >> shift) as usize).peekable();
        let mut below = 0;
        for (b, i) in self.index.iter_mut().enumerate() {
            while changed.next_if(|&c| c < b).is_some() {
                below += 1;
            }
            if added {
                *i += below;
            } else {
                *i -= below;
            }
        }
        // After a removal: give the freed memory back.
        self.pos.shrink_to_fit();
        self.owner.shrink_to_fit();
    }

    /// Rebuilds the radix index. Counts the points of each bucket, then
    /// sums the counts: O(p + buckets), without a branch per point.
    fn rebuild_index(&mut self) {
        let bits = Self::index_bits(self.pos.len());
        self.shift = 64 - bits;
        let buckets = 1usize << bits;
        // index[b + 1] counts bucket b's points, then becomes the prefix sum.
        self.index.clear();
        self.index.resize(buckets + 1, 0);
        for &p in &self.pos {
            self.index[(p >> self.shift) as usize + 1] += 1;
        }
        let mut sum = 0;
        for i in &mut self.index {
            sum += *i;
            *i = sum;
        }
        // After a removal: give the freed memory back (a no-op after a merge,
        // which allocates exactly).
        self.index.shrink_to_fit();
        self.pos.shrink_to_fit();
        self.owner.shrink_to_fit();
    }
}

impl<N, H: RingHasher> HashRing<N, H> {
    /// Returns the position of `key` on the ring: the ring hasher applied to
    /// the key's byte stream (see [`key_bytes`](crate::key_bytes)).
    ///
    /// The position depends only on the hasher and the key, never on the
    /// ring's members, the process or the platform. Works on an empty ring.
    ///
    /// Allocates nothing; runs in time linear in the key's length.
    ///
    /// # Examples
    ///
    /// ```
    /// use shardring::{HashRing, key_bytes};
    ///
    /// let ring: HashRing<&str> = HashRing::new();
    /// assert_eq!(ring.position("user:1"), ring.position(&String::from("user:1")));
    /// assert_eq!(ring.position("user:1"), ring.position_of_bytes(&key_bytes("user:1")));
    /// ```
    #[must_use]
    #[inline]
    pub fn position<K: Hash + ?Sized>(&self, key: &K) -> u64 {
        hash_key(&self.hasher, key)
    }

    /// Returns the position of raw `bytes`: exactly the ring hasher applied
    /// to them, with no framing.
    ///
    /// This is the path for clients in other languages: with the default
    /// hasher the position is `XXH3_64bits(bytes)`. Note that it differs
    /// from [`position`](HashRing::position) of a `&[u8]`, which hashes the
    /// slice's length first, as std's `Hash` does.
    ///
    /// Allocates nothing; runs in time linear in `bytes.len()`.
    ///
    /// # Examples
    ///
    /// ```
    /// use shardring::{HashRing, RingHasher, XxHash3};
    ///
    /// let ring: HashRing<&str> = HashRing::new();
    /// assert_eq!(ring.position_of_bytes(b"user:1"), XxHash3::default().hash_bytes(b"user:1"));
    /// // A `&[u8]` key is hashed with its length in front, as std's `Hash` writes it.
    /// let slice: &[u8] = b"user:1";
    /// assert_eq!(ring.position(slice), ring.position_of_bytes(&shardring::key_bytes(slice)));
    /// ```
    #[must_use]
    #[inline]
    pub fn position_of_bytes(&self, bytes: &[u8]) -> u64 {
        self.hasher.hash_bytes(bytes)
    }

    /// Returns the node that owns `key`, or `None` if the ring is empty.
    ///
    /// Same as [`locate_position(self.position(key))`](HashRing::locate_position).
    ///
    /// Runs in O(log p) time for p points (about O(1) with the radix index)
    /// and allocates nothing.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut ring = shardring::HashRing::new();
    /// assert_eq!(ring.locate("user:42"), None);
    /// ring.add("node-a")?;
    /// assert_eq!(ring.locate("user:42"), Some(&"node-a"));
    /// assert_eq!(ring.locate(&42u64), Some(&"node-a"));
    /// # Ok::<(), shardring::Error>(())
    /// ```
    #[must_use]
    #[inline(always)]
    pub fn locate<K: Hash + ?Sized>(&self, key: &K) -> Option<&N> {
        self.locate_position(self.position(key))
    }

    /// Returns the node that owns the raw `bytes` (positioned by
    /// [`position_of_bytes`](HashRing::position_of_bytes)), or `None` if the
    /// ring is empty.
    ///
    /// Runs in O(log p) time for p points and allocates nothing.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut ring = shardring::HashRing::new();
    /// ring.add("node-a")?;
    /// assert_eq!(ring.locate_bytes(b"\xff\x00 not utf-8"), Some(&"node-a"));
    /// # Ok::<(), shardring::Error>(())
    /// ```
    #[must_use]
    #[inline]
    pub fn locate_bytes(&self, bytes: &[u8]) -> Option<&N> {
        self.locate_position(self.position_of_bytes(bytes))
    }
}

impl<N, H> HashRing<N, H> {
    /// Returns the node that owns position `pos`, or `None` if the ring is
    /// empty.
    ///
    /// The owner is the node of the first point (in collision order) whose
    /// position is at or above `pos`; past the largest point the search
    /// wraps to the smallest.
    ///
    /// Runs in O(log p) time for p points (about O(1) with the radix index)
    /// and allocates nothing.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut ring = shardring::HashRing::new();
    /// ring.add_with_tokens("node-a", [100])?;
    /// ring.add_with_tokens("node-b", [200])?;
    /// assert_eq!(ring.locate_position(150), Some(&"node-b"));
    /// assert_eq!(ring.locate_position(200), Some(&"node-b"));
    /// assert_eq!(ring.locate_position(201), Some(&"node-a"));
    /// assert_eq!(ring.locate_position(u64::MAX), Some(&"node-a"));
    /// # Ok::<(), shardring::Error>(())
    /// ```
    #[must_use]
    #[inline(always)]
    pub fn locate_position(&self, pos: u64) -> Option<&N> {
        let i = self.points.successor(pos)?;
        Some(self.node_at(self.points.owner(i)))
    }
}
