//! Distribution: keys and ring shares spread evenly over nodes with the
//! default vnode count, and in proportion to weight with explicit weights.
//!
//! Every test is deterministic (fixed hasher, fixed key sets, a fixed-seed
//! generator), so it gives the same result on every run and platform; the
//! bounds come from the theory below, with margin, so that a correct
//! placement passes them with overwhelming probability over the choice of
//! hash function, while a broken one (one point per node, all of a node's
//! points in one place, a hasher that reads only part of its input) misses
//! them by far. `balance_checks_reject_broken_placements` checks the last
//! claim on purpose-built broken rings.
//!
//! # The model
//!
//! A good hasher places the `W` points of the ring like `W` independent
//! uniform positions on the circle. The `W` arcs between neighbouring points
//! are then jointly Dirichlet(1, …, 1), and a node with `v` points owns the
//! sum of `v` of them: its share `S` is Beta(v, W − v), with mean `v/W` and
//!
//! ```text
//! Var(S) / E(S)² = (W − v) / (v (W + 1))      ≈ 1/v when W ≫ v,
//! ```
//!
//! so with `v` = 256 a node's share has a relative standard deviation of
//! about 1/16. For `n` equal nodes the spread of the `n` shares is a
//! Pearson statistic: `Σ (S_i − 1/n)² · n (W + 1)` is about χ² with `n − 1`
//! degrees of freedom.
//!
//! `K` keys hashed uniformly then fall on the nodes multinomially given the
//! shares: a node with share `s` gets Binomial(K, s) keys, relative variance
//! `(1 − s)/(K s)`, and `Σ (c_i − K s_i)² / (K s_i)` is about χ² with `n − 1`
//! degrees of freedom. The two sources of noise add in quadrature.
//!
//! # The bounds
//!
//! - `SIGMA_MARGIN` = 1.25 multiplies every standard deviation: it covers
//!   the model's approximations (the normal approximation of the Beta and
//!   binomial tails, Beta(256) being slightly right-skewed, the points and
//!   keys coming from a hash rather than truly independent draws).
//! - A check over `m` values at once (the largest of `m` nodes, say) allows
//!   `z_union(m) = sqrt(2 ln(m / 10⁻⁶))` standard deviations: by the
//!   Gaussian tail bound `P(|Z| > z) ≤ exp(−z²/2)` and the union bound, all
//!   `m` stay inside with probability at least 1 − 10⁻⁶. This is the usual
//!   `sqrt(2 ln m)` growth of the maximum of `m` normals, plus room for a
//!   one-in-a-million event.
//! - A χ² statistic with `d` degrees of freedom is bounded by its upper
//!   quantile at `z_union(1)` ≈ 5.26 standard normal units, computed with
//!   the Wilson–Hilferty approximation `d (1 − 2/(9d) + z sqrt(2/(9d)))³`,
//!   and multiplied by `SIGMA_MARGIN²` (it is a sum of squares).
//!
//! For orientation (computed once, outside the tests, from the exact Beta
//! and χ² distributions): with the margins, the exact-share bounds of part 1
//! are missed with probability about 10⁻⁹, the χ² bounds with less than
//! 10⁻¹³; a correct ring passes every check here with near certainty, and
//! the sensitive checks are the spread (std/mean) and Pearson statistics,
//! whose bounds tighten as the number of nodes grows.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::hash::Hash;

use shardring::{DEFAULT_VNODES, HashRing, RingHasher};

// ---------------------------------------------------------------------------
// Theory: the bounds
// ---------------------------------------------------------------------------

/// Margin on every theoretical standard deviation (see the file docs).
const SIGMA_MARGIN: f64 = 1.25;

/// The chance, per check, that a correct placement misses a bound, before
/// the margin is applied.
const FALSE_ALARM: f64 = 1e-6;

/// Standard normal units that `m` simultaneous normal deviations all stay
/// within, except with probability `FALSE_ALARM` (union bound over the tail
/// bound `P(|Z| > z) ≤ exp(−z²/2)`).
fn z_union(m: usize) -> f64 {
    (2.0 * (m as f64 / FALSE_ALARM).ln()).sqrt()
}

