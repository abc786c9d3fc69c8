//! shardring against the other Rust ring crates and an inline baseline,
//! side by side in one criterion group per operation, so that every figure
//! in BENCHMARKS.md is a ratio measured in one run.
//!
//! ```text
//! cargo bench --bench ring                            # everything, ~11 minutes
//! SHARDRING_BENCH_QUICK=1 cargo bench --bench ring    # quick mode, under 2 minutes
//! cargo bench --bench ring -- locate_u64              # one group
//! ```
//!
//! Every ring here has nodes `0..n` (`u32`) with [`DEFAULT_VNODES`] points
//! each, so all crates hold the same number of points. The nodes are `u32`,
//! the smallest type each peer accepts, which favours the peers: their
//! entries carry the node inline. Keys come from a fixed-seed generator and
//! are walked in a fixed random order.
//!
//! The peers:
//! - `baseline`: a sorted `Vec<u64>` of positions, a `Vec<u32>` of owners and
//!   a radix index over the top bits, written inline below; one-shot XXH3 on
//!   the raw key bytes. The practical limit of a ring lookup.
//! - `hashring` 0.3: a sorted `Vec` of (hash, node) entries, SipHash-1-3
//!   keys; vnodes are entries `(node, i)`, as its docs suggest.
//! - `consistent_hash_ring` 0.8: a sorted `Vec` of vnodes, FNV keys.
//! - `jump`: jump consistent hash (no vnodes, no memory, buckets only),
//!   of the XXH3 of the key: the speed reference for a ring-free algorithm.
//! - `anchorhash` 0.2: `AnchorHash`, also ring-free, with its default hasher.

// criterion_group! generates an undocumented public function.
#![allow(missing_docs)]

use std::hash::Hash;
use std::hint::black_box;
use std::time::Duration;

use criterion::measurement::WallTime;
use criterion::{
    BatchSize, BenchmarkGroup, BenchmarkId, Criterion, criterion_group, criterion_main,
};
use shardring::{DEFAULT_VNODES, HashRing};
use xxhash_rust::xxh3::xxh3_64;

/// Ring sizes for lookups and builds.
const SIZES: [u32; 3] = [10, 100, 1000];
/// Ring sizes for single-node changes.
const CHANGE_SIZES: [u32; 2] = [100, 1000];
/// Keys per lookup run; a power of two, walked cyclically.
const KEYS: usize = 1 << 12;
/// Copies of each ring in the cold-cache group: together far larger than
/// the last-level cache, so that a lookup in a random copy misses it.
const COLD_COPIES: usize = 64;
/// Distinct lookups walked in the cold-cache group; a power of two.
const COLD_LOOKUPS: usize = 1 << 20;

// ---------------------------------------------------------------------------
// Inputs.

/// `SplitMix64`: fixed-seed keys without a dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
}

fn u64_keys() -> Vec<u64> {
    let mut rng = Rng(1);
    (0..KEYS).map(|_| rng.next()).collect()
}

/// Keys shaped like `"user:12345"`.
fn str_keys() -> Vec<String> {
    let mut rng = Rng(2);
    (0..KEYS)
        .map(|_| format!("user:{}", rng.next() % 10_000_000))
        .collect()
}

/// Cycles through `keys` from inside a timing loop.
struct Cycle<'a, K> {
    keys: &'a [K],
    i: usize,
}

impl<'a, K> Cycle<'a, K> {
    fn new(keys: &'a [K]) -> Self {
        Cycle { keys, i: 0 }
    }

    #[inline]
    fn next(&mut self) -> &'a K {
        self.i = (self.i + 1) & (self.keys.len() - 1);
        &self.keys[self.i]
    }
}

// ---------------------------------------------------------------------------
// The rings under test, all with nodes 0..n and DEFAULT_VNODES points each.

fn shardring(n: u32) -> HashRing<u32> {
    let mut ring = HashRing::new();
    ring.add_all((0..n).map(|i| (i, DEFAULT_VNODES)))
        .expect("a valid ring");
    ring
}

/// A hashring vnode: the node and its replica number.
type HrNode = (u32, u32);

fn hashring_entries(node: u32) -> impl Iterator<Item = HrNode> {
    (0..DEFAULT_VNODES).map(move |i| (node, i))
}

fn hashring(n: u32) -> hashring::HashRing<HrNode> {
    let mut ring = hashring::HashRing::new();
    ring.batch_add((0..n).flat_map(hashring_entries).collect());
    ring
}

