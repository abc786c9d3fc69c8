//! The README's quick example as a program: the owner of a key, its
//! replicas, and the plan of a join.
//!
//! ```text
//! cargo run --example quickstart
//! ```

use shardring::HashRing;

fn main() -> Result<(), shardring::Error> {
    let mut ring = HashRing::new();
    ring.add("cache-1")?;
    ring.add("cache-2")?;
    ring.add("cache-3")?;

    // Which node owns a key, and which 2 distinct nodes hold its replicas.
    let owner = ring.locate("user:42").unwrap();
    let replicas: Vec<_> = ring.replicas("user:42", 2).collect();
    assert_eq!(replicas[0], owner);
    assert_ne!(replicas[0], replicas[1]);
    println!("user:42 lives on {owner}, replicas {replicas:?}");

    // A fourth node joins: the plan lists every range of the ring that
    // changes owner, and all of them go to the new node.
    let mut next = ring.clone();
    next.add("cache-4")?;
    let plan = ring.diff(&next);
    assert!(plan.moves().iter().all(|m| m.to == "cache-4"));
    assert!((plan.moved_fraction() - next.share(&"cache-4")).abs() < 1e-12);
    println!(
        "{} ranges, {:.1}% of the ring, move to cache-4",
        plan.moves().len(),
        100.0 * plan.moved_fraction()
    );

    // A key changes owner if and only if its position lies in a moved range.
    let pos = ring.position("user:42");
    let moves = plan.moves().iter().any(|m| m.range.contains(pos));
    assert_eq!(moves, ring.locate("user:42") != next.locate("user:42"));
    Ok(())
}
