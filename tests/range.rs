//! `HashRange`: the arc `(start, end]` walking upwards from `start`,
//! wrapping past `u64::MAX`, with `start == end` the whole ring. Its
//! `contains`, `len`, `wraps` and `segments` are checked against a
//! brute-force walk near the ends of the ring and against the circular
//! distance on random ranges.

mod common;

use std::ops::RangeInclusive;

use proptest::prelude::*;
use shardring::HashRange;

const RING: u128 = 1 << 64;

/// The positions met walking upwards (wrapping) from `from + 1` to `to`
/// inclusive; `to` must be at most `limit` steps ahead of `from`.
fn walk(from: u64, to: u64, limit: usize) -> Vec<u64> {
    let mut out = Vec::new();
    let mut x = from;
    while x != to {
        x = x.wrapping_add(1);
        out.push(x);
        assert!(out.len() <= limit, "walk from {from} to {to} is too long");
    }
    out
}

/// Windows of 12 consecutive positions (wrapping), in walking order: at
/// the bottom of the ring, across 0, at the top, and in the middle.
fn windows() -> Vec<Vec<u64>> {
    [0, u64::MAX - 5, u64::MAX - 11, (1 << 63) - 6]
        .into_iter()
        .map(|base| (0..12).map(|i| base.wrapping_add(i)).collect())
        .collect()
}

/// Every range with both ends in a window, with the set of positions it
/// holds by brute force: if `end` comes after `start` in the window, the
/// walk from `start` to `end`; if before, everything except the walk from
/// `end` to `start`; if equal, everything. Returns (range, positions held,
/// or positions not held, and which of the two it is).
fn window_ranges() -> Vec<(HashRange, Vec<u64>, Vec<u64>)> {
    let mut out = Vec::new();
    for w in windows() {
        // Probe the window, the positions just outside it, far away, and
        // both ends of the ring.
        let mut probes = w.clone();
        probes.extend([
            w[0].wrapping_sub(1),
            w[11].wrapping_add(1),
            w[0].wrapping_add(1 << 62),
            w[0].wrapping_add(1 << 63),
            0,
            u64::MAX,
        ]);
        probes.sort_unstable();
        probes.dedup();
        for (i, &start) in w.iter().enumerate() {
            for (j, &end) in w.iter().enumerate() {
                let held: Vec<u64> = if i < j {
                    walk(start, end, 12)
                } else if i > j {
                    let not_held = walk(end, start, 12);
                    probes
                        .iter()
                        .copied()
                        .filter(|x| !not_held.contains(x))
                        .collect()
                } else {
                    probes.clone()
                };
                out.push((HashRange::new(start, end), held, probes.clone()));
            }
        }
    }
    out
}

#[test]
fn contains_matches_brute_force_near_the_ends() {
    for (r, held, probes) in window_ranges() {
        for x in probes {
            assert_eq!(r.contains(x), held.contains(&x), "{r:?} contains {x}");
        }
    }
    // The named edge cases.
    assert!(HashRange::new(u64::MAX, 0).contains(0));
    assert!(!HashRange::new(u64::MAX, 0).contains(u64::MAX));
    assert!(!HashRange::new(u64::MAX, 0).contains(1));
    assert!(HashRange::new(0, u64::MAX).contains(u64::MAX));
    assert!(!HashRange::new(0, u64::MAX).contains(0));
    assert!(HashRange::new(u64::MAX - 1, u64::MAX).contains(u64::MAX));
    assert!(!HashRange::new(u64::MAX - 1, u64::MAX).contains(0));
    assert!(HashRange::new(0, 1).contains(1) && !HashRange::new(0, 1).contains(0));
}