/// Upper bound on a χ² statistic with `d` degrees of freedom: its quantile
/// at `z_union(1)` (Wilson–Hilferty), with the margin squared.
fn chi2_bound(d: usize) -> f64 {
    let d = d as f64;
    let a = 2.0 / (9.0 * d);
    let quantile = d * (1.0 - a + z_union(1) * a.sqrt()).powi(3);
    SIGMA_MARGIN * SIGMA_MARGIN * quantile
}

/// Relative standard deviation of the share of a node with `v` of the
/// ring's `total` points: Beta(v, total − v).
fn share_rel_sd(v: u32, total: u64) -> f64 {
    let (v, w) = (f64::from(v), total as f64);
    ((w - v) / (v * (w + 1.0))).sqrt()
}

/// Relative standard deviation of a Binomial(keys, p) count.
fn binomial_rel_sd(p: f64, keys: u64) -> f64 {
    ((1.0 - p) / (keys as f64 * p)).sqrt()
}

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// The splitmix64 generator: a fixed-seed source of well-mixed `u64` keys,
/// independent of the ring's hasher.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

/// 2^64, the length of the whole ring.
const RING: u128 = 1 << 64;

/// Each node's exact share of the ring in positions, computed from
/// `points()` alone by the documented rule: the first point at a position
/// owns `(previous distinct position, position]`, and the smallest position
/// also owns the wrap `(largest, u64::MAX]`. Returned in `nodes()` order.
fn arcs_from_points<N: Hash + Eq + Clone, H: RingHasher>(ring: &HashRing<N, H>) -> Vec<u128> {
    let index: HashMap<&N, usize> = ring.nodes().enumerate().map(|(i, n)| (n, i)).collect();
    let mut arcs = vec![0u128; index.len()];
    // Owners of the distinct positions, ascending.
    let mut owners: Vec<(u64, usize)> = Vec::new();
    for (pos, node) in ring.points() {
        if owners.last().is_none_or(|&(p, _)| p != pos) {
            owners.push((pos, index[node]));
        }
    }
    let Some(&(last, _)) = owners.last() else {
        return arcs;
    };
    let mut previous = None;
    for &(pos, owner) in &owners {
        arcs[owner] += match previous {
            Some(prev) => u128::from(pos - prev),
            // The smallest position: (last, u64::MAX] and [0, pos].
            None => RING - u128::from(last) + u128::from(pos),
        };
        previous = Some(pos);
    }
    arcs
}

/// Counts how often each node appears in `owners`, in `nodes()` order.
fn count_owners<'a, N, H>(
    ring: &HashRing<N, H>,
    owners: impl IntoIterator<Item = &'a N>,
) -> Vec<u64>
where
    N: Hash + Eq + Clone + 'a,
    H: RingHasher,
{
    let index: HashMap<&N, usize> = ring.nodes().enumerate().map(|(i, n)| (n, i)).collect();
    let mut counts = vec![0u64; index.len()];
    for owner in owners {
        counts[index[owner]] += 1;
    }
    counts
}

/// Counts the keys each node owns by `locate`, in `nodes()` order.
/// Key counts per node for `SHAPE_KEYS` string keys, key `i` written by
/// `fill` into one reused buffer.
fn count_string_keys<H: RingHasher>(
    ring: &HashRing<String, H>,
    mut fill: impl FnMut(&mut String, u64) -> std::fmt::Result,
) -> Vec<u64> {
    let mut key = String::new();
    count_owners(
        ring,
        (0..SHAPE_KEYS).map(|i| {
            key.clear();
            fill(&mut key, i).unwrap();
            ring.locate(key.as_str()).unwrap()
        }),
    )
}

fn count_keys<N, H, K>(ring: &HashRing<N, H>, keys: impl IntoIterator<Item = K>) -> Vec<u64>
where
    N: Hash + Eq + Clone,
    H: RingHasher,
    K: Hash,
{
    count_owners(
        ring,
        keys.into_iter()
            .map(|key| ring.locate(&key).expect("ring is not empty")),
    )
}