fn chr(n: u32) -> consistent_hash_ring::Ring<u32> {
    consistent_hash_ring::RingBuilder::default()
        .vnodes(DEFAULT_VNODES as usize)
        .nodes_iter(0..n)
        .build()
}

fn anchor<K: Hash>(
    n: u32,
) -> anchorhash::AnchorHash<K, u32, std::collections::hash_map::RandomState> {
    anchorhash::Builder::default()
        .with_resources(0..n)
        .build(u16::try_from(n).expect("n fits a u16") * 2)
}

/// The inline baseline: the practical limit of a ring lookup. Points are
/// (position, owner) sorted; `index[b]` is the first point whose top
/// `bits` bits are `>= b`.
#[derive(Clone)]
struct Baseline {
    pos: Vec<u64>,
    owner: Vec<u32>,
    index: Vec<u32>,
    shift: u32,
    nodes: Vec<u32>,
}

impl Baseline {
    /// Builds from (position, owner) pairs.
    fn new(mut points: Vec<(u64, u32)>, nodes: Vec<u32>) -> Self {
        points.sort_unstable();
        let bits = points.len().max(2).ilog2().min(20);
        let shift = 64 - bits;
        let mut index = Vec::with_capacity((1 << bits) + 1);
        let mut i = 0;
        for b in 0..1u64 << bits {
            while i < points.len() && points[i].0 >> shift < b {
                i += 1;
            }
            index.push(i as u32);
        }
        index.push(points.len() as u32);
        let (pos, owner) = points.into_iter().unzip();
        Baseline {
            pos,
            owner,
            index,
            shift,
            nodes,
        }
    }

    /// The same points as a shardring ring.
    fn from_ring(ring: &HashRing<u32>) -> Self {
        let nodes: Vec<u32> = ring.nodes().copied().collect();
        // Owners are indices into `nodes`.
        let mut rank = vec![0; nodes.len()];
        for (r, &node) in nodes.iter().enumerate() {
            rank[node as usize] = r as u32;
        }
        let points = ring
            .points()
            .map(|(p, &node)| (p, rank[node as usize]))
            .collect();
        Baseline::new(points, nodes)
    }

    #[inline]
    fn successor(&self, h: u64) -> usize {
        let b = (h >> self.shift) as usize;
        let (lo, hi) = (self.index[b] as usize, self.index[b + 1] as usize);
        let i = lo + self.pos[lo..hi].partition_point(|&p| p < h);
        if i == self.pos.len() { 0 } else { i }
    }

    #[inline]
    fn locate_position(&self, h: u64) -> &u32 {
        &self.nodes[self.owner[self.successor(h)] as usize]
    }

    #[inline]
    fn locate_u64(&self, k: u64) -> &u32 {
        self.locate_position(xxh3_64(&k.to_le_bytes()))
    }

    #[inline]
    fn locate_str(&self, k: &str) -> &u32 {
        self.locate_position(xxh3_64(k.as_bytes()))
    }

    /// The first 3 distinct nodes from `h` on, into `out`.
    #[inline]
    fn replicas(&self, h: u64, out: &mut [u32; 3]) {
        let mut ranks = [0; 3];
        let mut i = self.successor(h);
        let mut found = 0;
        for _ in 0..self.pos.len() {
            let o = self.owner[i];
            if !ranks[..found].contains(&o) {
                ranks[found] = o;
                out[found] = self.nodes[o as usize];
                found += 1;
                if found == out.len() {
                    return;
                }
            }
            i = if i + 1 == self.pos.len() { 0 } else { i + 1 };
        }
    }
}

/// Panics unless the baseline and shardring agree, so that the baseline
/// measures the same lookup.
fn check_baseline(ring: &HashRing<u32>, base: &Baseline, keys: &[u64]) {
    for &k in keys {
        assert_eq!(ring.position(&k), xxh3_64(&k.to_le_bytes()));
        assert_eq!(ring.locate(&k), Some(base.locate_u64(k)));
    }
}

// ---------------------------------------------------------------------------
// Lookups.

