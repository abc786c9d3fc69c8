//! Golden placement tests: the positions of fixed keys, the points of fixed
//! nodes and the owners on fixed rings, pinned for every supported hasher.
//!
//! The expected values live in `tests/golden/placement.txt`. They were
//! computed by `tests/golden/generate.py`, an independent Python
//! implementation of the placement documented in `src/lib.rs`
//! ("Placement") and on `key_bytes` in `src/hash.rs`: XXH3-64 from the Python
//! package `xxhash`, its own SipHash-1-3 (checked against the official
//! SipHash-2-4 vectors and against the SipHash-1-3 behind Python's `hash`), and the documented rules
//! for key bytes, vnode framing, collision order and lookup. Nothing in the
//! file was produced by this crate. To regenerate it:
//!
//! ```text
//! pip install xxhash && python3 tests/golden/generate.py
//! ```
//!
//! A failure here means **keys will move** for users of the crate.
//! Regenerating the file is only legitimate together with a breaking
//! release whose CHANGELOG entry says "keys will move"; otherwise the crate,
//! not the file, is wrong.

use std::collections::BTreeSet;
use std::fmt::{Debug, Display};
use std::hash::{Hash, Hasher};

use shardring::{HashRing, RingHasher, SipHash13, XxHash3, key_bytes};

const GOLDEN: &str = include_str!("golden/placement.txt");

// ---------------------------------------------------------------------------
// The golden file.

/// A hasher configuration named in the file.
#[derive(Clone, Copy, Debug, PartialEq)]
enum HasherKind {
    /// `XxHash3::default()`, through `HashRing::new()`.
    Default,
    /// `XxHash3::with_seed(seed)`.
    Seeded(u64),
    /// `SipHash13::new_with_key(key)`.
    Sip([u8; 16]),
}

/// A `key` line: a typed key, its byte stream and its positions.
#[derive(Debug)]
struct KeyRow {
    line: usize,
    kind: String,
    value: String,
    stream: Vec<u8>,
    /// One position per hasher, in the order of the `hasher` lines.
    positions: Vec<u64>,
}

/// How a member was added.
#[derive(Debug, Clone)]
enum How {
    Vnodes(u32),
    Tokens(Vec<u64>),
}

/// An `owner` line.
#[derive(Debug)]
struct OwnerRow {
    line: usize,
    kind: String,
    value: String,
    position: u64,
    owner: String,
}

/// A `ring` block.
#[derive(Debug)]
struct RingSpec {
    name: String,
    hasher: HasherKind,
    node_type: String,
    members: Vec<(String, How)>,
    nodes: Vec<String>,
    points: Vec<(u64, String)>,
    checksum: u64,
    owners: Vec<OwnerRow>,
    ats: Vec<(u64, String)>,
}

#[derive(Debug)]
struct Golden {
    hashers: Vec<(String, HasherKind)>,
    keys: Vec<KeyRow>,
    rings: Vec<RingSpec>,
}

fn hex(s: &str) -> Vec<u8> {
    if s == "-" {
        return Vec::new();
    }
    assert!(s.len() % 2 == 0, "odd hex string {s:?}");
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&s[i..i + 2], 16).expect("hex digit"))
        .collect()
}

fn utf8(s: &str) -> String {
    String::from_utf8(hex(s)).expect("UTF-8 in a text field")
}

fn num<T: std::str::FromStr>(s: &str) -> T
where
    T::Err: Debug,
{
    s.parse()
        .unwrap_or_else(|e| panic!("bad number {s:?}: {e:?}"))
}