/// Exact shares as fractions of the ring, from [`arcs_from_points`].
fn shares_from_points<N: Hash + Eq + Clone, H: RingHasher>(ring: &HashRing<N, H>) -> Vec<f64> {
    let arcs = arcs_from_points(ring);
    assert_eq!(
        arcs.iter().sum::<u128>(),
        RING,
        "the arcs do not cover the ring"
    );
    arcs.iter().map(|&a| a as f64 / RING as f64).collect()
}

/// `n` nodes `node-0` … `node-{n-1}` of the default weight, added with
/// `add`, one by one.
///
/// Each `add` merges the new points into the sorted array, O(points), so
/// adding 1000 nodes one by one moves O(1000² · 256) points, about 11 s in
/// a debug build. Above 100 nodes the ring is therefore built with one
/// `add_all` of `(node, DEFAULT_VNODES)` pairs: by the stability contract
/// placement depends only on the membership, not on the calls that built
/// it, so this is the same ring (the membership and model tests check that
/// equivalence; here it is the distribution that is under test).
fn default_ring(n: usize) -> HashRing<String> {
    let mut ring = HashRing::new();
    if n <= 100 {
        for i in 0..n {
            ring.add(format!("node-{i}")).unwrap();
        }
    } else {
        ring.add_all((0..n).map(|i| (format!("node-{i}"), DEFAULT_VNODES)))
            .unwrap();
    }
    assert_eq!(ring.point_count(), n * DEFAULT_VNODES as usize);
    ring
}

/// Key counts of equal nodes, summarised relative to the mean count.
#[derive(Debug)]
struct Balance {
    max_over_mean: f64,
    min_over_mean: f64,
    std_over_mean: f64,
}

impl Balance {
    fn of(counts: &[u64]) -> Self {
        let n = counts.len() as f64;
        let mean = counts.iter().sum::<u64>() as f64 / n;
        let max = *counts.iter().max().unwrap() as f64;
        let min = *counts.iter().min().unwrap() as f64;
        let var = counts
            .iter()
            .map(|&c| (c as f64 - mean).powi(2))
            .sum::<f64>()
            / n;
        Balance {
            max_over_mean: max / mean,
            min_over_mean: min / mean,
            std_over_mean: var.sqrt() / mean,
        }
    }
}

/// The bounds for `keys` keys over `n` nodes of `v` vnodes each.
#[derive(Debug)]
struct BalanceBounds {
    max_over_mean: f64,
    min_over_mean: f64,
    std_over_mean: f64,
}

impl BalanceBounds {
    fn new(n: usize, v: u32, keys: u64) -> Self {
        // A node's key count varies with its share (Beta, about 1/sqrt(v))
        // and with the sampling of the keys (binomial, about sqrt(n/K)); the
        // two are independent and add in quadrature.
        let share = share_rel_sd(v, n as u64 * u64::from(v));
        let sampling = binomial_rel_sd(1.0 / n as f64, keys);
        let sigma = (share * share + sampling * sampling).sqrt();
        // The largest and smallest of n counts: within z_union(n) margined
        // standard deviations of the mean.
        let reach = SIGMA_MARGIN * z_union(n) * sigma;
        // The spread: (n − 1) (std/mean)² / sigma² is about χ² with n − 1
        // degrees of freedom (the Pearson statistic of the shares plus that
        // of the keys), so std/mean ≤ sigma · sqrt(χ²-bound / (n − 1)).
        let std = sigma * (chi2_bound(n - 1) / (n - 1) as f64).sqrt();
        BalanceBounds {
            max_over_mean: 1.0 + reach,
            min_over_mean: 1.0 - reach,
            std_over_mean: std,
        }
    }

    fn holds(&self, b: &Balance) -> bool {
        b.max_over_mean <= self.max_over_mean
            && b.min_over_mean >= self.min_over_mean
            && b.std_over_mean <= self.std_over_mean
    }
}