#[test]
fn len_counts_contained_positions_near_the_ends() {
    for (r, held, probes) in window_ranges() {
        let (start, end) = (r.start(), r.end());
        let not_held = probes.iter().filter(|x| !held.contains(x)).count() as u128;
        // Every position a range near the ends leaves out lies in its
        // window, and so does every position a short range holds.
        let want = if start == end {
            RING
        } else if walk_len(start, end) <= 12 {
            held.len() as u128
        } else {
            RING - not_held
        };
        assert_eq!(r.len(), want, "{r:?}");
        assert!((1..=RING).contains(&r.len()));
    }
    assert_eq!(HashRange::new(u64::MAX, 0).len(), 1);
    assert_eq!(HashRange::new(0, u64::MAX).len(), RING - 1);
    assert_eq!(HashRange::new(1, 0).len(), RING - 1);
    assert_eq!(HashRange::new(0, 0).len(), RING);
    assert_eq!(HashRange::new(u64::MAX, u64::MAX).len(), RING);
    assert_eq!(HashRange::new(300, 50).len(), RING - 250);
}

/// Steps from `from` up to `to`, capped at 13 (enough to tell short walks).
fn walk_len(from: u64, to: u64) -> usize {
    let mut x = from;
    let mut steps = 0;
    while x != to && steps < 13 {
        x = x.wrapping_add(1);
        steps += 1;
    }
    steps
}

/// The checks of `segments` on one range, at the given probe positions.
fn check_segments(r: HashRange, probes: &[u64]) {
    let segs: Vec<RangeInclusive<u64>> = r.segments().collect();
    assert!(matches!(segs.len(), 1 | 2), "{r:?}: {segs:?}");
    let total: u128 = segs
        .iter()
        .map(|s| {
            assert!(s.start() <= s.end(), "{r:?}: empty segment {s:?}");
            u128::from(s.end() - s.start()) + 1
        })
        .sum();
    assert_eq!(total, r.len(), "{r:?}: segment lengths");
    // In ring order from start: the first begins just after start, the
    // last ends at end; two segments meet across u64::MAX.
    assert_eq!(*segs[0].start(), r.start().wrapping_add(1), "{r:?}");
    assert_eq!(*segs[segs.len() - 1].end(), r.end(), "{r:?}");
    if segs.len() == 2 {
        assert_eq!((*segs[0].end(), *segs[1].start()), (u64::MAX, 0), "{r:?}");
    }
    // Every endpoint is held; the positions just outside a segment are held
    // only if another segment holds them.
    let in_segments = |x: u64| segs.iter().filter(|s| s.contains(&x)).count();
    for s in &segs {
        assert!(
            r.contains(*s.start()) && r.contains(*s.end()),
            "{r:?}: {s:?}"
        );
        for x in [s.start().wrapping_sub(1), s.end().wrapping_add(1)] {
            assert_eq!(
                r.contains(x),
                in_segments(x) == 1,
                "{r:?}: {x} next to {s:?}"
            );
        }
    }
    for &x in probes {
        let n = in_segments(x);
        assert!(n <= 1, "{r:?}: segments overlap at {x}");
        assert_eq!(r.contains(x), n == 1, "{r:?}: segments at {x}");
    }
    assert_eq!(r.wraps(), segs.iter().any(|s| *s.start() == 0), "{r:?}");
}

#[test]
fn segments_cover_exactly_the_contained_positions() {
    for (r, _, probes) in window_ranges() {
        check_segments(r, &probes);
    }
    let seg = |s: u64, e: u64| HashRange::new(s, e).segments().collect::<Vec<_>>();
    assert_eq!(seg(10, 20), [11..=20]);
    assert_eq!(seg(300, 50), [301..=u64::MAX, 0..=50]);
    assert_eq!(seg(u64::MAX, 0), [0..=0]);
    assert_eq!(seg(u64::MAX - 1, u64::MAX), [u64::MAX..=u64::MAX]);
    assert_eq!(seg(0, u64::MAX), [1..=u64::MAX]);
    assert_eq!(seg(u64::MAX, u64::MAX), [0..=u64::MAX]);
    assert_eq!(seg(0, 0), [1..=u64::MAX, 0..=0]);
    assert_eq!(seg(7, 7), [8..=u64::MAX, 0..=7]);
}

