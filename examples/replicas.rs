//! Replica sets: `n` distinct nodes per key, owner first, and what happens
//! to them when the owner leaves.
//!
//! ```text
//! cargo run --example replicas
//! ```

use shardring::HashRing;

fn main() -> Result<(), shardring::Error> {
    let mut ring = HashRing::new();
    for node in ["store-a", "store-b", "store-c", "store-d", "store-e"] {
        ring.add(node)?;
    }

    for key in ["user:1", "user:2", "cart:77", "session:9f3c"] {
        let three: Vec<_> = ring.replicas(key, 3).collect();
        println!("{key:<13} -> {three:?}");

        // Owner first, all distinct, and a shorter list is a prefix.
        assert_eq!(Some(three[0]), ring.locate(key));
        assert!(three[0] != three[1] && three[1] != three[2] && three[0] != three[2]);
        assert!(ring.replicas(key, 2).eq(three[..2].iter().copied()));
        // Asking for more nodes than there are gives each node once.
        assert_eq!(ring.replicas(key, 100).count(), ring.len());

        // If the owner leaves, the other two replicas become the first two:
        // the walk past the removed node's points is unchanged.
        let mut without = ring.clone();
        without.remove(three[0])?;
        assert!(without.replicas(key, 2).eq(three[1..].iter().copied()));
    }
    println!("without its owner, each key's next replicas take over in order");
    Ok(())
}
