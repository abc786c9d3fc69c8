//! Readers route keys on a shared snapshot of the ring while a writer
//! builds the next ring, computes the plan and publishes it.
//!
//! ```text
//! cargo run --example snapshot
//! ```
//!
//! The ring sits in an `RwLock<Arc<HashRing<String>>>`: a reader holds the
//! lock only to clone the `Arc`, so lookups never wait for a writer, and a
//! writer never changes a ring that someone is reading.

use std::sync::{Arc, Barrier, RwLock};
use std::thread;

use shardring::HashRing;

const READERS: usize = 3;
const READS: usize = 20_000;
const JOINS: usize = 5;

fn main() -> Result<(), shardring::Error> {
    let mut first = HashRing::new();
    for i in 1..=3 {
        first.add(format!("node-{i}"))?;
    }
    let current = RwLock::new(Arc::new(first));
    let start = Barrier::new(READERS + 1);

    thread::scope(|s| {
        for r in 0..READERS {
            let (current, start) = (&current, &start);
            s.spawn(move || {
                start.wait();
                let mut last_len = 0;
                for i in 0..READS {
                    // One snapshot per request.
                    let ring = Arc::clone(&current.read().unwrap());
                    let key = format!("reader-{r}:key-{i}");
                    let owner = ring.locate(&key).unwrap();
                    // Within one snapshot every answer agrees.
                    assert!(ring.contains(owner));
                    assert_eq!(ring.replicas(&key, 2).next(), Some(owner));
                    // Snapshots only grow here: the writer only adds nodes.
                    assert!(ring.len() >= last_len);
                    last_len = ring.len();
                }
                println!("reader {r}: {READS} lookups, last saw {last_len} nodes");
            });
        }

        start.wait();
        for j in 0..JOINS {
            // Build the next ring on the side from the current snapshot.
            let old = Arc::clone(&current.read().unwrap());
            let mut next = (*old).clone();
            let node = format!("node-{}", old.len() + 1);
            next.add(node.clone()).unwrap();
            let plan = old.diff(&next);
            assert!(plan.moves().iter().all(|m| m.to == node));
            // A real system copies the plan's ranges to the new node here,
            // then publishes the ring that routes to it.
            println!(
                "writer: join {} of {JOINS}: {node} takes {:.1}% of the ring in {} ranges",
                j + 1,
                100.0 * plan.moved_fraction(),
                plan.moves().len()
            );
            *current.write().unwrap() = Arc::new(next);
            thread::yield_now();
        }
    });

    assert_eq!(current.read().unwrap().len(), 3 + JOINS);
    Ok(())
}
