//! The structured inputs of the fuzz targets, decoded from raw bytes with
//! `arbitrary`.
//!
//! Everything is kept small on purpose: 24 node names, weights of 0 to 16
//! (or far over `MAX_POINTS`, which always fails), at most 8 tokens per call,
//! at most [`MAX_OPS`] operations. Rings stay at a few hundred points at most
//! unless the fuzzer asks for `add` (256 points), so the reference ring's
//! linear scans stay cheap and executions fast.

use std::hash::{Hash, Hasher};

use arbitrary::{Arbitrary, Result, Unstructured};
use shardring::MAX_POINTS;

/// Names of the nodes: some short, one empty, one longer than a cache line,
/// "node-1" next to "node-11" (the identity framing must keep them apart).
pub const NAMES: [&str; 24] = [
    "node-0",
    "node-1",
    "node-2",
    "node-3",
    "node-4",
    "node-5",
    "node-6",
    "node-7",
    "node-8",
    "node-9",
    "node-10",
    "node-11",
    "node-12",
    "node-13",
    "node-14",
    "node-15",
    "node-16",
    "",
    "n",
    "\u{0}",
    "\u{ff}",
    "x-node-whose-name-is-much-longer-than-the-sixty-four-bytes-kept-inline",
    "cache-a",
    "cache-b",
];

/// A ring node: a name, and a tag that takes part in `==` but not in
/// `Hash`. Two nodes with one name and different tags are different nodes
/// with equal identity bytes, so the second to join gets
/// `Error::IdentityConflict`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    /// Index into [`NAMES`].
    pub name: u8,
    /// 0 or 1.
    pub tag: u8,
}

impl Hash for Node {
    fn hash<S: Hasher>(&self, state: &mut S) {
        NAMES[usize::from(self.name)].hash(state);
    }
}

impl<'a> Arbitrary<'a> for Node {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let b = u8::arbitrary(u)?;
        Ok(Node {
            name: b % NAMES.len() as u8,
            // One byte value in 16 gives the conflicting twin.
            tag: u8::from(b >= 0xF0),
        })
    }

    fn size_hint(_depth: usize) -> (usize, Option<usize>) {
        (1, Some(1))
    }
}

/// Weights that fail whatever the ring holds (each exceeds `MAX_POINTS`).
const HUGE: [u32; 4] = [
    MAX_POINTS as u32 + 1,
    2 * MAX_POINTS as u32,
    u32::MAX - 1,
    u32::MAX,
];

/// A vnode count: 0 to 16, or one of [`HUGE`] (never one that succeeds with
/// millions of points, which would make executions crawl).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Weight(pub u32);

impl<'a> Arbitrary<'a> for Weight {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let b = u8::arbitrary(u)?;
        Ok(Weight(if b < 0xF0 {
            u32::from(b % 17)
        } else {
            HUGE[usize::from(b % 4)]
        }))
    }

    fn size_hint(_depth: usize) -> (usize, Option<usize>) {
        (1, Some(1))
    }
}

/// Positions where collisions and edge cases happen: the ends of the ring,
/// its middle, small values shared with fixture P, and the spots of the
/// coarse hasher.
pub const SPECIAL: [u64; 13] = [
    0,
    1,
    2,
    100,
    200,
    300,
    500,
    (1 << 63) - 1,
    1 << 63,
    (1 << 63) + 1,
    u64::MAX - 2,
    u64::MAX - 1,
    u64::MAX,
];

/// A ring position (a token or a probe): three times in four one of
/// [`SPECIAL`], else any `u64`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pos(pub u64);

impl<'a> Arbitrary<'a> for Pos {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let b = u8::arbitrary(u)?;
        Ok(Pos(if b < 0xC0 {
            SPECIAL[usize::from(b) % SPECIAL.len()]
        } else {
            u64::arbitrary(u)?
        }))
    }

    fn size_hint(depth: usize) -> (usize, Option<usize>) {
        (1, u64::size_hint(depth).1.map(|n| n + 1))
    }
}

/// At most `N` items, each preceded by a "one more" flag byte.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Few<T, const N: usize>(pub Vec<T>);

impl<'a, T: Arbitrary<'a>, const N: usize> Arbitrary<'a> for Few<T, N> {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        let mut items = Vec::new();
        while items.len() < N && bool::arbitrary(u)? {
            items.push(T::arbitrary(u)?);
        }
        Ok(Few(items))
    }
}

/// The replica count asked for: 0 to 25 (more than the 24 nodes), 17 (just
/// past the inline capacity of 16), or `usize::MAX`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Count(pub usize);

impl<'a> Arbitrary<'a> for Count {
    fn arbitrary(u: &mut Unstructured<'a>) -> Result<Self> {
        Ok(Count(match u8::arbitrary(u)? {
            255 => usize::MAX,
            254 => 17,
            b => usize::from(b % 26),
        }))
    }

    fn size_hint(_depth: usize) -> (usize, Option<usize>) {
        (1, Some(1))
    }
}