/// Pearson's statistic of the key counts against the nodes' exact shares:
/// about χ² with `n − 1` degrees of freedom if keys land uniformly.
fn pearson(counts: &[u64], shares: &[f64]) -> f64 {
    let keys = counts.iter().sum::<u64>() as f64;
    counts
        .iter()
        .zip(shares)
        .map(|(&c, &s)| (c as f64 - keys * s).powi(2) / (keys * s))
        .sum()
}

/// Asserts that each node's key count is close to its exact share: within
/// `SIGMA_MARGIN · z_union(n)` binomial standard deviations, and Pearson's
/// statistic within its χ² bound.
fn assert_counts_follow_shares(what: &str, counts: &[u64], shares: &[f64]) {
    let n = counts.len();
    let keys = counts.iter().sum::<u64>();
    let reach = SIGMA_MARGIN * z_union(n);
    for (i, (&c, &s)) in counts.iter().zip(shares).enumerate() {
        let expected = keys as f64 * s;
        let sd = (keys as f64 * s * (1.0 - s)).sqrt();
        assert!(
            (c as f64 - expected).abs() <= reach * sd,
            "{what}: node #{i} got {c} keys, expected {expected:.0} ± {:.0} from its share {s}",
            reach * sd
        );
    }
    let stat = pearson(counts, shares);
    let bound = chi2_bound(n - 1);
    assert!(
        stat <= bound,
        "{what}: Pearson statistic of keys against shares {stat:.1} > {bound:.1} (d = {})",
        n - 1
    );
}

// ---------------------------------------------------------------------------
// 1. Key balance at the default vnode count
// ---------------------------------------------------------------------------

const KEYS: u64 = 1_000_000;

/// 1,000,000 splitmix64 keys over `n` default-weight nodes: balanced within
/// the theoretical bounds, exact shares summing to 1, and each node's keys
/// matching its exact share.
fn check_default_balance(n: usize, seed: u64) {
    let ring = default_ring(n);
    let mut rng = SplitMix64(seed);
    let counts = count_keys(&ring, (0..KEYS).map(|_| rng.next_u64()));
    assert_eq!(counts.iter().sum::<u64>(), KEYS, "every key has one owner");

    let balance = Balance::of(&counts);
    let bounds = BalanceBounds::new(n, DEFAULT_VNODES, KEYS);
    println!("{n} nodes, {KEYS} keys: {balance:?}, bounds {bounds:?}");
    assert!(
        bounds.holds(&balance),
        "{n} nodes: {balance:?} outside {bounds:?}"
    );

    // Exact shares, computed here from points() (independently of
    // share()): the arcs partition the ring, so they sum to exactly 2^64.
    let arcs = arcs_from_points(&ring);
    assert_eq!(
        arcs.iter().sum::<u128>(),
        RING,
        "{n} nodes: arcs do not cover the ring"
    );
    let shares: Vec<f64> = arcs.iter().map(|&a| a as f64 / RING as f64).collect();
    // share() gives the same figures. It costs O(points) per node, so with
    // 1000 nodes (256,000 points) only every 20th node is asked, to keep the
    // debug-mode run short.
    let step = if n <= 100 { 1 } else { 20 };
    let mut share_sum = 0.0;
    for (node, &expected) in ring.nodes().zip(&shares).step_by(step) {
        let share = ring.share(node);
        share_sum += share;
        assert!(
            (share - expected).abs() <= f64::EPSILON * expected,
            "{node}: share() {share} but its arcs give {expected}"
        );
    }
    // When every node was asked, the shares sum to 1 up to the rounding of
    // each u128 → f64 conversion (half an ulp each) and of the additions.
    if step == 1 {
        assert!(
            (share_sum - 1.0).abs() <= n as f64 * f64::EPSILON,
            "{n} nodes: shares sum to {share_sum}"
        );
    }
    // The exact shares themselves: the largest within z_union(n) margined
    // Beta standard deviations of the mean 1/n.
    let max_share = shares.iter().copied().fold(0.0, f64::max) * n as f64;
    let share_bound =
        1.0 + SIGMA_MARGIN * z_union(n) * share_rel_sd(DEFAULT_VNODES, ring.point_count() as u64);
    println!("{n} nodes: largest exact share / mean = {max_share:.4} (bound {share_bound:.4})");
    assert!(
        max_share <= share_bound,
        "{n} nodes: largest share/mean {max_share} > {share_bound}"
    );

    assert_counts_follow_shares(&format!("{n} nodes"), &counts, &shares);
}