fn parse_golden() -> Golden {
    let mut golden = Golden {
        hashers: Vec::new(),
        keys: Vec::new(),
        rings: Vec::new(),
    };
    let mut ring: Option<RingSpec> = None;
    for (i, text) in GOLDEN.lines().enumerate() {
        let line = i + 1;
        if text.is_empty() || text.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = text.split(' ').collect();
        let find_hasher = |name: &str| {
            golden
                .hashers
                .iter()
                .find(|h| h.0 == name)
                .unwrap_or_else(|| panic!("line {line}: unknown hasher {name}"))
                .1
        };
        match (f[0], ring.as_mut()) {
            ("hasher", None) => {
                let kind = match (f[1], f[2]) {
                    ("default", "xxh3") => {
                        assert_eq!(f[3], "0", "line {line}: the default hasher is XXH3 seed 0");
                        HasherKind::Default
                    }
                    (_, "xxh3") => HasherKind::Seeded(num(f[3])),
                    (_, "sip13") => HasherKind::Sip(hex(f[3]).try_into().expect("16-byte key")),
                    _ => panic!("line {line}: unknown hasher {text}"),
                };
                golden.hashers.push((f[1].to_string(), kind));
            }
            ("key", None) => {
                let positions: Vec<u64> = f[4..].iter().map(|p| num(p)).collect();
                assert_eq!(positions.len(), golden.hashers.len(), "line {line}");
                golden.keys.push(KeyRow {
                    line,
                    kind: f[1].to_string(),
                    value: f[2].to_string(),
                    stream: hex(f[3]),
                    positions,
                });
            }
            ("ring", None) => {
                ring = Some(RingSpec {
                    name: f[1].to_string(),
                    hasher: find_hasher(f[2]),
                    node_type: f[3].to_string(),
                    members: Vec::new(),
                    nodes: Vec::new(),
                    points: Vec::new(),
                    checksum: 0,
                    owners: Vec::new(),
                    ats: Vec::new(),
                });
            }
            ("node", Some(r)) => {
                let how = match f[2] {
                    "vnodes" => How::Vnodes(num(f[3])),
                    "tokens" => How::Tokens(f[3].split(',').map(num).collect()),
                    _ => panic!("line {line}: {text}"),
                };
                r.members.push((f[1].to_string(), how));
            }
            ("nodes", Some(r)) => r.nodes = f[1..].iter().map(ToString::to_string).collect(),
            ("point", Some(r)) => r.points.push((num(f[1]), f[2].to_string())),
            ("checksum", Some(r)) => {
                r.checksum = u64::from_str_radix(f[1], 16).expect("hex checksum");
            }
            ("owner", Some(r)) => r.owners.push(OwnerRow {
                line,
                kind: f[1].to_string(),
                value: f[2].to_string(),
                position: num(f[3]),
                owner: f[4].to_string(),
            }),
            ("at", Some(r)) => r.ats.push((num(f[1]), f[2].to_string())),
            ("end", Some(_)) => golden.rings.push(ring.take().expect("open ring")),
            _ => panic!("line {line}: unexpected record {text:?}"),
        }
    }
    assert!(ring.is_none(), "the last ring block is not closed");
    golden
}

fn ring_spec<'g>(golden: &'g Golden, name: &str) -> &'g RingSpec {
    golden
        .rings
        .iter()
        .find(|r| r.name == name)
        .unwrap_or_else(|| panic!("no ring {name} in the golden file"))
}

/// Fails with every mismatch listed (at most 30), so that a placement
/// change shows its extent at once.
fn assert_no_mismatches(what: &str, mismatches: &[String]) {
    if !mismatches.is_empty() {
        let shown: Vec<&str> = mismatches.iter().take(30).map(String::as_str).collect();
        panic!(
            "{} {what} mismatch(es) against tests/golden/placement.txt \
             (KEYS WILL MOVE):\n{}",
            mismatches.len(),
            shown.join("\n")
        );
    }
}

// ---------------------------------------------------------------------------
// Typed keys.

/// A struct with derived `Hash`: its stream is its fields' streams in order.
#[derive(Hash)]
struct Shard {
    tenant: String,
    id: u32,
    primary: bool,
}

/// One empty ring per hasher of the file, in file order, to take positions.
enum Probe {
    Xx(HashRing<u8>),
    Sip(HashRing<u8, SipHash13>),
}

impl Probe {
    fn new(kind: HasherKind) -> Self {
        match kind {
            HasherKind::Default => Probe::Xx(HashRing::new()),
            HasherKind::Seeded(seed) => Probe::Xx(HashRing::with_hasher(XxHash3::with_seed(seed))),
            HasherKind::Sip(key) => Probe::Sip(HashRing::with_hasher(SipHash13::new_with_key(key))),
        }
    }

    fn position<K: Hash + ?Sized>(&self, key: &K) -> u64 {
        match self {
            Probe::Xx(r) => r.position(key),
            Probe::Sip(r) => r.position(key),
        }
    }

    fn position_of_bytes(&self, bytes: &[u8]) -> u64 {
        match self {
            Probe::Xx(r) => r.position_of_bytes(bytes),
            Probe::Sip(r) => r.position_of_bytes(bytes),
        }
    }
}

/// What the crate says about one key: its byte stream and its positions.
#[derive(Debug, PartialEq)]
struct Measured {
    bytes: Vec<u8>,
    positions: Vec<u64>,
}

fn measure<K: Hash + ?Sized>(probes: &[Probe], key: &K) -> Measured {
    Measured {
        bytes: key_bytes(key),
        positions: probes.iter().map(|p| p.position(key)).collect(),
    }
}

