//! Concurrency: rings are shared by publishing whole snapshots with one
//! atomic pointer swap (`arc_swap::ArcSwap`), so every answer a reader gets
//! comes from exactly one published ring.

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::thread;

use arc_swap::ArcSwap;
use common::Rng;
use shardring::{Error, HashRange, HashRing, MigrationPlan, Move, Replicas, SipHash13, XxHash3};

// Compile-time: the types can be sent and shared between threads, and a ring
// can be cloned to make the next snapshot.
const _: () = {
    const fn send_sync<T: Send + Sync>() {}
    const fn clone<T: Clone>() {}
    send_sync::<HashRing<String>>();
    send_sync::<HashRing<String, SipHash13>>();
    send_sync::<MigrationPlan<String>>();
    send_sync::<Move<String>>();
    send_sync::<HashRange>();
    send_sync::<Error>();
    send_sync::<XxHash3>();
    send_sync::<Replicas<'static, String>>();
    clone::<HashRing<String>>();
    clone::<HashRing<String, SipHash13>>();
    clone::<MigrationPlan<String>>();
};

/// The writer's operations, on node-0..node-19.
#[derive(Clone, Copy, Debug)]
enum WriterOp {
    Add(u32),
    AddWeighted(u32, u32),
    Remove(u32),
    SetWeight(u32, u32),
}

const WRITER_OPS: usize = 5_000;
const WRITER_SEED: u64 = 0xC0FF_EE23;

fn writer_op(rng: &mut Rng) -> WriterOp {
    let node = rng.below(20) as u32;
    // Small weights keep each of the 5,000 clone-change-publish rounds
    // cheap in debug builds; `add` (256 vnodes) is the rare case.
    let weight = 1 + rng.below(24) as u32;
    match rng.below(16) {
        0 => WriterOp::Add(node),
        1..=6 => WriterOp::AddWeighted(node, weight),
        7..=10 => WriterOp::Remove(node),
        _ => WriterOp::SetWeight(node, weight),
    }
}

fn apply(ring: &mut HashRing<String>, op: WriterOp) -> Result<(), Error> {
    let name = |i: u32| format!("node-{i}");
    match op {
        WriterOp::Add(n) => ring.add(name(n)),
        WriterOp::AddWeighted(n, w) => ring.add_weighted(name(n), w),
        WriterOp::Remove(n) => ring.remove(&name(n)),
        WriterOp::SetWeight(n, w) => ring.set_weight(&name(n), w),
    }
}

/// What a reader saw on one snapshot, to be checked against a replay.
struct Sample {
    version: usize,
    key: String,
    owner: Option<String>,
    replicas: Vec<String>,
}

/// A published ring and the number of writer steps that made it, in one
/// allocation: a reader that loads the pointer gets both, never the version
/// of one ring with another ring.
struct Snapshot {
    version: usize,
    ring: HashRing<String>,
}

type Shared = ArcSwap<Snapshot>;

/// Takes one snapshot, answers one key on it and checks that the answers
/// agree with each other; returns the version and the answers.
fn read_once(shared: &Shared, key: &str) -> (usize, Option<String>, Vec<String>) {
    // One load per request: everything below uses this snapshot only.
    let snapshot = shared.load();
    let ring = &snapshot.ring;
    let owner = ring.locate(key);
    match owner {
        Some(n) => assert!(ring.contains(n), "{n} is not a member of its snapshot"),
        None => assert!(ring.is_empty()),
    }
    let replicas: Vec<&String> = ring.replicas(key, 3).collect();
    assert_eq!(replicas.len(), ring.len().min(3));
    assert_eq!(replicas.first().copied(), owner);
    for (j, n) in replicas.iter().enumerate() {
        assert!(
            ring.contains(n),
            "replica {n} is not a member of its snapshot"
        );
        assert!(!replicas[..j].contains(n), "replica {n} twice");
    }
    (
        snapshot.version,
        owner.cloned(),
        replicas.into_iter().cloned().collect(),
    )
}

