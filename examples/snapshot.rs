//! Readers route keys on a shared snapshot of the ring while a writer
//! builds the next ring, computes the plan and publishes it with one atomic
//! swap.
//!
//! ```text
//! cargo run --example snapshot
//! ```
//!
//! The ring sits in an `arc_swap::ArcSwap`: a reader loads the current
//! snapshot without taking a lock, a writer replaces it with one atomic
//! pointer swap, and nobody ever changes a ring that someone is reading.
//! Each snapshot carries its version in the same allocation, so a reader
//! always sees a version together with the ring it belongs to.

use std::sync::{Arc, Barrier};
use std::thread;

use arc_swap::ArcSwap;
use shardring::HashRing;

const READERS: usize = 3;
const READS: usize = 20_000;
const JOINS: usize = 5;
const FIRST_NODES: usize = 3;

/// One published ring: version `v` has nodes `node-1` ..= `node-(3 + v)`.
struct Snapshot {
    version: usize,
    ring: HashRing<String>,
}

fn main() -> Result<(), shardring::Error> {
    let mut first = HashRing::new();
    for i in 1..=FIRST_NODES {
        first.add(format!("node-{i}"))?;
    }
    let current = ArcSwap::from_pointee(Snapshot {
        version: 0,
        ring: first,
    });
    let start = Barrier::new(READERS + 1);

    thread::scope(|s| {
        for r in 0..READERS {
            let (current, start) = (&current, &start);
            s.spawn(move || {
                start.wait();
                let mut last_version = 0;
                let mut versions_seen = 1;
                for i in 0..READS {
                    // One snapshot per request: every answer below comes
                    // from this ring.
                    let snapshot = current.load();
                    let ring = &snapshot.ring;
                    let key = format!("reader-{r}:key-{i}");
                    let owner = ring.locate(&key).unwrap();
                    assert!(ring.contains(owner));
                    assert_eq!(ring.replicas(&key, 2).next(), Some(owner));
                    // The ring is exactly the one its version names: never
                    // a mix of two versions.
                    assert_eq!(ring.len(), FIRST_NODES + snapshot.version);
                    // Versions only go forward.
                    assert!(snapshot.version >= last_version);
                    if snapshot.version > last_version {
                        versions_seen += 1;
                        last_version = snapshot.version;
                    }
                }
                println!(
                    "reader {r}: {READS} lookups, {versions_seen} versions seen, the last {last_version}"
                );
            });
        }

        start.wait();
        for version in 1..=JOINS {
            // Build the next ring on the side from the current snapshot.
            let old = current.load_full();
            let mut next = old.ring.clone();
            let node = format!("node-{}", FIRST_NODES + version);
            next.add(node.clone()).unwrap();
            let plan = old.ring.diff(&next);
            assert!(plan.moves().iter().all(|m| m.to == node));
            // A real system copies the plan's ranges to the new node here,
            // then publishes the ring that routes to it.
            println!(
                "writer: version {version}: {node} takes {:.1}% of the ring in {} ranges",
                100.0 * plan.moved_fraction(),
                plan.moves().len()
            );
            // One atomic swap publishes it. With several writers, use
            // `ArcSwap::rcu` or one lock around the writers instead.
            let replaced = current.swap(Arc::new(Snapshot {
                version,
                ring: next,
            }));
            assert!(Arc::ptr_eq(&replaced, &old), "only this thread writes");
            thread::yield_now();
        }
    });

    let last = current.load();
    assert_eq!(
        (last.version, last.ring.len()),
        (JOINS, FIRST_NODES + JOINS)
    );
    Ok(())
}
