//! A consistent-hash ring with virtual nodes that tells a sharded system
//! which node owns a key, which `n` distinct nodes hold its replicas, and
//! exactly which ranges of the key space move, from which node to which,
//! when the membership changes.
//!
//! With `hash(key) mod N`, adding one shard moves almost every key. On a
//! ring, a new node takes over only the arcs just before its points, so the
//! data on those arcs can be copied in the background while the old owner
//! keeps serving, and nothing else moves.
//!
//! # Quick example
//!
//! ```
//! use shardring::HashRing;
//!
//! let mut ring = HashRing::new();
//! ring.add("cache-1")?;
//! ring.add("cache-2")?;
//! ring.add("cache-3")?;
//!
//! // The owner of a key, and three distinct replicas, owner first.
//! let owner = ring.locate("user:42").unwrap();
//! let replicas: Vec<_> = ring.replicas("user:42", 3).collect();
//! assert_eq!(replicas.len(), 3);
//! assert_eq!(replicas[0], owner);
//!
//! // A fourth node joins: the plan says exactly what moves.
//! let mut next = ring.clone();
//! next.add("cache-4")?;
//! let plan = ring.diff(&next);
//! for m in plan.moves() {
//!     assert_eq!(m.to, "cache-4"); // keys move only to the new node
//! }
//! // About a quarter of the ring moves, the new node's share.
//! assert!((plan.moved_fraction() - next.share(&"cache-4")).abs() < 1e-12);
//! assert!(plan.moved_fraction() > 0.15 && plan.moved_fraction() < 0.35);
//!
//! // Every key in a moved range changes owner, and no other key does.
//! for key in ["user:1", "user:2", "user:3", "order:9"] {
//!     let pos = ring.position(key);
//!     let moved = plan.moves().iter().find(|m| m.range.contains(pos));
//!     match moved {
//!         Some(m) => assert_eq!((ring.locate(key), next.locate(key)), (Some(&m.from), Some(&m.to))),
//!         None => assert_eq!(ring.locate(key), next.locate(key)),
//!     }
//! }
//! # Ok::<(), shardring::Error>(())
//! ```
//!
//! # The main types
//!
//! - [`HashRing`]: the ring; [`locate`](HashRing::locate),
//!   [`replicas`](HashRing::replicas), membership changes
//!   ([`add`](HashRing::add), [`add_weighted`](HashRing::add_weighted),
//!   [`add_with_tokens`](HashRing::add_with_tokens),
//!   [`add_all`](HashRing::add_all), [`remove`](HashRing::remove),
//!   [`set_weight`](HashRing::set_weight)) and plans
//!   ([`diff`](HashRing::diff), [`plan_add`](HashRing::plan_add),
//!   [`plan_remove`](HashRing::plan_remove)).
//! - [`MigrationPlan`] and [`Move`]: sorted, merged arcs with their old and
//!   new owner.
//! - [`HashRange`]: an arc `(start, end]` that may wrap past `u64::MAX`.
//! - [`RingHasher`], [`XxHash3`] (default), [`SipHash13`] (keyed).
//! - [`Error`]: every misuse, with a message that says how to fix it.
//!
//! # The ring convention
//!
//! Positions are `u64`, the circle `[0, 1)` scaled by 2^64, growing
//! counterclockwise. **The owner of position `h` is the point with the
//! smallest position `>= h`; past the largest point the search wraps to the
//! smallest.** A point therefore owns the half-open arc `(previous point,
//! point]`, and the smallest point also owns `(largest, u64::MAX]` and
//! `[0, smallest]`. A new point takes over the arc just below it, from the
//! node of the next point above.
//!
//! ```text
//!   0                                                        u64::MAX
//!   |-----a-----------b-------------c--------------a------------|
//!   ==a1==]=====b=====]======c======]======a2======]======a1=====
//!   each point owns the arc that ends at it, (previous point, point]:
//!   a key at h belongs to the first point at or above h, and above the
//!   last point the walk wraps round to the first (node a has two
//!   points here, a1 and a2)
//!
//!   node d joins with a point between b and c:
//!   |-----a-----------b------d------c--------------a------------|
//!                      ==d===]==c===]
//!   only (b, d] moves, from c to d; every other key stays where it was
//! ```
//!
//! # Placement
//!
//! Placement is specified byte by byte so that another implementation can
//! reproduce it:
//!
//! 1. A key's position is `H(key_bytes(key))`, where [`key_bytes`] is the
//!    byte stream the key's `Hash` impl writes, with integers little-endian
//!    and `usize`/`isize` widened to 64 bits; `H` is the ring's
//!    [`RingHasher`]. Raw bytes can be placed without any framing with
//!    [`locate_bytes`](HashRing::locate_bytes) and
//!    [`position_of_bytes`](HashRing::position_of_bytes).
//! 2. A node's *identity bytes* are `key_bytes(node)`. Vnode `i` of a node
//!    with identity `id` sits at `H(len(id) as u64 LE ++ id ++ i as u32 LE)`;
//!    the length prefix keeps `"node-1"` + `11` and `"node-11"` + `1` apart.
//! 3. Points at the same position are all kept, ordered by identity bytes
//!    (lexicographic), then vnode index; the first owns the position. Two
//!    nodes with equal identity bytes cannot both be members.
//! 4. A node's weight is its absolute number of vnodes: vnode `i` exists
//!    for `i < weight`. Adding, removing or reweighting one node never moves
//!    another node's points.
//!
//! With the default hasher, `H` is XXH3-64 with seed 0 (`XXH3_64bits`).
//!
//! # Stability contract
//!
//! A key's position and owner depend only on the hasher configuration, the
//! key's bytes and the ring's membership (nodes, weights, tokens) — never on
//! the order of calls, the process, the run, the platform, its endianness or
//! pointer width. They stay the same across Cargo-compatible versions of the
//! crate (0.x.y: the same x; from 1.0: the same major). Golden tests pin the
//! positions and owners of fixed inputs; a change to placement is a breaking
//! release, and the CHANGELOG says "keys will move".
//!
//! The promise covers keys and nodes made of `str`/`String`,
//! `[u8]`/`Vec<u8>`, integers, `bool`, `char`, and tuples and structs of
//! these with derived `Hash`. std hashes slices of integers wider than a
//! byte as raw memory, so such keys are stable only across machines of one
//! endianness.
//!
//! # Choosing a hasher
//!
//! [`XxHash3`], the default, is fast and spreads ordinary keys well, but it
//! is **not flooding-resistant**: whoever can choose keys can compute their
//! positions and aim them all at one node. For keys from untrusted clients
//! use [`SipHash13`] with a secret key, the same key in every process that
//! routes for the cluster:
//!
//! ```
//! use shardring::{HashRing, SipHash13};
//!
//! let secret = [0x5a; 16]; // load from your configuration
//! let mut ring = HashRing::with_hasher(SipHash13::new_with_key(secret));
//! ring.add("node-a")?;
//! assert_eq!(ring.locate("k"), Some(&"node-a"));
//! # Ok::<(), shardring::Error>(())
//! ```
//!
//! Any other hash function can be plugged in by implementing
//! [`RingHasher`] (see its docs for an example).
//!
//! # Sharing a ring between threads
//!
//! A ring changes only through `&mut self` and has no interior mutability,
//! so `HashRing` is `Send + Sync`. To update a ring that readers are using,
//! build the next ring on the side, compute the plan, and publish the new
//! ring as a whole, for example behind an `Arc` swapped under a lock:
//!
//! ```
//! use std::sync::{Arc, RwLock};
//! use shardring::HashRing;
//!
//! let current = RwLock::new(Arc::new(HashRing::new()));
//! // Writer:
//! let old = current.read().unwrap().clone();
//! let mut next = (*old).clone();
//! next.add("node-a".to_string())?;
//! let plan = old.diff(&next); // start copying these ranges
//! *current.write().unwrap() = Arc::new(next);
//! // Reader: one snapshot per request.
//! let ring = current.read().unwrap().clone();
//! assert_eq!(ring.locate("k").map(String::as_str), Some("node-a"));
//! assert!(plan.moves().is_empty()); // the first fill is not a migration
//! # Ok::<(), shardring::Error>(())
//! ```
//!
//! # Features
//!
//! - `std` (default): nothing beyond `alloc` today; kept so that std-only
//!   conveniences can come without a breaking change. Without it the crate
//!   is `#![no_std]` and needs `alloc`.
//!
//! # Minimum supported Rust version
//!
//! Rust 1.85 (edition 2024). Raising it is a minor-version change and is
//! noted in the CHANGELOG.
//!
//! # Complexity
//!
//! For p points and m nodes: [`locate`](HashRing::locate) and the other
//! lookups run in O(log p) time (about O(1) thanks to a radix index over the
//! top bits of the position) and allocate nothing;
//! [`replicas`](HashRing::replicas) walks O(w) points for n replicas and
//! allocates nothing for n ≤ 16; membership changes run in O(p) plus the
//! sorting of the changed points; [`diff`](HashRing::diff) is one linear
//! merge, O(p + q); [`plan_add`](HashRing::plan_add) and
//! [`plan_remove`](HashRing::plan_remove) look only at one node's points.
//! Memory: 12 bytes of heap per point (its position and its node's index)
//! plus a lookup index of at most 4 bytes per point, so at most 16 bytes
//! per point and 12 bytes more ([`point_heap_bytes`](HashRing::point_heap_bytes)).
//! Beyond that, the node table keeps each node's value and identity bytes,
//! and a node added with tokens keeps its token list (8 bytes per token).
//! While [`add_all`](HashRing::add_all) builds, it holds a buffer of 16
//! bytes per new point.
//!
//! # Limitations
//!
//! - The default hasher is not flooding-resistant (see above).
//! - A ring holds at most [`MAX_POINTS`] points and [`MAX_NODES`] nodes.
//! - Each membership change rewrites the sorted point arrays, O(p): build a
//!   large ring with one [`add_all`](HashRing::add_all), not a loop of
//!   [`add`](HashRing::add).
//! - [`diff`](HashRing::diff) needs both rings built with equal hashers.
//! - Membership queries ([`contains`](HashRing::contains),
//!   [`weight`](HashRing::weight), [`remove`](HashRing::remove)) hash the
//!   node into a temporary buffer, so they allocate; lookups do not.
//! - A node's weight is a count of points, not a share: to give a node twice
//!   the keys, give it twice the vnodes of the others.

#![no_std]
#![doc(test(attr(deny(warnings))))]

extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

mod error;
mod hash;
mod lookup;
mod plan;
mod range;
mod replicas;
mod ring;

pub use error::Error;
pub use hash::{RingHasher, SipHash13, XxHash3, key_bytes};
pub use plan::{MigrationPlan, Move};
pub use range::HashRange;
pub use replicas::Replicas;
pub use ring::{DEFAULT_VNODES, HashRing, MAX_NODES, MAX_POINTS};

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
