//! The shape every migration plan must have, whatever the two rings: each
//! move changes the owner, ranges are sorted by start, at most one wraps
//! past `u64::MAX` and it comes last, they are disjoint (across 0 too), and
//! moves that touch with the same (from, to) pair are merged.
//!
//! Self-contained, so that `fuzz/` can include it with `#[path]` as it does
//! `naive.rs`.

use std::fmt::Debug;

use shardring::Move;

/// Panics unless `moves` has the shape above.
pub fn assert_plan_shape<N: PartialEq + Debug>(moves: &[Move<N>]) {
    for (i, m) in moves.iter().enumerate() {
        assert_ne!(m.from, m.to, "a move must change the owner: {m:?}");
        let segments: u128 = m
            .range
            .segments()
            .map(|s| u128::from(s.end() - s.start()) + 1)
            .sum();
        assert_eq!(segments, m.range.len(), "segments of {:?}", m.range);
        if m.range.wraps() {
            assert_eq!(i, moves.len() - 1, "a wrapping range comes last");
        }
        if i > 0 {
            let prev = &moves[i - 1];
            assert!(prev.range.start() < m.range.start(), "sorted by start");
            assert!(prev.range.end() <= m.range.start(), "disjoint");
            if prev.range.end() == m.range.start() {
                assert!(
                    (&prev.from, &prev.to) != (&m.from, &m.to),
                    "adjacent moves with the same pair not merged: {prev:?} {m:?}"
                );
            }
        }
    }
    if moves.len() >= 2 {
        let (first, last) = (&moves[0], &moves[moves.len() - 1]);
        if last.range.wraps() {
            assert!(last.range.end() <= first.range.start(), "disjoint across 0");
        }
        if last.range.end() == first.range.start() {
            assert!(
                (&last.from, &last.to) != (&first.from, &first.to),
                "moves touching across 0 with the same pair not merged: {last:?} {first:?}"
            );
        }
    }
}
