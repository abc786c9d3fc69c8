//! Weighted nodes: a node's weight is its number of virtual nodes, and its
//! share of the ring follows its share of the points.
//!
//! ```text
//! cargo run --example weights
//! ```

use shardring::HashRing;

fn main() -> Result<(), shardring::Error> {
    // A small, a default (256 vnodes) and a large node.
    let mut ring = HashRing::new();
    ring.add_weighted("small", 128)?;
    ring.add("default")?;
    ring.add_weighted("large", 512)?;
    let points = ring.point_count() as f64;
    assert_eq!(ring.point_count(), 128 + 256 + 512);

    // Place 100,000 keys and compare with the shares of the ring.
    let keys = 100_000;
    let mut counts = [0usize; 3];
    let names = ["small", "default", "large"];
    for i in 0..keys {
        let owner = ring.locate(&format!("key-{i}")).unwrap();
        counts[names.iter().position(|n| n == owner).unwrap()] += 1;
    }

    println!("node     vnodes  of points  ring share  keys");
    let mut total_share = 0.0;
    for (name, count) in names.iter().zip(counts) {
        let vnodes = ring.weight(name).unwrap();
        let expected = f64::from(vnodes) / points;
        let share = ring.share(name);
        total_share += share;
        println!(
            "{name:<8} {vnodes:>6}  {:>8.2}%  {:>9.2}%  {:>5.2}%",
            100.0 * expected,
            100.0 * share,
            100.0 * count as f64 / f64::from(keys)
        );
        // With v points a node's share strays by about 1/sqrt(v) of itself;
        // allow three times that.
        let tolerance = 3.0 / f64::from(vnodes).sqrt();
        assert!(
            (share / expected - 1.0).abs() < tolerance,
            "{name}: {share}"
        );
    }
    assert!((total_share - 1.0).abs() < 1e-9);

    // Doubling the small node's weight moves keys only to it, exactly the
    // share it gains.
    let mut next = ring.clone();
    next.set_weight(&"small", 256)?;
    let plan = ring.diff(&next);
    assert!(plan.moves().iter().all(|m| m.to == "small"));
    let gained = next.share(&"small") - ring.share(&"small");
    assert!((plan.incoming(&"small") - gained).abs() < 1e-9);
    println!(
        "small 128 -> 256 vnodes: {:.2}% of the ring moves to it",
        100.0 * plan.moved_fraction()
    );
    Ok(())
}