/// Every this many versions the writer waits until a reader has seen the
/// version it just published, so that readers see many versions however
/// the threads are scheduled.
const CHECKPOINT: usize = 100;

/// Sets its flag if the reader holding it panics, so that the writer stops
/// waiting for readers that will never sample again: the test then fails
/// at the reader's `join` instead of hanging.
struct PanicFlag<'a>(&'a AtomicBool);

impl Drop for PanicFlag<'_> {
    fn drop(&mut self) {
        if thread::panicking() {
            self.0.store(true, Ordering::Release);
        }
    }
}

fn read_loop(
    shared: &Shared,
    done: &AtomicBool,
    seen: &AtomicUsize,
    failed: &AtomicBool,
    seed: u64,
) -> (Vec<Sample>, usize) {
    const MIN_READS: usize = 500;
    let _flag = PanicFlag(failed);
    let mut rng = Rng(seed);
    let mut samples = Vec::new();
    let mut last_version = 0;
    let mut reads = 0;
    // Reads until the writer is done: it may be waiting for a reader.
    for i in 0.. {
        if i >= MIN_READS && done.load(Ordering::Acquire) {
            break;
        }
        reads += 1;
        let key = format!("key-{}", rng.below(1_000_000));
        let (version, owner, replicas) = read_once(shared, &key);
        assert!(
            version >= last_version,
            "a newer snapshot, then an older one"
        );
        last_version = version;
        // Leave the two cores to the writer now and then, so that reads
        // span its whole run.
        thread::yield_now();
        if i % 8 == 0 {
            // Only sampled versions count as seen: the writer's checkpoints
            // then guarantee samples from many versions.
            seen.fetch_max(version, Ordering::AcqRel);
            samples.push(Sample {
                version,
                key,
                owner,
                replicas,
            });
        }
    }
    (samples, reads)
}

#[test]
fn readers_see_one_snapshot_while_writer_publishes() {
    let shared: Arc<Shared> = Arc::new(ArcSwap::from_pointee(Snapshot {
        version: 0,
        ring: HashRing::new(),
    }));
    let done = Arc::new(AtomicBool::new(false));
    let seen = Arc::new(AtomicUsize::new(0));
    let failed = Arc::new(AtomicBool::new(false));
    let readers: Vec<_> = (0..8)
        .map(|r| {
            let (shared, done, seen, failed) = (
                Arc::clone(&shared),
                Arc::clone(&done),
                Arc::clone(&seen),
                Arc::clone(&failed),
            );
            thread::spawn(move || read_loop(&shared, &done, &seen, &failed, 1000 + r))
        })
        .collect();

    let writer = {
        let (shared, done, seen, failed) = (
            Arc::clone(&shared),
            Arc::clone(&done),
            Arc::clone(&seen),
            Arc::clone(&failed),
        );
        thread::spawn(move || {
            let mut rng = Rng(WRITER_SEED);
            let mut outcomes = Vec::with_capacity(WRITER_OPS);
            for version in 1..=WRITER_OPS {
                let old = shared.load_full();
                assert_eq!(old.version, version - 1);
                // Build the next ring on the side; readers keep using `old`.
                let mut next = old.ring.clone();
                let outcome = apply(&mut next, writer_op(&mut rng));
                if outcome.is_err() {
                    assert!(next == old.ring, "a failed call changed the ring");
                }
                outcomes.push(outcome);
                // The plan is computed before publishing; it names members.
                let plan = old.ring.diff(&next);
                for m in plan.moves() {
                    assert!(old.ring.contains(&m.from) && next.contains(&m.to));
                }
                // Publish with one atomic swap. It returns what it replaced:
                // the snapshot this ring was built from.
                let replaced = shared.swap(Arc::new(Snapshot {
                    version,
                    ring: next,
                }));
                assert!(Arc::ptr_eq(&replaced, &old));
                if version % CHECKPOINT == 0 {
                    while seen.load(Ordering::Acquire) < version && !failed.load(Ordering::Acquire)
                    {
                        thread::yield_now();
                    }
                }
            }
            done.store(true, Ordering::Release);
            outcomes
        })
    };

    let outcomes = writer.join().expect("writer panicked");
    let mut samples = Vec::new();
    let mut reads = 0;
    for r in readers {
        let (s, n) = r.join().expect("a reader panicked");
        samples.extend(s);
        reads += n;
    }
    // The sequence changes the ring often and fails sometimes.
    let ok = outcomes.iter().filter(|o| o.is_ok()).count();
    assert!(
        ok > WRITER_OPS / 4 && ok < WRITER_OPS,
        "{ok} writer calls succeeded"
    );
    assert!(reads >= 8 * 500);
    // Readers saw many versions, not just the first or the last.
    let versions: std::collections::BTreeSet<usize> = samples.iter().map(|s| s.version).collect();
    assert!(
        versions.len() > 10,
        "samples from {} versions",
        versions.len()
    );

    // Replay the writer on a fresh ring, in one thread: each sample equals
    // what its version's ring says, and each step ends as it did.
    samples.sort_by_key(|s| s.version);
    let mut ring = HashRing::new();
    let mut rng = Rng(WRITER_SEED);
    let mut version = 0;
    for sample in &samples {
        while version < sample.version {
            let outcome = apply(&mut ring, writer_op(&mut rng));
            assert_eq!(outcome, outcomes[version], "step {}", version + 1);
            version += 1;
        }
        assert_eq!(
            ring.locate(&sample.key),
            sample.owner.as_ref(),
            "v{version}"
        );
        let replicas: Vec<&String> = ring.replicas(&sample.key, 3).collect();
        assert_eq!(
            replicas,
            sample.replicas.iter().collect::<Vec<_>>(),
            "v{version}"
        );
    }
}