/// Benchmarks one lookup per iteration over `keys` for every implementation
/// that accepts keys of type `K`.
fn locate_group<K: Hash>(
    c: &mut Criterion,
    name: &str,
    keys: &[K],
    base: impl Fn(&Baseline, &K) -> u32,
    jump_key: impl Fn(&K) -> u64,
    as_bytes: Option<fn(&K) -> &[u8]>,
) {
    let mut g = c.benchmark_group(name);
    for n in SIZES {
        let ring = shardring(n);
        let baseline = Baseline::from_ring(&ring);
        g.bench_function(BenchmarkId::new("shardring", n), |b| {
            let mut keys = Cycle::new(keys);
            b.iter(|| ring.locate(black_box(keys.next())).copied());
        });
        // `locate_bytes` hashes the raw bytes, as the baseline does, rather
        // than the key's `Hash` stream (a `str` adds a 0xFF terminator).
        if let Some(as_bytes) = as_bytes {
            g.bench_function(BenchmarkId::new("shardring_bytes", n), |b| {
                let mut keys = Cycle::new(keys);
                b.iter(|| ring.locate_bytes(as_bytes(black_box(keys.next()))).copied());
            });
        }
        g.bench_function(BenchmarkId::new("baseline", n), |b| {
            let mut keys = Cycle::new(keys);
            b.iter(|| base(&baseline, black_box(keys.next())));
        });
        drop((ring, baseline));
        let peer = hashring(n);
        g.bench_function(BenchmarkId::new("hashring", n), |b| {
            let mut keys = Cycle::new(keys);
            b.iter(|| peer.get(black_box(keys.next())).map(|v| v.0));
        });
        drop(peer);
        let peer = chr(n);
        g.bench_function(BenchmarkId::new("consistent_hash_ring", n), |b| {
            let mut keys = Cycle::new(keys);
            b.iter(|| *peer.get(black_box(keys.next())));
        });
        drop(peer);
        g.bench_function(BenchmarkId::new("jump", n), |b| {
            let mut keys = Cycle::new(keys);
            b.iter(|| jump_consistent_hash::hash(jump_key(black_box(keys.next())), n as usize));
        });
        let peer = anchor::<&K>(n);
        g.bench_function(BenchmarkId::new("anchorhash", n), |b| {
            let mut keys = Cycle::new(keys);
            b.iter(|| peer.get_resource(black_box(keys.next())).copied());
        });
    }
    g.finish();
}

fn locate(c: &mut Criterion) {
    let keys = u64_keys();
    {
        let ring = shardring(1000);
        check_baseline(&ring, &Baseline::from_ring(&ring), &keys);
    }
    locate_group(
        c,
        "locate_u64",
        &keys,
        |b, &k| *b.locate_u64(k),
        |&k| xxh3_64(&k.to_le_bytes()),
        None,
    );
    let keys = str_keys();
    locate_group(
        c,
        "locate_str",
        &keys,
        |b, k| *b.locate_str(k),
        |k| xxh3_64(k.as_bytes()),
        Some(|k: &String| k.as_bytes()),
    );
}

/// Lookups that miss the cache: each picks one of [`COLD_COPIES`] copies of
/// a 1000-node ring at random (together several times the last-level
/// cache) and a random `u64` key.
fn locate_cold(c: &mut Criterion) {
    let n = 1000;
    let mut rng = Rng(3);
    // A million distinct (copy, key) pairs: no lookup repeats soon enough
    // for its cache lines to still be there.
    let pick: Vec<(usize, u64)> = (0..COLD_LOOKUPS)
        .map(|_| ((rng.next() % COLD_COPIES as u64) as usize, rng.next()))
        .collect();
    let mut g = c.benchmark_group("locate_cold");
    {
        // Built alternately, so that neither gets the better-placed memory.
        let (rings, bases): (Vec<_>, Vec<_>) = (0..COLD_COPIES)
            .map(|_| {
                let ring = shardring(n);
                let base = Baseline::from_ring(&ring);
                (ring, base)
            })
            .unzip();
        g.bench_function(BenchmarkId::new("shardring", n), |b| {
            let mut pick = Cycle::new(&pick);
            b.iter(|| {
                let &(r, k) = pick.next();
                rings[r].locate(black_box(&k)).copied()
            });
        });
        g.bench_function(BenchmarkId::new("baseline", n), |b| {
            let mut pick = Cycle::new(&pick);
            b.iter(|| {
                let &(r, k) = pick.next();
                *bases[r].locate_u64(black_box(k))
            });
        });
    }
    {
        let one = hashring(n);
        let rings: Vec<_> = (0..COLD_COPIES).map(|_| one.clone()).collect();
        drop(one);
        g.bench_function(BenchmarkId::new("hashring", n), |b| {
            let mut pick = Cycle::new(&pick);
            b.iter(|| {
                let &(r, k) = pick.next();
                rings[r].get(black_box(&k)).map(|v| v.0)
            });
        });
    }
    {
        let one = chr(n);
        let rings: Vec<_> = (0..COLD_COPIES).map(|_| one.clone()).collect();
        drop(one);
        g.bench_function(BenchmarkId::new("consistent_hash_ring", n), |b| {
            let mut pick = Cycle::new(&pick);
            b.iter(|| {
                let &(r, k) = pick.next();
                *rings[r].get(black_box(k))
            });
        });
    }
    g.finish();
}