/// A key of one of the promised shapes.
#[derive(Arbitrary, Clone, Debug, PartialEq, Eq)]
pub enum Key {
    /// A string: its bytes then 0xFF; long ones exceed the 64-byte inline
    /// buffer of the key hasher.
    Str(String),
    /// A byte vector through `locate` (length-prefixed) and `locate_bytes`
    /// (raw).
    Bytes(Vec<u8>),
    /// An integer key.
    U64(u64),
    /// A tuple key.
    Pair(u32, String),
    /// A raw position through `locate_position`.
    Position(Pos),
}

/// The ring hasher of a run.
#[derive(Arbitrary, Clone, Copy, Debug, PartialEq, Eq)]
pub enum HasherChoice {
    /// `XxHash3::default()`, seed 0.
    Default,
    /// `XxHash3::with_seed`.
    Seeded(u64),
    /// `SipHash13::new_with_key`.
    Sip([u8; 16]),
    /// [`crate::Coarse`] with 1 to 8 spots: collisions everywhere.
    Coarse(u8),
}

/// One step of the `ops` target.
#[derive(Arbitrary, Clone, Debug, PartialEq, Eq)]
pub enum Op {
    /// `add`, on a copy of the ring: it must act exactly as
    /// `add_weighted(node, DEFAULT_VNODES)` on another copy. (Applied to the
    /// ring, its 256 points would make every later check slow.)
    Add(Node),
    /// `add_weighted`.
    AddWeighted(Node, Weight),
    /// `add_with_tokens`.
    AddWithTokens(Node, Few<Pos, 8>),
    /// `add_all`.
    AddAll(Few<(Node, Weight), 6>),
    /// `remove`.
    Remove(Node),
    /// `set_weight`.
    SetWeight(Node, Weight),
    /// `locate` (and `position`, `locate_bytes`, `locate_position`).
    Locate(Key),
    /// `replicas` and `replicas_at`.
    Replicas(Key, Count),
    /// `plan_add`, compared with `add_weighted` on a copy.
    PlanAdd(Node, Weight),
    /// `plan_remove`, compared with `remove` on a copy.
    PlanRemove(Node),
}

/// The most operations one `ops` input runs.
pub const MAX_OPS: usize = 16;

/// The input of the `ops` target.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpsInput {
    /// The hasher of both rings.
    pub hasher: HasherChoice,
    /// Positions probed after every step, besides each point and its
    /// neighbours.
    pub probes: Few<Pos, 8>,
    /// The operations, at most [`MAX_OPS`].
    pub ops: Vec<Op>,
}

impl OpsInput {
    /// Decodes an input the way the `ops` target does: hasher, probes, then
    /// operations until the bytes or [`MAX_OPS`] run out.
    ///
    /// # Errors
    ///
    /// When the bytes cannot give a hasher and probes.
    pub fn decode(data: &[u8]) -> Result<Self> {
        let mut u = Unstructured::new(data);
        let hasher = u.arbitrary()?;
        let probes = u.arbitrary()?;
        let mut ops = Vec::new();
        while ops.len() < MAX_OPS && !u.is_empty() {
            match u.arbitrary() {
                Ok(op) => ops.push(op),
                Err(_) => break,
            }
        }
        Ok(OpsInput {
            hasher,
            probes,
            ops,
        })
    }
}

/// How one node joins a ring in the `diff` target.
#[derive(Arbitrary, Clone, Debug, PartialEq, Eq)]
pub enum Member {
    /// `add_weighted`.
    Vnodes(Node, Weight),
    /// `add_with_tokens`.
    Tokens(Node, Few<Pos, 8>),
    /// `add_all` of a batch.
    Batch(Few<(Node, Weight), 6>),
}

/// A change to ring `a` that gives ring `b`.
#[derive(Arbitrary, Clone, Debug, PartialEq, Eq)]
pub enum Edit {
    /// A join.
    Join(Member),
    /// `remove`.
    Remove(Node),
    /// `set_weight`.
    SetWeight(Node, Weight),
}

/// How ring `b` of the `diff` target is made.
#[derive(Arbitrary, Clone, Debug, PartialEq, Eq)]
pub enum Other {
    /// From `a` by a few edits (the usual migration).
    Edited(Few<Edit, 6>),
    /// From its own membership.
    Fresh(Few<Member, 10>),
}

/// The input of the `diff` target.
#[derive(Arbitrary, Clone, Debug, PartialEq, Eq)]
pub struct DiffInput {
    /// The hasher of both rings.
    pub hasher: HasherChoice,
    /// The membership of ring `a`.
    pub a: Few<Member, 10>,
    /// How ring `b` is made.
    pub b: Other,
    /// The node and weight of the `plan_add` previews.
    pub join: (Node, Weight),
    /// The node of the `plan_remove` previews.
    pub leave: Node,
    /// Positions probed besides every point, its neighbours and every move's
    /// ends.
    pub probes: Few<Pos, 8>,
}

impl DiffInput {
    /// Decodes an input the way the `diff` target does.
    ///
    /// # Errors
    ///
    /// When the bytes run out before the input is complete.
    pub fn decode(data: &[u8]) -> Result<Self> {
        Unstructured::new(data).arbitrary()
    }
}