#[test]
fn keys_balance_over_10_default_nodes() {
    check_default_balance(10, 0x5eed_0010);
}

#[test]
fn keys_balance_over_100_default_nodes() {
    check_default_balance(100, 0x5eed_0100);
}

#[test]
fn keys_balance_over_1000_default_nodes() {
    check_default_balance(1000, 0x5eed_1000);
}

// ---------------------------------------------------------------------------
// 2. Weighted shares are proportional to weight
// ---------------------------------------------------------------------------

/// Asserts that each node's exact share `S_i` is close to its weight's
/// fraction `p_i = w_i / W` of the ring's `W` points, in `nodes()` order.
///
/// `S_i` is `Beta(w_i, W − w_i)`: relative standard deviation
/// `share_rel_sd(w_i, W)`, about `1/sqrt(w_i)`. Each node is checked within
/// `SIGMA_MARGIN · z_union(n)` of those, and all at once with the Pearson
/// statistic `(W + 1) Σ (S_i − p_i)² / p_i`: the shares are
/// `Dirichlet(w_1, …, w_n)`, whose covariance is the multinomial one with
/// `W + 1` in place of the sample size, so the statistic is about χ² with
/// `n − 1` degrees of freedom.
fn assert_shares_follow_weights(what: &str, shares: &[f64], weights: &[u32]) {
    let n = shares.len();
    let total: u64 = weights.iter().map(|&w| u64::from(w)).sum();
    let reach = SIGMA_MARGIN * z_union(n);
    let mut stat = 0.0;
    for (i, (&s, &w)) in shares.iter().zip(weights).enumerate() {
        let p = f64::from(w) / total as f64;
        let rel = s / p - 1.0;
        assert!(
            rel.abs() <= reach * share_rel_sd(w, total),
            "{what}: node #{i} of weight {w} has share {s}, {:+.1}% off {p}",
            100.0 * rel
        );
        stat += (s - p).powi(2) / p * (total as f64 + 1.0);
    }
    let bound = chi2_bound(n - 1);
    println!("{what}: Pearson statistic of shares against weights {stat:.1} (bound {bound:.1})");
    assert!(
        stat <= bound,
        "{what}: shares against weights: statistic {stat:.1} > {bound:.1}"
    );
}

/// Weights in `nodes()` order.
fn weights_of<N: Hash + Eq + Clone, H: RingHasher>(ring: &HashRing<N, H>) -> Vec<u32> {
    ring.nodes()
        .map(|node| ring.weight(node).unwrap())
        .collect()
}

