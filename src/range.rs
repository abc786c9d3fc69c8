//! `HashRange`: a half-open arc of the ring.

use core::fmt;
use core::ops::RangeInclusive;

/// An arc of the ring, `(start, end]`: the positions after `start` up to and
/// including `end`, walking counterclockwise (upwards), wrapping past
/// `u64::MAX` to 0 when `end <= start`.
///
/// ```text
///   start < end:   0 ........ start ]====== end] ........ u64::MAX
///   end < start:   0 ===== end] ........ start ]====== u64::MAX   (wraps)
///   start == end:  the whole ring
/// ```
///
/// Invariants:
///
/// 1. No range is empty: `start == end` means the whole ring, so
///    [`len`](HashRange::len) lies in `1..=2^64`.
/// 2. A range crosses position 0 exactly when `end <= start`; it then holds
///    `(start, u64::MAX]` and `[0, end]`.
///
/// # Examples
///
/// ```
/// use shardring::HashRange;
///
/// let r = HashRange::new(300, 50); // crosses u64::MAX
/// assert!(r.contains(301) && r.contains(u64::MAX) && r.contains(0) && r.contains(50));
/// assert!(!r.contains(300) && !r.contains(51));
/// assert_eq!(r.len(), (1u128 << 64) - 250);
/// assert_eq!(r.segments().collect::<Vec<_>>(), [301..=u64::MAX, 0..=50]);
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct HashRange {
    start: u64,
    end: u64,
}

impl HashRange {
    /// Returns the arc `(start, end]`; `start == end` is the whole ring.
    ///
    /// # Examples
    ///
    /// ```
    /// use shardring::HashRange;
    ///
    /// assert_eq!(HashRange::new(10, 20).len(), 10);
    /// assert_eq!(HashRange::new(7, 7).len(), 1u128 << 64);
    /// ```
    #[must_use]
    pub const fn new(start: u64, end: u64) -> Self {
        HashRange { start, end }
    }

    /// Returns the exclusive lower end of the arc.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(shardring::HashRange::new(10, 20).start(), 10);
    /// ```
    #[must_use]
    pub const fn start(&self) -> u64 {
        self.start
    }

    /// Returns the inclusive upper end of the arc.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(shardring::HashRange::new(10, 20).end(), 20);
    /// ```
    #[must_use]
    pub const fn end(&self) -> u64 {
        self.end
    }

    /// Returns `true` if the arc wraps past `u64::MAX` to 0, which includes
    /// the whole ring.
    ///
    /// # Examples
    ///
    /// ```
    /// use shardring::HashRange;
    ///
    /// assert!(!HashRange::new(10, 20).wraps());
    /// assert!(HashRange::new(20, 10).wraps());
    /// assert!(HashRange::new(5, 5).wraps());
    /// ```
    #[must_use]
    pub const fn wraps(&self) -> bool {
        self.end <= self.start
    }

    /// Returns `true` if `pos` lies in `(start, end]` on the circle.
    ///
    /// Runs in O(1) time.
    ///
    /// # Examples
    ///
    /// ```
    /// use shardring::HashRange;
    ///
    /// let r = HashRange::new(10, 20);
    /// assert!(!r.contains(10) && r.contains(11) && r.contains(20) && !r.contains(21));
    /// assert!(HashRange::new(u64::MAX, 0).contains(0));
    /// assert!(HashRange::new(3, 3).contains(12345));
    /// ```
    #[must_use]
    pub const fn contains(&self, pos: u64) -> bool {
        if self.start < self.end {
            self.start < pos && pos <= self.end
        } else {
            pos > self.start || pos <= self.end
        }
    }

    /// Returns the number of positions in the arc, from 1 to 2^64.
    ///
    /// A range is never empty, so there is no `is_empty`.
    ///
    /// # Examples
    ///
    /// ```
    /// use shardring::HashRange;
    ///
    /// assert_eq!(HashRange::new(u64::MAX, 0).len(), 1);
    /// assert_eq!(HashRange::new(0, u64::MAX).len(), u128::from(u64::MAX));
    /// assert_eq!(HashRange::new(0, 0).len(), 1u128 << 64);
    /// ```
    #[must_use]
    #[allow(
        clippy::len_without_is_empty,
        reason = "a HashRange is never empty: start == end is the whole ring"
    )]
    pub const fn len(&self) -> u128 {
        // (end - start) mod 2^64, with 0 meaning the whole ring.
        let d = self.end.wrapping_sub(self.start);
        if d == 0 { 1u128 << 64 } else { d as u128 }
    }

    /// Returns the arc as one or two inclusive ranges of positions, in ring
    /// order from `start`, for range scans in a store.
    ///
    /// A wrapping arc gives `start + 1 ..= u64::MAX` then `0 ..= end`
    /// (just `0 ..= end` when `start` is `u64::MAX`).
    ///
    /// # Examples
    ///
    /// ```
    /// use shardring::HashRange;
    ///
    /// assert_eq!(HashRange::new(10, 20).segments().collect::<Vec<_>>(), [11..=20]);
    /// assert_eq!(HashRange::new(20, 10).segments().collect::<Vec<_>>(), [21..=u64::MAX, 0..=10]);
    /// assert_eq!(HashRange::new(u64::MAX, u64::MAX).segments().collect::<Vec<_>>(), [0..=u64::MAX]);
    /// ```
    pub fn segments(&self) -> impl Iterator<Item = RangeInclusive<u64>> + use<> {
        let (first, second) = if self.start < self.end {
            (self.start + 1..=self.end, None)
        } else if self.start == u64::MAX {
            (0..=self.end, None)
        } else {
            (self.start + 1..=u64::MAX, Some(0..=self.end))
        };
        core::iter::once(first).chain(second)
    }
}

impl fmt::Debug for HashRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "({}, {}]", self.start, self.end)
    }
}

impl fmt::Display for HashRange {
    /// Formats as `(start, end]` in hexadecimal, the notation of the docs.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "({:#018x}, {:#018x}]", self.start, self.end)
    }
}