// ---------------------------------------------------------------------------
// Replicas.

fn replicas(c: &mut Criterion) {
    let keys = u64_keys();
    let mut g = c.benchmark_group("replicas");
    for n in SIZES {
        let ring = shardring(n);
        let baseline = Baseline::from_ring(&ring);
        g.bench_function(BenchmarkId::new("shardring", n), |b| {
            let mut keys = Cycle::new(&keys);
            b.iter(|| {
                let mut out = [0u32; 3];
                for (o, &node) in out.iter_mut().zip(ring.replicas(black_box(keys.next()), 3)) {
                    *o = node;
                }
                out
            });
        });
        g.bench_function(BenchmarkId::new("baseline", n), |b| {
            let mut keys = Cycle::new(&keys);
            b.iter(|| {
                let mut out = [0u32; 3];
                baseline.replicas(xxh3_64(&black_box(*keys.next()).to_le_bytes()), &mut out);
                out
            });
        });
        drop((ring, baseline));
        let peer = chr(n);
        g.bench_function(BenchmarkId::new("consistent_hash_ring", n), |b| {
            let mut keys = Cycle::new(&keys);
            b.iter(|| {
                let mut out = [0u32; 3];
                for (o, &node) in out.iter_mut().zip(peer.replicas(black_box(keys.next()))) {
                    *o = node;
                }
                out
            });
        });
        drop(peer);
        // hashring's get_with_replicas clones its whole ring per call and
        // does not skip repeated nodes, so it is not a replica set with
        // vnodes; it is measured for completeness at the smaller sizes.
        if n <= 100 {
            let peer = hashring(n);
            g.bench_function(BenchmarkId::new("hashring", n), |b| {
                let mut keys = Cycle::new(&keys);
                b.iter(|| peer.get_with_replicas(black_box(keys.next()), 2));
            });
        }
    }
    g.finish();
}

// ---------------------------------------------------------------------------
// Building and changing rings.

fn build(c: &mut Criterion) {
    let mut g = c.benchmark_group("build");
    // consistent_hash_ring takes seconds per build at 1000 nodes.
    g.sample_size(10);
    for n in SIZES {
        g.bench_function(BenchmarkId::new("shardring", n), |b| {
            b.iter(|| shardring(black_box(n)));
        });
        g.bench_function(BenchmarkId::new("baseline", n), |b| {
            b.iter(|| {
                let points = (0..black_box(n))
                    .flat_map(|node| {
                        (0..DEFAULT_VNODES).map(move |i| {
                            let mut id = [0u8; 8];
                            id[..4].copy_from_slice(&node.to_le_bytes());
                            id[4..].copy_from_slice(&i.to_le_bytes());
                            (xxh3_64(&id), node)
                        })
                    })
                    .collect();
                Baseline::new(points, (0..n).collect())
            });
        });
        g.bench_function(BenchmarkId::new("hashring", n), |b| {
            b.iter(|| hashring(black_box(n)));
        });
        if !(quick() && n >= 1000) {
            g.bench_function(BenchmarkId::new("consistent_hash_ring", n), |b| {
                b.iter(|| chr(black_box(n)));
            });
        }
    }
    g.finish();
}

/// Benchmarks `change` on a fresh clone of `ring` per iteration; the clone
/// is made outside the timing.
fn on_clone<R: Clone>(
    g: &mut BenchmarkGroup<'_, WallTime>,
    id: BenchmarkId,
    ring: &R,
    change: impl Fn(&mut R),
) {
    g.bench_function(id, |b| {
        b.iter_batched(
            || ring.clone(),
            |mut r| {
                change(&mut r);
                r
            },
            BatchSize::LargeInput,
        );
    });
}