/// Eight nodes each of weights 100, 200, 400 and 800, added with
/// `add_weighted`: exact shares and key fractions proportional to weight.
#[test]
fn shares_proportional_to_weight() {
    const CLASSES: [u32; 4] = [100, 200, 400, 800];
    const PER_CLASS: usize = 8;
    let mut ring = HashRing::new();
    for w in CLASSES {
        for j in 0..PER_CLASS {
            ring.add_weighted(format!("w{w}-{j}"), w).unwrap();
        }
    }
    let weights = weights_of(&ring);
    let total: u64 = weights.iter().map(|&w| u64::from(w)).sum();
    assert_eq!(ring.point_count() as u64, total);

    let shares = shares_from_points(&ring);
    for (node, &expected) in ring.nodes().zip(&shares) {
        let share = ring.share(node);
        assert!(
            (share - expected).abs() <= f64::EPSILON * expected,
            "{node}: {share} vs {expected}"
        );
    }
    assert_shares_follow_weights("weights 100..800", &shares, &weights);

    // Per weight class: the eight nodes of weight w together hold 8w points,
    // so their summed share is Beta(8w, W − 8w), a relative standard
    // deviation of about 1/sqrt(8w) (3.5% for w = 100, 0.9% for w = 800).
    for w in CLASSES {
        let class_share: f64 = shares
            .iter()
            .zip(&weights)
            .filter(|&(_, &x)| x == w)
            .map(|(&s, _)| s)
            .sum();
        let points = w * PER_CLASS as u32;
        let p = f64::from(points) / total as f64;
        let rel = class_share / p - 1.0;
        let bound = SIGMA_MARGIN * z_union(CLASSES.len()) * share_rel_sd(points, total);
        println!(
            "weight {w}: class share {class_share:.5}, expected {p:.5} ({:+.2}%, bound ±{:.2}%)",
            100.0 * rel,
            100.0 * bound
        );
        assert!(
            rel.abs() <= bound,
            "weight {w}: class share {class_share} vs {p}"
        );
    }

    // Keys: each node's count follows its exact share (binomial), and its
    // fraction follows its weight with both noises combined: c_i/K − p_i is
    // (c_i/K − S_i) + (S_i − p_i), independent, both of multinomial form, so
    // Σ (c_i/K − p_i)² / (p_i (1/(W + 1) + 1/K)) is about χ² with n − 1
    // degrees of freedom.
    let mut rng = SplitMix64(0x5eed_3e16);
    let counts = count_keys(&ring, (0..KEYS).map(|_| rng.next_u64()));
    assert_counts_follow_shares("weights 100..800", &counts, &shares);
    let scale = 1.0 / (total as f64 + 1.0) + 1.0 / KEYS as f64;
    let stat: f64 = counts
        .iter()
        .zip(&weights)
        .map(|(&c, &w)| {
            let p = f64::from(w) / total as f64;
            (c as f64 / KEYS as f64 - p).powi(2) / (p * scale)
        })
        .sum();
    let bound = chi2_bound(counts.len() - 1);
    println!(
        "weights 100..800: Pearson statistic of key fractions against weights {stat:.1} (bound {bound:.1})"
    );
    assert!(
        stat <= bound,
        "key fractions against weights: {stat:.1} > {bound:.1}"
    );
}

/// Sixteen nodes added with `add` and reweighted with `set_weight` to
/// 64, 128, …, 1024 points: exact shares proportional to the new weights.
#[test]
fn shares_proportional_to_weight_after_set_weight() {
    let mut ring = HashRing::new();
    for k in 1..=16u32 {
        ring.add(format!("10.1.0.{k}:6379")).unwrap();
    }
    for k in 1..=16u32 {
        ring.set_weight(&format!("10.1.0.{k}:6379"), 64 * k)
            .unwrap();
    }
    let weights = weights_of(&ring);
    assert_eq!(ring.point_count() as u64, 64 * (1..=16).sum::<u64>());
    let shares = shares_from_points(&ring);
    for (node, &expected) in ring.nodes().zip(&shares) {
        let share = ring.share(node);
        assert!(
            (share - expected).abs() <= f64::EPSILON * expected,
            "{node}: {share} vs {expected}"
        );
    }
    assert_shares_follow_weights("weights 64..1024", &shares, &weights);
}

// ---------------------------------------------------------------------------
// 3. C20: the default vnode count gives an even split
// ---------------------------------------------------------------------------

/// Returns the largest exact ring share of the ring's nodes divided by the
/// mean share, from arcs computed in `u128` from `points()`, after checking
/// that `share()` agrees. Asserts the C20 bound: at most 1.25.
fn largest_over_mean_share(pattern: &str, ring: &HashRing<String>) -> f64 {
    let arcs = arcs_from_points(ring);
    assert_eq!(
        arcs.iter().sum::<u128>(),
        RING,
        "{pattern}: the arcs do not cover the ring"
    );
    for (node, &arc) in ring.nodes().zip(&arcs) {
        let expected = arc as f64 / RING as f64;
        let share = ring.share(node);
        assert!(
            (share - expected).abs() <= f64::EPSILON * expected,
            "{node}: {share} vs {expected}"
        );
    }
    let n = arcs.len() as u128;
    let largest = *arcs.iter().max().unwrap();
    let ratio = (largest * n) as f64 / RING as f64;
    println!("{pattern}: largest share / mean share = {ratio:.4}");
    // largest / (2^64 / n) ≤ 5/4, in exact integers.
    assert!(
        4 * largest * n <= 5 * RING,
        "{pattern}: the largest share is {ratio:.4} times the mean (> 1.25): the default of {DEFAULT_VNODES} vnodes is too small"
    );
    ratio
}

