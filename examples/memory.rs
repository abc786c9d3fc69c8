//! Heap bytes per point of a 1000-node ring with the default 256 vnodes
//! per node, for shardring and the peer crates of the benchmarks.
//!
//! ```text
//! cargo run --release --example memory
//! ```
//!
//! Each ring is built inside a counting allocator's measurement and kept
//! alive past it, so the bytes still allocated at the end are exactly what
//! the ring holds on the heap. shardring is also asked for its own figure,
//! `point_heap_bytes`: the point arrays and lookup index, without the node
//! table. The peers hold `u32` nodes (for `hashring`, a `(node, vnode)`
//! pair per point), as in `benches/ring.rs`.

use std::mem::ManuallyDrop;

use shardring::{DEFAULT_VNODES, HashRing};

const NODES: u32 = 1000;

/// Heap bytes `build`'s result holds once built.
fn retained<T>(build: impl FnOnce() -> T) -> (T, i64) {
    let mut kept = None;
    let info = allocation_counter::measure(|| kept = Some(ManuallyDrop::new(build())));
    let kept = kept.expect("built");
    (ManuallyDrop::into_inner(kept), info.bytes_current)
}

fn main() -> Result<(), shardring::Error> {
    let points = f64::from(NODES * DEFAULT_VNODES);
    println!("{NODES} nodes x {DEFAULT_VNODES} vnodes = {points} points; heap bytes per point:");

    let (ring, bytes) = retained(|| {
        let mut ring = HashRing::new();
        ring.add_all((0..NODES).map(|i| (i, DEFAULT_VNODES)))
            .map(|()| ring)
    });
    let ring = ring?;
    assert_eq!(ring.point_count() as f64, points);
    let own = ring.point_heap_bytes() as f64 / points;
    println!("  shardring             {own:5.2}  (point arrays and index: point_heap_bytes)");
    println!(
        "  shardring             {:5.2}  (everything, node table included)",
        bytes as f64 / points
    );

    let (_, bytes) = retained(|| {
        let mut ring = hashring::HashRing::new();
        ring.batch_add(
            (0..NODES)
                .flat_map(|n| (0..DEFAULT_VNODES).map(move |i| (n, i)))
                .collect(),
        );
        ring
    });
    println!("  hashring              {:5.2}", bytes as f64 / points);

    let (_, bytes) = retained(|| {
        consistent_hash_ring::RingBuilder::default()
            .vnodes(DEFAULT_VNODES as usize)
            .nodes_iter(0..NODES)
            .build()
    });
    println!("  consistent_hash_ring  {:5.2}", bytes as f64 / points);
    Ok(())
}