fn add_remove(c: &mut Criterion) {
    for (name, add) in [("add", true), ("remove", false)] {
        let mut g = c.benchmark_group(name);
        for n in CHANGE_SIZES {
            // `add` joins node n; `remove` takes node 0 out.
            let ring = shardring(n);
            on_clone(&mut g, BenchmarkId::new("shardring", n), &ring, |r| {
                if add {
                    r.add(black_box(n)).expect("a new node");
                } else {
                    r.remove(black_box(&0)).expect("a member");
                }
            });
            drop(ring);
            let peer = hashring(n);
            on_clone(&mut g, BenchmarkId::new("hashring", n), &peer, |r| {
                if add {
                    r.batch_add(hashring_entries(black_box(n)).collect());
                } else {
                    for v in hashring_entries(black_box(0)) {
                        r.remove(&v);
                    }
                }
            });
            drop(peer);
            let peer = chr(n);
            on_clone(
                &mut g,
                BenchmarkId::new("consistent_hash_ring", n),
                &peer,
                |r| {
                    if add {
                        r.insert(black_box(n));
                    } else {
                        r.remove(black_box(&0));
                    }
                },
            );
        }
        g.finish();
    }
}

// ---------------------------------------------------------------------------
// Migration plans.

/// The batch of 10 changes: 4 joins, 4 leaves, one node doubled and one
/// halved.
fn batch_shardring(ring: &HashRing<u32>, n: u32) -> HashRing<u32> {
    let mut next = ring.clone();
    for i in 0..4 {
        next.add(n + i).expect("new");
        next.remove(&(i * 100 + 7)).expect("member");
    }
    next.set_weight(&500, 2 * DEFAULT_VNODES).expect("member");
    next.set_weight(&600, DEFAULT_VNODES / 2).expect("member");
    next
}

fn batch_chr(ring: &consistent_hash_ring::Ring<u32>, n: u32) -> consistent_hash_ring::Ring<u32> {
    let mut next = ring.clone();
    for i in 0..4 {
        next.insert(n + i);
        next.remove(&(i * 100 + 7));
    }
    next.insert_weight(500, 2 * DEFAULT_VNODES as usize);
    next.insert_weight(600, DEFAULT_VNODES as usize / 2);
    next
}

fn diff(c: &mut Criterion) {
    let n = 1000;
    let mut g = c.benchmark_group("diff");
    let ring = shardring(n);
    let mut joined = ring.clone();
    joined.add(n).expect("new");
    let mut left = ring.clone();
    left.remove(&0).expect("member");
    let batch = batch_shardring(&ring, n);
    for (change, next) in [("join", &joined), ("leave", &left), ("batch10", &batch)] {
        g.bench_function(BenchmarkId::new(format!("shardring/{change}"), n), |b| {
            b.iter(|| black_box(&ring).diff(black_box(next)));
        });
    }
    g.bench_function(BenchmarkId::new("shardring/plan_add", n), |b| {
        b.iter(|| black_box(&ring).plan_add(black_box(n), DEFAULT_VNODES));
    });
    g.bench_function(BenchmarkId::new("shardring/plan_remove", n), |b| {
        b.iter(|| black_box(&ring).plan_remove(black_box(&0)));
    });
    drop((ring, joined, left, batch));

    let ring = chr(n);
    let mut joined = ring.clone();
    joined.insert(n);
    let mut left = ring.clone();
    left.remove(&0);
    let batch = batch_chr(&ring, n);
    for (change, next) in [("join", &joined), ("leave", &left), ("batch10", &batch)] {
        g.bench_function(
            BenchmarkId::new(format!("consistent_hash_ring/{change}"), n),
            |b| {
                b.iter(|| {
                    consistent_hash_ring::migrated_ranges(black_box(&ring), black_box(next))
                        .collect::<Vec<_>>()
                });
            },
        );
    }
    g.finish();
}

/// Quick mode (`SHARDRING_BENCH_QUICK=1`): short runs, and the slowest
/// peer cases (seconds per iteration) left out.
fn quick() -> bool {
    std::env::var_os("SHARDRING_BENCH_QUICK").is_some_and(|v| v != "0")
}

fn config() -> Criterion {
    let c = Criterion::default();
    let c = if quick() {
        c.warm_up_time(Duration::from_millis(100))
            .measurement_time(Duration::from_millis(300))
            .sample_size(10)
    } else {
        c.warm_up_time(Duration::from_secs(1))
            .measurement_time(Duration::from_secs(3))
    };
    c.configure_from_args()
}

criterion_group! {
    name = benches;
    config = config();
    targets = locate, locate_cold, replicas, build, add_remove, diff
}
criterion_main!(benches);