fn split2(value: &str) -> (&str, &str) {
    value.split_once(',').expect("a pair value")
}

/// Builds the typed key of a `key` row and measures it with the crate.
/// Keys that can be written several ways (`str` as `str` and `&str`,
/// `&[u8]` as `[u8]` and `&[u8]`) must measure the same every way.
fn measure_row(probes: &[Probe], kind: &str, value: &str) -> Measured {
    fn same(a: Measured, b: &Measured, what: &str) -> Measured {
        assert_eq!(
            &a, b,
            "{what}: two spellings of one key measure differently"
        );
        a
    }
    match kind {
        "str" => {
            let s = utf8(value);
            let by_str = measure(probes, s.as_str());
            same(by_str, &measure(probes, &s.as_str()), "str vs &str")
        }
        "string" => {
            let s = utf8(value);
            same(
                measure(probes, &s),
                &measure(probes, s.as_str()),
                "String vs str",
            )
        }
        "slice" => {
            let b = hex(value);
            same(
                measure(probes, &b[..]),
                &measure(probes, &&b[..]),
                "[u8] vs &[u8]",
            )
        }
        "vec" => measure(probes, &hex(value)),
        "u8" => measure(probes, &num::<u8>(value)),
        "u16" => measure(probes, &num::<u16>(value)),
        "u32" => measure(probes, &num::<u32>(value)),
        "u64" => measure(probes, &num::<u64>(value)),
        "u128" => measure(probes, &num::<u128>(value)),
        "usize" => measure(probes, &num::<usize>(value)),
        "i8" => measure(probes, &num::<i8>(value)),
        "i16" => measure(probes, &num::<i16>(value)),
        "i32" => measure(probes, &num::<i32>(value)),
        "i64" => measure(probes, &num::<i64>(value)),
        "i128" => measure(probes, &num::<i128>(value)),
        "isize" => measure(probes, &num::<isize>(value)),
        "bool" => measure(probes, &(value == "1")),
        "char" => measure(probes, &char::from_u32(num(value)).expect("a scalar value")),
        "str_u32" => {
            let (s, n) = split2(value);
            measure(probes, &(utf8(s).as_str(), num::<u32>(n)))
        }
        "u64_slice" => {
            let (n, b) = split2(value);
            measure(probes, &(num::<u64>(n), &hex(b)[..]))
        }
        "shard" => {
            let f: Vec<&str> = value.split(',').collect();
            let shard = Shard {
                tenant: utf8(f[0]),
                id: num(f[1]),
                primary: f[2] == "1",
            };
            measure(probes, &shard)
        }
        "raw" => {
            let b = hex(value);
            Measured {
                positions: probes.iter().map(|p| p.position_of_bytes(&b)).collect(),
                bytes: b,
            }
        }
        _ => panic!("unknown key kind {kind}"),
    }
}

fn probes(golden: &Golden) -> Vec<Probe> {
    golden.hashers.iter().map(|h| Probe::new(h.1)).collect()
}

// ---------------------------------------------------------------------------
// Rings.

/// A node type the golden file uses, with its identity bytes computed here
/// from the documented rule (not by the crate's `key_bytes`).
trait TestNode<'a>: Hash + Eq + Clone + Display + Debug {
    fn parse(text: &'a str) -> Self;
    fn identity(&self) -> Vec<u8>;
}

impl<'a> TestNode<'a> for &'a str {
    fn parse(text: &'a str) -> Self {
        text
    }
    fn identity(&self) -> Vec<u8> {
        let mut id = self.as_bytes().to_vec();
        id.push(0xFF);
        id
    }
}

impl TestNode<'_> for u64 {
    fn parse(text: &str) -> Self {
        num(text)
    }
    fn identity(&self) -> Vec<u8> {
        self.to_le_bytes().to_vec()
    }
}

