//! Lookups allocate nothing: measured with a counting global allocator
//! (per thread, so other tests running at the same time do not interfere).

use shardring::{HashRing, SipHash13};

fn count_allocations(f: impl FnOnce()) -> u64 {
    allocation_counter::measure(f).count_total
}

fn test_ring<H: shardring::RingHasher>(hasher: H) -> HashRing<String, H> {
    let mut ring = HashRing::with_hasher(hasher);
    ring.add_all((0..40).map(|i| (format!("node-{i}"), 64)))
        .unwrap();
    ring
}

/// `locate`, `locate_bytes`, `locate_position`, `position` and
/// `position_of_bytes` allocate nothing, for short keys, keys longer than
/// any inline buffer (which spill to the hasher's streaming state), and
/// keys of several types.
#[test]
fn lookups_allocate_nothing() {
    let ring = test_ring(shardring::XxHash3::default());
    let sip = test_ring(SipHash13::new_with_key([9; 16]));
    let long_key = "k".repeat(10_000);
    let long_bytes = vec![0xA5u8; 100_000];
    let n = count_allocations(|| {
        for i in 0..1000u64 {
            std::hint::black_box(ring.locate(&i));
            std::hint::black_box(ring.locate("user:12345"));
            std::hint::black_box(ring.locate(long_key.as_str()));
            std::hint::black_box(ring.locate(&(i, "tuple", 'c')));
            std::hint::black_box(ring.locate_bytes(&long_bytes));
            std::hint::black_box(ring.locate_position(i.wrapping_mul(0x9E37_79B9_7F4A_7C15)));
            std::hint::black_box(ring.position(&long_bytes[..]));
            std::hint::black_box(sip.locate(long_key.as_str()));
            std::hint::black_box(sip.locate(&i));
        }
    });
    assert_eq!(n, 0, "lookups allocated {n} times");
}

/// The counter does see allocations on this thread (so the zero above
/// means something): membership queries hash the node into a buffer.
#[test]
fn allocation_counter_sees_allocations() {
    let ring = test_ring(shardring::XxHash3::default());
    let n = count_allocations(|| {
        std::hint::black_box(shardring::key_bytes("x"));
        std::hint::black_box(ring.contains(&"node-1".to_string()));
    });
    assert!(n >= 2, "expected the counter to see allocations, saw {n}");
}

/// `replicas` allocates nothing for up to 16 replicas, and at most one
/// allocation (a bitmap of the nodes) beyond that.
#[test]
fn replicas_allocate_nothing_up_to_sixteen() {
    let ring = test_ring(shardring::XxHash3::default());
    let n = count_allocations(|| {
        for i in 0..200u64 {
            for k in [0, 1, 3, 16] {
                for node in ring.replicas(&i, k) {
                    std::hint::black_box(node);
                }
            }
        }
    });
    assert_eq!(n, 0, "replicas(k <= 16) allocated {n} times");
    let n = count_allocations(|| {
        let all: usize = ring.replicas(&7u64, 17).count();
        std::hint::black_box(all);
    });
    assert!(n <= 1, "replicas(17) allocated {n} times");
    // usize::MAX is capped at the node count (40 > 16): one bitmap, no more.
    let n = count_allocations(|| {
        assert_eq!(ring.replicas(&7u64, usize::MAX).count(), 40);
    });
    assert!(n <= 1, "replicas(usize::MAX) allocated {n} times");
}

/// A weight far over the limit is refused before anything is allocated for
/// points: the only heap use is the node's identity bytes (a few bytes).
#[test]
fn oversized_weights_fail_without_allocating_points() {
    let mut ring = test_ring(shardring::XxHash3::default());
    let node = "node-new".to_string();
    let info = allocation_counter::measure(|| {
        assert!(ring.add_weighted(node.clone(), u32::MAX).is_err());
        assert!(ring.set_weight(&"node-1".to_string(), u32::MAX).is_err());
        assert!(ring.plan_add(node.clone(), u32::MAX).is_err());
        assert!(ring.add_all([(node.clone(), u32::MAX)]).is_err());
    });
    assert!(
        info.bytes_max < 1024,
        "refusing oversized weights used {} bytes at peak",
        info.bytes_max
    );
}
