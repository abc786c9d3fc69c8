//! The replica walk: distinct nodes in ring order from a position.

use alloc::vec;
use alloc::vec::Vec;
use core::fmt;
use core::hash::Hash;
use core::iter::FusedIterator;

use crate::hash::RingHasher;
use crate::lookup::Points;
use crate::ring::HashRing;

/// How many distinct nodes the walk remembers without allocating.
const INLINE: usize = 16;

impl<N, H: RingHasher> HashRing<N, H> {
    /// Returns `n` distinct nodes for `key`, owner first: the nodes of the
    /// points met walking counterclockwise from the key's position, each
    /// node once.
    ///
    /// Same as [`replicas_at(self.position(key), n)`](HashRing::replicas_at).
    ///
    /// # Examples
    ///
    /// ```
    /// let mut ring = shardring::HashRing::new();
    /// ring.add_all([("a", 100), ("b", 100), ("c", 100)])?;
    /// let replicas: Vec<_> = ring.replicas("user:42", 2).collect();
    /// assert_eq!(replicas.len(), 2);
    /// assert_eq!(Some(replicas[0]), ring.locate("user:42"));
    /// assert_ne!(replicas[0], replicas[1]);
    /// # Ok::<(), shardring::Error>(())
    /// ```
    #[inline]
    pub fn replicas<K: Hash + ?Sized>(&self, key: &K, n: usize) -> Replicas<'_, N> {
        self.replicas_at(self.position(key), n)
    }
}

impl<N, H> HashRing<N, H> {
    /// Returns `min(n, len())` distinct nodes starting at the owner of
    /// `pos`, in the order their points follow counterclockwise.
    ///
    /// The first item is [`locate_position(pos)`](HashRing::locate_position);
    /// `replicas_at(pos, n)` is a prefix of `replicas_at(pos, n + 1)`. An
    /// empty ring or `n == 0` yields nothing. The walk stops after `n`
    /// distinct nodes or one full turn of the ring, so a huge `n` (even
    /// `usize::MAX`) costs no more than the ring's size.
    ///
    /// Creating the iterator runs in O(log p) time; walking it in O(w·n)
    /// for w points walked. It allocates nothing for `n <= 16`; beyond that
    /// one bitmap of a bit per node.
    ///
    /// # Examples
    ///
    /// ```
    /// let mut ring = shardring::HashRing::new();
    /// ring.add_with_tokens("node-a", [100])?;
    /// ring.add_with_tokens("node-b", [200])?;
    /// ring.add_with_tokens("node-c", [300])?;
    /// let walk: Vec<_> = ring.replicas_at(250, 3).collect();
    /// assert_eq!(walk, [&"node-c", &"node-a", &"node-b"]);
    /// assert_eq!(ring.replicas_at(250, usize::MAX).count(), 3);
    /// # Ok::<(), shardring::Error>(())
    /// ```
    #[inline]
    pub fn replicas_at(&self, pos: u64, n: usize) -> Replicas<'_, N> {
        let wanted = n.min(self.len());
        let start = self.points.successor(pos).unwrap_or(0);
        let seen = if wanted <= INLINE {
            Seen::Inline {
                ranks: [0; INLINE],
                len: 0,
            }
        } else {
            Seen::Bits(vec![0; self.len().div_ceil(64)])
        };
        Replicas {
            nodes: &self.nodes,
            points: &self.points,
            next: start,
            points_left: if wanted == 0 { 0 } else { self.points.len() },
            wanted,
            seen,
        }
    }
}

/// Iterator over distinct replica nodes, owner first; see
/// [`HashRing::replicas`] and [`HashRing::replicas_at`].
///
/// It yields exactly `min(n, nodes)` items, so it is an
/// [`ExactSizeIterator`], and after its last item only `None`.
///
/// # Examples
///
/// ```
/// let mut ring = shardring::HashRing::new();
/// ring.add_all([("a", 10), ("b", 10), ("c", 10)])?;
/// let mut replicas = ring.replicas("user:42", 5);
/// assert_eq!(replicas.len(), 3); // capped at the number of nodes
/// let first = replicas.next();
/// assert_eq!(first, ring.locate("user:42"));
/// assert_eq!(replicas.len(), 2);
/// # Ok::<(), shardring::Error>(())
/// ```
pub struct Replicas<'a, N> {
    nodes: &'a [N],
    points: &'a Points,
    /// The next point to look at.
    next: usize,
    /// Points not yet looked at in this turn of the ring.
    points_left: usize,
    /// Nodes still to yield.
    wanted: usize,
    seen: Seen,
}

/// The node ranks already yielded.
#[derive(Clone)]
enum Seen {
    Inline { ranks: [u32; INLINE], len: usize },
    Bits(Vec<u64>),
}

impl Seen {
    /// Records `rank`; returns `false` if it was already there.
    #[inline(always)]
    fn insert(&mut self, rank: usize) -> bool {
        match self {
            Seen::Inline { ranks, len } => {
                if ranks[..*len].contains(&(rank as u32)) {
                    return false;
                }
                // `wanted <= INLINE`, and one rank is stored per yield.
                ranks[*len] = rank as u32;
                *len += 1;
                true
            }
            Seen::Bits(bits) => {
                let (word, bit) = (rank / 64, 1u64 << (rank % 64));
                let new = bits[word] & bit == 0;
                bits[word] |= bit;
                new
            }
        }
    }
}

impl<'a, N> Iterator for Replicas<'a, N> {
    type Item = &'a N;

    #[inline]
    fn next(&mut self) -> Option<&'a N> {
        while self.wanted > 0 && self.points_left > 0 {
            let i = self.next;
            self.next = self.points.next(i);
            self.points_left -= 1;
            let rank = self.points.owner(i);
            if self.seen.insert(rank) {
                self.wanted -= 1;
                return Some(&self.nodes[rank]);
            }
        }
        None
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        // Every member has a point, so one turn meets every node.
        (self.wanted, Some(self.wanted))
    }
}

impl<N> ExactSizeIterator for Replicas<'_, N> {}

impl<N> FusedIterator for Replicas<'_, N> {}

impl<N: fmt::Debug> fmt::Debug for Replicas<'_, N> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Replicas")
            .field("remaining", &self.wanted)
            .finish_non_exhaustive()
    }
}

impl<N> Clone for Replicas<'_, N> {
    fn clone(&self) -> Self {
        Replicas {
            seen: self.seen.clone(),
            ..*self
        }
    }
}
