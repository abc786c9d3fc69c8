//! Migration plans for a join and a leave, printed as the range scans a
//! store would run to ship the data.
//!
//! ```text
//! cargo run --example migration
//! ```
//!
//! The nodes get only 3 virtual nodes each so that the plans stay short.

use shardring::{HashRing, MigrationPlan};

fn main() -> Result<(), shardring::Error> {
    let mut ring = HashRing::new();
    ring.add_all([("db-1", 3), ("db-2", 3), ("db-3", 3), ("db-4", 3)])?;

    // A join: db-5 takes over the arc just below each of its points.
    let join = ring.plan_add("db-5", 3)?;
    let mut joined = ring.clone();
    joined.add_weighted("db-5", 3)?;
    assert_eq!(join, ring.diff(&joined));
    assert!(join.moves().iter().all(|m| m.to == "db-5"));
    print_plan("db-5 joins", &join);

    // A leave: the node that owns position 0 leaves, so one of its arcs
    // wraps past u64::MAX. Its arcs go to the nodes of the next points.
    let leaving = *joined.locate_position(0).unwrap();
    let leave = joined.plan_remove(&leaving)?;
    let mut left = joined.clone();
    left.remove(&leaving)?;
    assert_eq!(leave, joined.diff(&left));
    assert!(leave.moves().iter().all(|m| m.from == leaving));
    assert!((leave.moved_fraction() - joined.share(&leaving)).abs() < 1e-12);
    assert!(leave.moves().last().unwrap().range.wraps());
    print_plan(&format!("{leaving} leaves"), &leave);

    // The plan is exact: a key changes owner if and only if its position
    // lies in a move, and then from that move's `from` to its `to`.
    for i in 0..10_000 {
        let key = format!("row:{i}");
        let pos = joined.position(&key);
        let (was, is) = (joined.locate(&key), left.locate(&key));
        match leave.moves().iter().find(|m| m.range.contains(pos)) {
            Some(m) => assert_eq!((was, is), (Some(&m.from), Some(&m.to))),
            None => assert_eq!(was, is),
        }
    }
    Ok(())
}

fn print_plan(title: &str, plan: &MigrationPlan<&str>) {
    println!(
        "{title}: {} moves, {:.2}% of the ring",
        plan.moves().len(),
        100.0 * plan.moved_fraction()
    );
    for m in plan.moves() {
        // A range (start, end] may wrap past u64::MAX; `segments` splits it
        // into at most two inclusive position ranges for a range scan.
        let scans: Vec<String> = m
            .range
            .segments()
            .map(|s| format!("{:#018x}..={:#018x}", s.start(), s.end()))
            .collect();
        println!(
            "  {} -> {}  {}  scan {}",
            m.from,
            m.to,
            m.range,
            scans.join(" + ")
        );
    }
}