#[test]
fn published_snapshot_wraps_past_the_largest_point() {
    // Fixture P built by one thread, published, and checked by another.
    let shared: Arc<ArcSwap<HashRing<String>>> = Arc::new(ArcSwap::from_pointee(HashRing::new()));
    let writer = {
        let shared = Arc::clone(&shared);
        thread::spawn(move || {
            let mut next = HashRing::clone(&shared.load());
            for (name, token) in [("node-a", 100), ("node-b", 200), ("node-c", 300)] {
                next.add_with_tokens(name.to_owned(), [token]).unwrap();
            }
            shared.store(Arc::new(next));
        })
    };
    writer.join().unwrap();
    let reader = {
        let shared = Arc::clone(&shared);
        thread::spawn(move || {
            let p = shared.load_full();
            let owner = |pos: u64| p.locate_position(pos).map(String::as_str);
            for pos in [301, 1_000_000, u64::MAX, 0, 100] {
                assert_eq!(owner(pos), Some("node-a"), "{pos}");
            }
            assert_eq!(owner(300), Some("node-c"));
            assert_eq!(owner(101), Some("node-b"));

            let mut with_d = HashRing::clone(&p);
            with_d.add_with_tokens("node-d".to_owned(), [400]).unwrap();
            let plan = p.diff(&with_d);
            assert_eq!(plan.moves().len(), 1);
            let m = &plan.moves()[0];
            assert_eq!(
                (m.range, m.from.as_str(), m.to.as_str()),
                (HashRange::new(300, 400), "node-a", "node-d")
            );

            let mut with_e = HashRing::clone(&p);
            with_e.add_with_tokens("node-e".to_owned(), [50]).unwrap();
            let plan = p.diff(&with_e);
            assert_eq!(plan.moves().len(), 1);
            let m = &plan.moves()[0];
            assert_eq!(
                (m.range, m.from.as_str(), m.to.as_str()),
                (HashRange::new(300, 50), "node-a", "node-e")
            );
            assert_eq!(m.range.len(), (1u128 << 64) - 250);
        })
    };
    reader.join().unwrap();
}