/// C20. With 256 vnodes per node and ten nodes, a node's share is
/// Beta(256, 2304): mean 0.1, relative standard deviation
/// sqrt((W − v)/(v (W + 1))) ≈ 0.059, so the bound 1.25 lies 4.2 standard
/// deviations above the mean. The exact Beta tail `P(S > 0.125)` is about
/// 3.7 × 10⁻⁵, so a correct ring misses the bound for about one naming
/// pattern in 2,700 (union over the ten nodes), whereas a default of a
/// handful of vnodes gives ratios near 2 (one vnode: see
/// `balance_checks_reject_broken_placements`). Exact arc lengths in `u128`,
/// no sampling: deterministic.
#[test]
fn default_vnodes_balance_ten_nodes() {
    let patterns: [(&str, Vec<String>); 3] = [
        (
            "node-1..node-10",
            (1..=10).map(|i| format!("node-{i}")).collect(),
        ),
        (
            "nodeA..nodeJ",
            (b'A'..=b'J')
                .map(|c| format!("node{}", char::from(c)))
                .collect(),
        ),
        (
            "10.0.0.1:7000..10.0.0.10:7000",
            (1..=10).map(|i| format!("10.0.0.{i}:7000")).collect(),
        ),
    ];
    for (pattern, ids) in patterns {
        let mut ring = HashRing::new();
        for id in ids {
            ring.add(id).unwrap();
        }
        assert_eq!(ring.len(), 10);
        assert_eq!(ring.point_count(), 10 * DEFAULT_VNODES as usize);
        largest_over_mean_share(pattern, &ring);
    }
}

// ---------------------------------------------------------------------------
// 4. Keys of many shapes spread evenly
// ---------------------------------------------------------------------------

/// Keys per shape.
const SHAPE_KEYS: u64 = 500_000;

/// Asserts that the key counts of `shape` over the 100-node default ring
/// follow the nodes' exact shares (binomial, per node and Pearson) and meet
/// the same balance bounds as the random keys of part 1. The first check
/// isolates the hashing of the keys (through the normalising adapter) from
/// the placement of the points.
fn check_shape(shape: &str, ring: &HashRing<String>, counts: &[u64]) {
    assert_eq!(counts.iter().sum::<u64>(), SHAPE_KEYS);
    let shares = shares_from_points(ring);
    println!(
        "{shape}: Pearson statistic against shares {:.1} (bound {:.1})",
        pearson(counts, &shares),
        chi2_bound(counts.len() - 1)
    );
    assert_counts_follow_shares(shape, counts, &shares);
    let balance = Balance::of(counts);
    let bounds = BalanceBounds::new(counts.len(), DEFAULT_VNODES, SHAPE_KEYS);
    println!("{shape}: {balance:?}");
    assert!(
        bounds.holds(&balance),
        "{shape}: {balance:?} outside {bounds:?}"
    );
}

#[test]
fn sequential_integer_keys_spread_evenly() {
    let ring = default_ring(100);
    let counts = count_keys(&ring, 0..SHAPE_KEYS);
    check_shape("u64 0..N", &ring, &counts);
    // Pairs on a grid, as a derived-Hash tuple key.
    let counts = count_keys(&ring, (0..SHAPE_KEYS as u32).map(|i| (i / 1000, i % 1000)));
    check_shape("(u32, u32) grid", &ring, &counts);
}

#[test]
fn counter_suffix_string_keys_spread_evenly() {
    let ring = default_ring(100);
    let counts = count_string_keys(&ring, |key, i| write!(key, "user:{i:06}"));
    check_shape("user:000000..", &ring, &counts);
    let counts = count_string_keys(&ring, |key, i| write!(key, "key-{i}"));
    check_shape("key-0..", &ring, &counts);
}