#[test]
fn wraps_exactly_when_the_range_crosses_zero() {
    for (r, held, _) in window_ranges() {
        // A range crosses 0 exactly when it holds position 0.
        assert_eq!(r.wraps(), held.contains(&0), "{r:?}");
        assert_eq!(r.wraps(), r.end() <= r.start(), "{r:?}");
    }
    assert!(!HashRange::new(10, 20).wraps());
    assert!(!HashRange::new(0, u64::MAX).wraps());
    assert!(HashRange::new(20, 10).wraps());
    assert!(HashRange::new(u64::MAX, 0).wraps());
    assert!(HashRange::new(5, 5).wraps());
}

#[test]
fn equal_start_and_end_is_the_whole_ring() {
    for s in [0, 1, 100, 1 << 63, u64::MAX - 1, u64::MAX] {
        let r = HashRange::new(s, s);
        assert_eq!(r.len(), RING);
        assert_eq!((r.start(), r.end()), (s, s));
        for x in [
            0,
            1,
            s.wrapping_sub(1),
            s,
            s.wrapping_add(1),
            1 << 63,
            u64::MAX,
        ] {
            assert!(r.contains(x), "({s}, {s}] holds {x}");
        }
        check_segments(r, &[0, s, u64::MAX]);
    }
}

#[test]
fn debug_and_display_use_interval_notation() {
    let r = HashRange::new(300, 50);
    assert_eq!(format!("{r:?}"), "(300, 50]");
    assert_eq!(format!("{r}"), "(0x000000000000012c, 0x0000000000000032]");
    let top = HashRange::new(u64::MAX, 0);
    assert_eq!(format!("{top:?}"), format!("({}, 0]", u64::MAX));
    assert_eq!(format!("{top}"), "(0xffffffffffffffff, 0x0000000000000000]");
}

#[test]
fn start_and_end_are_kept_as_given() {
    for (s, e) in [(0, 0), (10, 20), (20, 10), (u64::MAX, 0), (0, u64::MAX)] {
        let r = HashRange::new(s, e);
        assert_eq!((r.start(), r.end()), (s, e));
        assert_eq!(r, HashRange::new(s, e));
        assert_ne!(r, HashRange::new(s.wrapping_add(1), e));
    }
}

/// Ends near the edges of the ring, or anywhere.
fn end_strategy() -> impl Strategy<Value = u64> {
    prop_oneof![
        2 => prop::sample::select(vec![0u64, 1, 2, 1 << 63, (1 << 63) - 1, u64::MAX - 1, u64::MAX]),
        3 => any::<u64>(),
    ]
}

proptest! {
    /// On random ranges: `len` is the circular distance from start to end
    /// (0 meaning 2^64), and `x` is held exactly when its distance from
    /// start lies in `1..=len`.
    #[test]
    fn range_laws_hold_on_random_ranges(
        start in end_strategy(),
        end in end_strategy(),
        offsets in prop::collection::vec(0u64..4, 4),
        xs in prop::collection::vec(any::<u64>(), 4),
    ) {
        let r = HashRange::new(start, end);
        let distance = (u128::from(end) + RING - u128::from(start)) % RING;
        let len = if distance == 0 { RING } else { distance };
        prop_assert_eq!(r.len(), len);
        prop_assert_eq!(r.wraps(), end <= start);

        let mut probes = xs;
        probes.extend([0, u64::MAX]);
        for &o in &offsets {
            probes.extend([
                start.wrapping_add(o),
                start.wrapping_sub(o),
                end.wrapping_add(o),
                end.wrapping_sub(o),
            ]);
        }
        for &x in &probes {
            let d = u128::from(x.wrapping_sub(start));
            let d = if d == 0 { RING } else { d };
            prop_assert_eq!(r.contains(x), d <= len, "{:?} contains {}", r, x);
        }
        prop_assert_eq!(r.wraps(), r.contains(0));
        check_segments(r, &probes);
    }
}