/// FNV-1a 64, the golden file's checksum function.
fn fnv1a(state: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(state, |s, &b| {
        (s ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The golden file's checksum of `points()`: FNV-1a 64 over position u64 LE,
/// identity length u64 LE, identity bytes, for each point in order.
fn points_checksum<'a, N: TestNode<'a>, H>(ring: &HashRing<N, H>) -> u64 {
    ring.points().fold(0xcbf2_9ce4_8422_2325, |s, (pos, node)| {
        let id = node.identity();
        let s = fnv1a(s, &pos.to_le_bytes());
        let s = fnv1a(s, &(id.len() as u64).to_le_bytes());
        fnv1a(s, &id)
    })
}

fn build<'a, N: TestNode<'a>, H: RingHasher>(
    members: impl IntoIterator<Item = &'a (String, How)>,
    make: &dyn Fn() -> HashRing<N, H>,
) -> HashRing<N, H> {
    let mut ring = make();
    for (node, how) in members {
        let result = match how {
            How::Vnodes(n) => ring.add_weighted(N::parse(node), *n),
            How::Tokens(t) => ring.add_with_tokens(N::parse(node), t.iter().copied()),
        };
        result.unwrap_or_else(|e| panic!("adding {node}: {e}"));
    }
    ring
}

fn owner_row<'a, N: TestNode<'a>, H: RingHasher>(
    ring: &HashRing<N, H>,
    row: &OwnerRow,
) -> (u64, Option<String>) {
    let (pos, owner) = match row.kind.as_str() {
        "str" => {
            let s = utf8(&row.value);
            (ring.position(s.as_str()), ring.locate(s.as_str()))
        }
        "u64" => {
            let k: u64 = num(&row.value);
            (ring.position(&k), ring.locate(&k))
        }
        "str_u32" => {
            let (s, n) = split2(&row.value);
            let k = (utf8(s), num::<u32>(n));
            let k = (k.0.as_str(), k.1);
            (ring.position(&k), ring.locate(&k))
        }
        "raw" => {
            let b = hex(&row.value);
            (ring.position_of_bytes(&b), ring.locate_bytes(&b))
        }
        kind => panic!(
            "line {}: owner rows of kind {kind} are not supported",
            row.line
        ),
    };
    (pos, owner.map(ToString::to_string))
}

/// Checks one ring block against the crate; returns the mismatches.
fn check_ring<'a, N: TestNode<'a>, H: RingHasher>(
    spec: &'a RingSpec,
    make: &dyn Fn() -> HashRing<N, H>,
) -> Vec<String> {
    let name = &spec.name;
    let mut bad = Vec::new();
    let ring = build(&spec.members, make);

    let nodes: Vec<String> = ring.nodes().map(ToString::to_string).collect();
    if nodes != spec.nodes {
        bad.push(format!(
            "{name}: nodes() {nodes:?}, expected {:?}",
            spec.nodes
        ));
    }
    if !spec.points.is_empty() {
        let points: Vec<(u64, String)> = ring.points().map(|(p, n)| (p, n.to_string())).collect();
        if points.len() != spec.points.len() {
            bad.push(format!(
                "{name}: {} points, expected {}",
                points.len(),
                spec.points.len()
            ));
        }
        for (i, (got, want)) in points.iter().zip(&spec.points).enumerate() {
            if got != want {
                bad.push(format!("{name}: point {i} is {got:?}, expected {want:?}"));
            }
        }
    }
    let sum = points_checksum(&ring);
    if sum != spec.checksum {
        bad.push(format!(
            "{name}: points() checksum {sum:016x}, expected {:016x}",
            spec.checksum
        ));
    }
    for row in &spec.owners {
        let (pos, owner) = owner_row(&ring, row);
        let want = (row.position, Some(row.owner.clone()));
        if (pos, owner.clone()) != want {
            bad.push(format!(
                "{name} line {}: {} {} at {pos} owned by {owner:?}, expected {want:?}",
                row.line, row.kind, row.value
            ));
        }
    }
    for (pos, want) in &spec.ats {
        let got = ring.locate_position(*pos).map(ToString::to_string);
        if got.as_deref() != Some(want.as_str()) {
            bad.push(format!(
                "{name}: locate_position({pos}) is {got:?}, expected {want}"
            ));
        }
    }

    // The same membership added in the opposite order is the same ring.
    let reversed = build(spec.members.iter().rev(), make);
    if reversed != ring || !reversed.points().eq(ring.points()) {
        bad.push(format!(
            "{name}: adding the members backwards gives another ring"
        ));
    }
    bad
}

/// Runs `check_ring` with the hasher and node type that the block names.
fn check_ring_spec(spec: &RingSpec) -> Vec<String> {
    fn go<'a, N: TestNode<'a>>(spec: &'a RingSpec) -> Vec<String> {
        match spec.hasher {
            HasherKind::Default => check_ring::<N, XxHash3>(spec, &HashRing::new),
            HasherKind::Seeded(seed) => {
                check_ring::<N, _>(spec, &|| HashRing::with_hasher(XxHash3::with_seed(seed)))
            }
            HasherKind::Sip(key) => check_ring::<N, _>(spec, &|| {
                HashRing::with_hasher(SipHash13::new_with_key(key))
            }),
        }
    }
    match spec.node_type.as_str() {
        "str" => go::<&str>(spec),
        "u64" => go::<u64>(spec),
        other => panic!("{}: unknown node type {other}", spec.name),
    }
}

// ---------------------------------------------------------------------------
// Keys.

#[test]
fn golden_file_covers_every_promised_key_type_and_hasher() {
    let golden = parse_golden();
    let names: Vec<&str> = golden.hashers.iter().map(|h| h.0.as_str()).collect();
    assert_eq!(names, ["default", "seeded", "sip13"]);
    let kinds: BTreeSet<&str> = golden.keys.iter().map(|k| k.kind.as_str()).collect();
    for kind in [
        "str",
        "string",
        "slice",
        "vec",
        "u8",
        "u16",
        "u32",
        "u64",
        "u128",
        "usize",
        "i8",
        "i16",
        "i32",
        "i64",
        "i128",
        "isize",
        "bool",
        "char",
        "str_u32",
        "u64_slice",
        "shard",
        "raw",
    ] {
        assert!(kinds.contains(kind), "no golden key of kind {kind}");
    }
    assert!(
        golden.keys.len() >= 90,
        "only {} golden keys",
        golden.keys.len()
    );
    // Raw bytes include the empty input and bytes that are not UTF-8.
    let raws: Vec<Vec<u8>> = golden
        .keys
        .iter()
        .filter(|k| k.kind == "raw")
        .map(|k| hex(&k.value))
        .collect();
    assert!(raws.iter().any(Vec::is_empty));
    assert!(raws.iter().any(|b| std::str::from_utf8(b).is_err()));
    // Streams long enough to leave the crate's inline key buffer.
    assert!(
        golden
            .keys
            .iter()
            .any(|k| k.kind == "str" && k.stream.len() > 1024)
    );
}

/// Records, for each hasher of the file, a position of `row` that the
/// crate computed differently.
fn position_mismatches(
    golden: &Golden,
    row: &KeyRow,
    got: &[u64],
    what: &str,
    bad: &mut Vec<String>,
) {
    for ((name, _), (g, w)) in golden.hashers.iter().zip(got.iter().zip(&row.positions)) {
        if g != w {
            bad.push(format!(
                "line {}: {what} under {name}: position {g}, expected {w}",
                row.line
            ));
        }
    }
}

#[test]
fn golden_key_positions_match() {
    let golden = parse_golden();
    let probes = probes(&golden);
    let mut bad = Vec::new();
    for row in golden.keys.iter().filter(|k| k.kind != "raw") {
        let got = measure_row(&probes, &row.kind, &row.value);
        let what = format!("{} {}", row.kind, row.value);
        position_mismatches(&golden, row, &got.positions, &what, &mut bad);
    }
    assert_no_mismatches("key position", &bad);
}

#[test]
fn golden_raw_byte_positions_match() {
    let golden = parse_golden();
    let probes = probes(&golden);
    let mut bad = Vec::new();
    for row in golden.keys.iter().filter(|k| k.kind == "raw") {
        let got = measure_row(&probes, &row.kind, &row.value);
        assert_eq!(
            got.bytes, row.stream,
            "line {}: raw bytes are hashed as is",
            row.line
        );
        let what = format!("position_of_bytes({})", row.value);
        position_mismatches(&golden, row, &got.positions, &what, &mut bad);
    }
    assert_no_mismatches("raw position", &bad);
}

#[test]
fn key_bytes_match_documented_encoding() {
    let golden = parse_golden();
    let probes = probes(&golden);
    let mut bad = Vec::new();
    for row in golden.keys.iter().filter(|k| k.kind != "raw") {
        let got = measure_row(&probes, &row.kind, &row.value);
        if got.bytes != row.stream {
            bad.push(format!(
                "line {}: key_bytes of {} {} is {:02x?}, expected {:02x?}",
                row.line, row.kind, row.value, got.bytes, row.stream
            ));
        }
    }
    assert_no_mismatches("key_bytes", &bad);
}

#[test]
fn integer_key_bytes_are_little_endian_by_construction() {
    // Written out by hand from the documented rule: little-endian at the
    // type's width, usize/isize widened to 8 bytes. These literals are the
    // same on every platform, so a big-endian or 32-bit machine must give
    // them too.
    assert_eq!(key_bytes(&0x0102_0304u32), [4, 3, 2, 1]);
    assert_eq!(key_bytes(&0x0102u16), [2, 1]);
    assert_eq!(
        key_bytes(&0x0102_0304_0506_0708u64),
        [8, 7, 6, 5, 4, 3, 2, 1]
    );
    assert_eq!(
        key_bytes(&0x0102_0304_0506_0708_090a_0b0c_0d0e_0f10u128),
        [16, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]
    );
    assert_eq!(key_bytes(&0x0102_0304usize), [4, 3, 2, 1, 0, 0, 0, 0]);
    assert_eq!(
        key_bytes(&-2isize),
        [0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]
    );
    assert_eq!(key_bytes(&-0x0102_0304i32), [0xFC, 0xFC, 0xFD, 0xFE]);
    assert_eq!(key_bytes(&-1i64), [0xFF; 8]);
    assert_eq!(key_bytes(&0x7Fi8), [0x7F]);
    assert_eq!(key_bytes(&'\u{2603}'), [0x03, 0x26, 0, 0]);
    assert_eq!(key_bytes(&true), [1]);
    assert_eq!(key_bytes(&(0x0102u16, "a")), [2, 1, b'a', 0xFF]);
    // The length of a byte slice is a usize, widened to a u64 LE.
    assert_eq!(
        key_bytes(&[0xAAu8; 3][..]),
        [3, 0, 0, 0, 0, 0, 0, 0, 0xAA, 0xAA, 0xAA]
    );
    // So an integer key's position is the hash of those bytes, here checked
    // against the golden positions of u32 0x01020304 under every hasher.
    let golden = parse_golden();
    let row = golden
        .keys
        .iter()
        .find(|k| k.kind == "u32" && k.value == "16909060")
        .expect("a golden row for 0x01020304u32");
    assert_eq!(row.stream, [4, 3, 2, 1]);
    for (probe, want) in probes(&golden).iter().zip(&row.positions) {
        assert_eq!(probe.position_of_bytes(&[4, 3, 2, 1]), *want);
        assert_eq!(probe.position(&0x0102_0304u32), *want);
    }
}

// ---------------------------------------------------------------------------
// Points and owners.

#[test]
fn golden_points_and_owners_match() {
    let golden = parse_golden();
    let mut bad = Vec::new();
    let mut fully_pinned = 0;
    for spec in &golden.rings {
        bad.extend(check_ring_spec(spec));
        if !spec.points.is_empty() {
            fully_pinned += 1;
        }
    }
    assert_no_mismatches("ring", &bad);
    // The file pins whole rings for every hasher and ~50 owners on each.
    for hasher in ["default", "seeded", "sip13"] {
        let spec = ring_spec(&golden, &format!("small-{hasher}"));
        assert_eq!(spec.points.len(), 24);
        assert!(spec.owners.len() >= 50);
    }
    assert!(fully_pinned >= 7);
}

#[test]
fn collisions_keep_every_point_in_place() {
    // C16: node-x and node-y both at 59417, node-v and node-w both at
    // u64::MAX. W(x, y) and W(v, w) come from the golden file, where the
    // Python generator computed them from the identity-bytes rule.
    let golden = parse_golden();
    let spec = ring_spec(&golden, "collisions");
    let at = |pos: u64| {
        spec.ats
            .iter()
            .find(|a| a.0 == pos)
            .map(|a| a.1.as_str())
            .unwrap_or_else(|| panic!("no golden row for position {pos}"))
    };
    let w_xy = at(59417);
    let w_vw = at(u64::MAX);
    assert!(["node-x", "node-y"].contains(&w_xy));
    assert!(["node-v", "node-w"].contains(&w_vw));

    let tokens = [
        ("node-x", 59417),
        ("node-y", 59417),
        ("node-v", u64::MAX),
        ("node-w", u64::MAX),
    ];
    for order in [[0, 1, 2, 3], [3, 2, 1, 0], [1, 3, 0, 2]] {
        let mut ring = HashRing::new();
        for i in order {
            ring.add_with_tokens(tokens[i].0, [tokens[i].1]).unwrap();
        }
        let count = |pos: u64| ring.points().filter(|p| p.0 == pos).count();
        assert_eq!(count(59417), 2);
        assert_eq!(count(u64::MAX), 2);
        assert_eq!(count(59418), 0, "a collision never shifts a point");
        assert_eq!(
            count(0),
            0,
            "a collision at the top never wraps a point to 0"
        );
        assert_eq!(ring.point_count(), 4);
        assert_eq!(ring.locate_position(59417), Some(&w_xy));
        assert_eq!(ring.locate_position(0), Some(&w_xy));
        assert_eq!(ring.locate_position(59418), Some(&w_vw));
        assert_eq!(ring.locate_position(u64::MAX), Some(&w_vw));
    }
}

#[test]
fn golden_lookup_rows_pin_both_ends_of_fixture_p() {
    // C03: the owners at both ends of fixture P, as the case text states
    // them; the golden file must hold the same rows, and the crate agree.
    let golden = parse_golden();
    let spec = ring_spec(&golden, "fixture-p");
    let expected = [
        (0, "node-a"),
        (99, "node-a"),
        (100, "node-a"),
        (300, "node-c"),
        (301, "node-a"),
        (u64::MAX, "node-a"),
    ];
    let mut ring = HashRing::new();
    ring.add_with_tokens("node-a", [100]).unwrap();
    ring.add_with_tokens("node-b", [200]).unwrap();
    ring.add_with_tokens("node-c", [300]).unwrap();
    for (pos, node) in expected {
        assert!(
            spec.ats.iter().any(|a| a.0 == pos && a.1 == node),
            "the golden file lacks the row {pos} -> {node}"
        );
        assert_eq!(ring.locate_position(pos), Some(&node), "position {pos}");
    }
}

// ---------------------------------------------------------------------------
// Determinism.

/// A user hasher for the purity test: FNV-1a 64 over the byte stream.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
struct Fnv;

#[derive(Debug)]
struct FnvStream(u64);

impl Hasher for FnvStream {
    fn write(&mut self, bytes: &[u8]) {
        self.0 = fnv1a(self.0, bytes);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

impl RingHasher for Fnv {
    type Stream = FnvStream;
    fn stream(&self) -> FnvStream {
        FnvStream(0xcbf2_9ce4_8422_2325)
    }
}

/// Positions of `keys` computed in a scrambled order, with other keys
/// (short and long) hashed in between.
fn interleaved_positions<H: RingHasher>(ring: &HashRing<&str, H>, keys: &[String]) -> Vec<u64> {
    let noise = ["", "x", &"long-noise-".repeat(40)].map(str::to_string);
    let mut out = vec![0; keys.len()];
    let n = keys.len();
    for step in 0..n {
        let i = (step * 7 + 3) % n; // 7 is prime to n below
        let _ = ring.position(noise[step % 3].as_str());
        out[i] = ring.position(keys[i].as_str());
        let _ = ring.locate(noise[(step + 1) % 3].as_str());
    }
    out
}

fn assert_pure<H: RingHasher>(ring: &HashRing<&str, H>, keys: &[String], what: &str) {
    let first: Vec<u64> = keys.iter().map(|k| ring.position(k.as_str())).collect();
    for round in 0..3 {
        assert_eq!(
            interleaved_positions(ring, keys),
            first,
            "{what}, round {round}"
        );
        assert_eq!(
            interleaved_positions(&ring.clone(), keys),
            first,
            "{what}, a clone"
        );
    }
}

#[test]
fn position_is_a_pure_function_of_key() {
    // C21 part 1.
    let golden = parse_golden();
    let keys: Vec<String> = golden
        .keys
        .iter()
        .filter(|k| k.kind == "str")
        .map(|k| utf8(&k.value))
        .collect();
    assert!(keys.len() >= 20 && keys.len() % 7 != 0);

    let mut default = HashRing::new();
    default.add("node-a").unwrap();
    assert_pure(&default, &keys, "default hasher");
    let key = golden
        .hashers
        .iter()
        .find_map(|h| match h.1 {
            HasherKind::Sip(k) => Some(k),
            _ => None,
        })
        .unwrap();
    let mut sip = HashRing::with_hasher(SipHash13::new_with_key(key));
    sip.add("node-a").unwrap();
    assert_pure(&sip, &keys, "SipHash13");
    let mut fnv = HashRing::with_hasher(Fnv);
    fnv.add("node-a").unwrap();
    assert_pure(&fnv, &keys, "user hasher");

    // The position depends on the documented byte stream alone: the user
    // hasher sees exactly the golden stream of every key, however long.
    let probe = HashRing::<u8, Fnv>::with_hasher(Fnv);
    let positions = probes(&golden);
    for row in &golden.keys {
        let measured = measure_row(&positions, &row.kind, &row.value);
        let by_fnv = match row.kind.as_str() {
            "raw" => probe.position_of_bytes(&measured.bytes),
            "str" => probe.position(utf8(&row.value).as_str()),
            "u64" => probe.position(&num::<u64>(&row.value)),
            "slice" => probe.position(&hex(&row.value)[..]),
            _ => continue,
        };
        assert_eq!(
            by_fnv,
            fnv1a(0xcbf2_9ce4_8422_2325, &row.stream),
            "line {}: the user hasher was not fed the documented stream",
            row.line
        );
    }
}

#[test]
fn ticker_keys_spread_over_nodes_with_common_prefix() {
    // C21 part 2: cache-node-0001..0007 with 100 vnodes each.
    let golden = parse_golden();
    let spec = ring_spec(&golden, "tickers");
    let mut ring = HashRing::new();
    for i in 1..=7 {
        ring.add_weighted(format!("cache-node-{i:04}"), 100)
            .unwrap();
    }
    assert_eq!(ring.point_count(), 700);
    for node in ring.nodes() {
        assert_eq!(ring.weight(node), Some(100));
        assert_eq!(ring.points().filter(|p| p.1 == node).count(), 100);
        assert!(ring.share(node) > 0.0, "{node} has no share of the ring");
    }
    let tickers = [
        "AAPL", "MSFT", "GOOG", "IBM", "X", "T", "F", "GE", "KO", "V", "MA",
    ];
    assert_eq!(spec.owners.len(), tickers.len());
    let mut owners = BTreeSet::new();
    for (ticker, row) in tickers.iter().zip(&spec.owners) {
        assert_eq!(utf8(&row.value), *ticker);
        let owner = ring.locate(*ticker).unwrap();
        assert_eq!(
            (ring.position(*ticker), owner),
            (row.position, &row.owner),
            "{ticker}"
        );
        owners.insert(owner.clone());
    }
    assert!(owners.len() > 1, "every ticker went to {owners:?}");
}

fn assert_equal_rings<H: RingHasher + Debug>(
    a: &HashRing<&str, H>,
    b: &HashRing<&str, H>,
    what: &str,
) {
    assert!(a.points().eq(b.points()), "{what}: points differ");
    let an: BTreeSet<_> = a.nodes().collect();
    let bn: BTreeSet<_> = b.nodes().collect();
    assert_eq!(an, bn, "{what}: nodes differ");
    assert!(a.diff(b).moves().is_empty(), "{what}: diff has moves");
    assert!(b.diff(a).moves().is_empty(), "{what}: diff has moves");
    assert_eq!(a, b, "{what}");
}

#[test]
fn rebuilding_from_membership_gives_equal_ring() {
    // C22: node-q1..node-q4 with weights 100, 200, 100, 200.
    let golden = parse_golden();
    let spec = ring_spec(&golden, "q");
    let without_q3 = ring_spec(&golden, "q-without-q3");
    let membership = [
        ("node-q1", 100),
        ("node-q2", 200),
        ("node-q3", 100),
        ("node-q4", 200),
    ];
    let names: Vec<(&str, u32)> = spec
        .members
        .iter()
        .map(|(n, how)| match how {
            How::Vnodes(w) => (n.as_str(), *w),
            How::Tokens(_) => panic!("q ring has no tokens"),
        })
        .collect();
    assert_eq!(names, membership, "the golden q ring is the C22 membership");

    let build_one_by_one = |list: &[(&'static str, u32)]| {
        let mut ring = HashRing::new();
        for &(n, w) in list {
            ring.add_weighted(n, w).unwrap();
        }
        ring
    };
    let mut original = build_one_by_one(&membership);
    let again = build_one_by_one(&membership);
    assert_equal_rings(&original, &again, "two builds");
    assert_eq!(
        points_checksum(&original),
        spec.checksum,
        "points() differ from the golden file"
    );
    for row in &spec.owners {
        let (pos, owner) = owner_row(&original, row);
        assert_eq!(
            (pos, owner.as_deref()),
            (row.position, Some(row.owner.as_str())),
            "line {}",
            row.line
        );
    }

    let mut backwards = membership;
    backwards.reverse();
    let mut rebuilt = build_one_by_one(&backwards);
    assert_equal_rings(&original, &rebuilt, "membership listed backwards");
    let mut bulk = HashRing::new();
    bulk.add_all(backwards).unwrap();
    assert_equal_rings(&original, &bulk, "add_all, backwards");

    original.remove(&"node-q3").unwrap();
    rebuilt.remove(&"node-q3").unwrap();
    assert_equal_rings(&original, &rebuilt, "after removing node-q3");
    let fresh = build_one_by_one(&[("node-q1", 100), ("node-q2", 200), ("node-q4", 200)]);
    assert_equal_rings(
        &original,
        &fresh,
        "removal vs a fresh build without node-q3",
    );
    assert_eq!(points_checksum(&original), without_q3.checksum);
    for row in &without_q3.owners {
        let (pos, owner) = owner_row(&original, row);
        assert_eq!(
            (pos, owner.as_deref()),
            (row.position, Some(row.owner.as_str())),
            "line {}",
            row.line
        );
    }
}