#[test]
fn long_prefix_and_raw_byte_keys_spread_evenly() {
    let ring = default_ring(100);
    // A 96-byte common prefix: the keys are longer than the 64 bytes this
    // version of the ring buffers for a one-shot hash, so they go through
    // the hasher's incremental stream, and they differ only after byte 96.
    let prefix = "tenant/eu-west-1/bucket/".repeat(4);
    assert_eq!(prefix.len(), 96);
    let counts = count_string_keys(&ring, |key, i| write!(key, "{prefix}{i:08}"));
    check_shape("96-byte prefix + counter", &ring, &counts);
    // Raw bytes without framing: big-endian counters, so keys differ only
    // in their last bytes.
    let counts = count_owners(
        &ring,
        (0..SHAPE_KEYS).map(|i| ring.locate_bytes(&i.to_be_bytes()).unwrap()),
    );
    check_shape("locate_bytes(u64 BE)", &ring, &counts);
}

// ---------------------------------------------------------------------------
// The checks have power: broken placements miss them by far
// ---------------------------------------------------------------------------

/// A hasher that reads only the first byte of its input (a broken one).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct FirstByte;

#[derive(Debug)]
struct FirstByteStream(Option<u8>);

impl core::hash::Hasher for FirstByteStream {
    fn write(&mut self, bytes: &[u8]) {
        if self.0.is_none() {
            self.0 = bytes.first().copied();
        }
    }
    fn finish(&self) -> u64 {
        // Well mixed, but of one byte only.
        SplitMix64(u64::from(self.0.unwrap_or(0))).next_u64()
    }
}

impl RingHasher for FirstByte {
    type Stream = FirstByteStream;
    fn stream(&self) -> FirstByteStream {
        FirstByteStream(None)
    }
}

/// The bounds of part 1 (for `DEFAULT_VNODES` points per node) reject rings
/// with one point per node, with all of a node's points in one place, and
/// with a hasher that reads only the first byte; the C20 bound rejects one
/// point per node for ten nodes.
#[test]
fn balance_checks_reject_broken_placements() {
    const N: usize = 100;
    const K: u64 = 100_000;
    let bounds = BalanceBounds::new(N, DEFAULT_VNODES, K);
    let keys = || {
        let mut rng = SplitMix64(0x5eed_bad0);
        (0..K).map(move |_| rng.next_u64())
    };

    let mut one_point = HashRing::new();
    for i in 0..N {
        one_point.add_weighted(format!("node-{i}"), 1).unwrap();
    }
    let balance = Balance::of(&count_keys(&one_point, keys()));
    println!("one point per node: {balance:?}");
    assert!(
        !bounds.holds(&balance),
        "one point per node passed: {balance:?}"
    );

    let mut clumped = HashRing::new();
    for i in 0..N {
        let name = format!("node-{i}");
        let base = clumped.position(&name);
        let tokens = (0..u64::from(DEFAULT_VNODES)).map(|t| base.wrapping_add(t));
        clumped.add_with_tokens(name, tokens).unwrap();
    }
    let balance = Balance::of(&count_keys(&clumped, keys()));
    println!("all points of a node in one place: {balance:?}");
    assert!(
        !bounds.holds(&balance),
        "clumped points passed: {balance:?}"
    );

    let mut first_byte = HashRing::with_hasher(FirstByte);
    for i in 0..N {
        first_byte.add(format!("node-{i}")).unwrap();
    }
    let balance = Balance::of(&count_keys(&first_byte, keys()));
    println!("first-byte hasher: {balance:?}");
    assert!(
        !bounds.holds(&balance),
        "first-byte hasher passed: {balance:?}"
    );

    let mut ten = HashRing::new();
    for i in 1..=10 {
        ten.add_weighted(format!("node-{i}"), 1).unwrap();
    }
    let arcs = arcs_from_points(&ten);
    let largest = *arcs.iter().max().unwrap();
    println!(
        "ten nodes of one point: largest share / mean = {:.3}",
        (largest * 10) as f64 / RING as f64
    );
    assert!(
        4 * largest * 10 > 5 * RING,
        "one point per node passed the C20 bound"
    );
}
