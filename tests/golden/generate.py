#!/usr/bin/env python3
"""Writes tests/golden/placement.txt, the placement golden file of shardring.

This is an independent implementation of the placement that the crate
documents (the "Placement" section of src/lib.rs and the docs of
`key_bytes` in src/hash.rs). It does not run, import or read the crate:
every expected value in the golden file comes from the written rules below.

    pip install xxhash && python3 tests/golden/generate.py

Regenerating the file changes what the golden tests expect. That is only
legitimate together with a breaking release whose CHANGELOG entry says
"keys will move"; see the comment at the top of tests/golden.rs.

The rules implemented here:

- key bytes: a str or String is its UTF-8 bytes then 0xFF; a [u8] or
  Vec<u8> is its length as u64 little-endian then its bytes; an integer is
  its little-endian bytes at its own width, usize/isize widened to 8 bytes;
  bool is one byte 0 or 1; char is its scalar value as u32 LE; a tuple or a
  struct with derived Hash is its fields' streams one after the other.
- the position of a key is H(key bytes); position_of_bytes(b) is H(b).
- H is XXH3-64 (seed 0 for the default hasher, or a chosen seed), or keyed
  SipHash-1-3 (k0 = first 8 key bytes LE, k1 = last 8 key bytes LE).
- vnode i of a node with identity bytes id is at
  H(len(id) as u64 LE ++ id ++ i as u32 LE), for i < weight; a node added
  with tokens has exactly its tokens as points.
- points are sorted by position, then identity bytes (lexicographic), then
  vnode index; the owner of position h is the first point with position
  >= h, wrapping to the first point of the ring.

The file format is described in the header this script writes.
"""

import os
import struct
import subprocess
import sys

import xxhash

MASK64 = (1 << 64) - 1
U64_MAX = MASK64

# --------------------------------------------------------------------------
# SipHash, from the reference algorithm (Aumasson and Bernstein), with the
# number of compression and finalisation rounds as parameters.


def _rotl(x, b):
    return ((x << b) | (x >> (64 - b))) & MASK64


def _sipround(v0, v1, v2, v3):
    v0 = (v0 + v1) & MASK64
    v1 = _rotl(v1, 13)
    v1 ^= v0
    v0 = _rotl(v0, 32)
    v2 = (v2 + v3) & MASK64
    v3 = _rotl(v3, 16)
    v3 ^= v2
    v0 = (v0 + v3) & MASK64
    v3 = _rotl(v3, 21)
    v3 ^= v0
    v2 = (v2 + v1) & MASK64
    v1 = _rotl(v1, 17)
    v1 ^= v2
    v2 = _rotl(v2, 32)
    return v0, v1, v2, v3


def siphash(key, data, c_rounds, d_rounds):
    """SipHash-c-d of `data` under the 16-byte `key`, as a u64."""
    assert len(key) == 16
    k0, k1 = struct.unpack("<QQ", key)
    v0 = k0 ^ 0x736F6D6570736575
    v1 = k1 ^ 0x646F72616E646F6D
    v2 = k0 ^ 0x6C7967656E657261
    v3 = k1 ^ 0x7465646279746573
    full = len(data) - len(data) % 8
    for off in range(0, full, 8):
        (m,) = struct.unpack("<Q", data[off : off + 8])
        v3 ^= m
        for _ in range(c_rounds):
            v0, v1, v2, v3 = _sipround(v0, v1, v2, v3)
        v0 ^= m
    tail = data[full:]
    b = ((len(data) & 0xFF) << 56) | int.from_bytes(tail, "little")
    v3 ^= b
    for _ in range(c_rounds):
        v0, v1, v2, v3 = _sipround(v0, v1, v2, v3)
    v0 ^= b
    v2 ^= 0xFF
    for _ in range(d_rounds):
        v0, v1, v2, v3 = _sipround(v0, v1, v2, v3)
    return v0 ^ v1 ^ v2 ^ v3


# The official SipHash-2-4 vectors (the reference implementation's
# vectors_sip64, the paper's appendix): key 00 01 .. 0f, message 00 01 .. n-1.
SIPHASH24_VECTORS = [
    0x726FDB47DD0E0E31, 0x74F839C593DC67FD, 0x0D6C8009D9A94F5A,
    0x85676696D7FB7E2D, 0xCF2794E0277187B7, 0x18765564CD99A68D,
    0xCBC9466E58FEE3CE, 0xAB0200F58B01D137, 0x93F5F5799A932462,
    0x9E0082DF0BA9E4B0, 0x7A5DBBC594DDB9F3, 0xF4B32F46226BADA7,
    0x751E8FBC860EE5FB, 0x14EA5627C0843D90, 0xF723CA908E7AF2EE,
    0xA129CA6149BE45E5, 0x3F2ACC7F57C29BDB,
]


def self_check_hashes():
    """Checks both hash functions against values established elsewhere."""
    key = bytes(range(16))
    for n, want in enumerate(SIPHASH24_VECTORS):
        got = siphash(key, bytes(range(n)), 2, 4)
        assert got == want, f"SipHash-2-4 vector {n}: {got:016x} != {want:016x}"
    # SipHash-1-3 is the same code with other round counts. CPython 3.11+
    # hashes bytes with SipHash-1-3, and PYTHONHASHSEED=0 makes its key all
    # zeros: compare with it where this interpreter uses that algorithm.
    samples = [b"a", b"abc", b"user:42", bytes(range(7)), bytes(range(8)),
               bytes(range(9)), bytes(range(64)), b"\xff" * 100]
    if sys.hash_info.algorithm == "siphash13":
        code = ("import sys\n"
                f"for s in {samples!r}: print(hash(s) & {MASK64})\n")
        out = subprocess.run([sys.executable, "-c", code], check=True,
                             capture_output=True, text=True,
                             env={**os.environ, "PYTHONHASHSEED": "0"}).stdout.split()
        for s, theirs in zip(samples, out, strict=True):
            ours = siphash(bytes(16), s, 1, 3)
            # CPython maps a hash of -1 to -2; no sample here hits that.
            assert ours == int(theirs), f"SipHash-1-3 of {s!r} disagrees with CPython"
        print("SipHash-1-3 cross-checked against CPython's hash()", file=sys.stderr)
    else:
        print("note: this Python does not use SipHash-1-3; only the 2-4 vectors "
              "checked the SipHash code", file=sys.stderr)
    # XXH3-64 of the empty input with seed 0, from the xxHash reference.
    assert xxhash.xxh3_64_intdigest(b"", seed=0) == 0x2D06800538D394C2


# --------------------------------------------------------------------------
# Hashers.

SIP_KEY = bytes(range(16))
SEEDED = 0x0123_4567_89AB_CDEF

# (name in the file, description line fields, function of bytes)
HASHERS = [
    ("default", f"xxh3 0", lambda b: xxhash.xxh3_64_intdigest(b, seed=0)),
    ("seeded", f"xxh3 {SEEDED}", lambda b: xxhash.xxh3_64_intdigest(b, seed=SEEDED)),
    ("sip13", f"sip13 {SIP_KEY.hex()}", lambda b: siphash(SIP_KEY, b, 1, 3)),
]
H = {name: f for name, _, f in HASHERS}

# --------------------------------------------------------------------------
# Key kinds: how a value is written in the file, and its byte stream.


def hexs(b):
    return b.hex() if b else "-"


def le(n, width, signed=False):
    return n.to_bytes(width, "little", signed=signed)


def str_bytes(s):
    return s.encode("utf-8") + b"\xff"


def slice_bytes(b):
    return le(len(b), 8) + b


INT_KINDS = {
    "u8": (1, False), "u16": (2, False), "u32": (4, False), "u64": (8, False),
    "u128": (16, False), "usize": (8, False),
    "i8": (1, True), "i16": (2, True), "i32": (4, True), "i64": (8, True),
    "i128": (16, True), "isize": (8, True),
}


def encode(kind, value):
    """Returns (value as written in the file, key byte stream)."""
    if kind in ("str", "string"):
        return hexs(value.encode("utf-8")), str_bytes(value)
    if kind in ("slice", "vec"):
        return hexs(value), slice_bytes(value)
    if kind == "raw":
        return hexs(value), value
    if kind in INT_KINDS:
        width, signed = INT_KINDS[kind]
        return str(value), le(value, width, signed)
    if kind == "bool":
        return str(int(value)), bytes([int(value)])
    if kind == "char":
        return str(ord(value)), le(ord(value), 4)
    if kind == "str_u32":  # (&str, u32)
        s, n = value
        return f"{hexs(s.encode('utf-8'))},{n}", str_bytes(s) + le(n, 4)
    if kind == "u64_slice":  # (u64, &[u8])
        n, b = value
        return f"{n},{hexs(b)}", le(n, 8) + slice_bytes(b)
    if kind == "shard":  # struct Shard { tenant: String, id: u32, primary: bool }
        tenant, n, primary = value
        return (f"{hexs(tenant.encode('utf-8'))},{n},{int(primary)}",
                str_bytes(tenant) + le(n, 4) + bytes([int(primary)]))
    raise ValueError(kind)


def text(n):
    """A deterministic ASCII text of n characters."""
    alphabet = "abcdefghijklmnopqrstuvwxyz0123456789-_:."
    return "".join(alphabet[(i * 7 + i // 40) % len(alphabet)] for i in range(n))


# Lengths chosen so that the byte streams (str: n + 1 bytes) cross XXH3's
# size classes (0, 1-3, 4-8, 9-16, 17-128, 129-240, > 240, > 1024) and the
# crate's 64-byte inline key buffer.
KEYS = (
    [("str", s) for s in ["", "a", "ab", "abc", "user:42", "hello world",
                          "naïve café ☃", "日本語", "\u0000", "node-1"]]
    + [("str", text(n)) for n in (7, 8, 15, 16, 62, 63, 64, 65, 127, 128, 239,
                                  240, 1023, 1024, 3000)]
    + [("string", s) for s in ["", "user:42", "naïve café ☃", text(200)]]
    + [("slice", b) for b in [b"", b"\x00", b"\xff\xfe", b"user:42",
                              b"\xc3\x28\x80", bytes(range(56)), bytes(range(57)),
                              bytes(range(256))]]
    + [("vec", b) for b in [b"", b"user:42", bytes(range(100))]]
    + [("u8", v) for v in (0, 255)]
    + [("u16", v) for v in (0x0102, 65535)]
    + [("u32", v) for v in (0, 7, 0x01020304, 2**32 - 1)]
    + [("u64", v) for v in (0, 1, 42, 0x0102030405060708, U64_MAX)]
    + [("u128", v) for v in (0x0102030405060708090A0B0C0D0E0F10, 2**128 - 1)]
    + [("usize", v) for v in (0, 42, 2**32)]
    + [("i8", v) for v in (-1, 127)]
    + [("i16", v) for v in (-2,)]
    + [("i32", v) for v in (-1, -0x01020304, 2**31 - 1)]
    + [("i64", v) for v in (-1, -(2**63), 123456789)]
    + [("i128", v) for v in (-1,)]
    + [("isize", v) for v in (-1, -(2**63), 42)]
    + [("bool", v) for v in (False, True)]
    + [("char", c) for c in ("a", "\u0000", "é", "☃", "😀")]
    + [("str_u32", v) for v in [("", 0), ("user", 42), ("user", 43),
                                (text(70), 7)]]
    + [("u64_slice", v) for v in [(0, b""), (42, b"ab"), (U64_MAX, bytes(range(80)))]]
    + [("shard", v) for v in [("acme", 3, True), ("acme", 3, False), ("", 0, False)]]
    + [("raw", b) for b in [b"", b"\x00", b"\xff", b"abc", b"user:42", b"\xc3\x28",
                            b"\x80\x81\x82\xfe\xff", bytes(range(256)),
                            text(1100).encode()]]
)

# --------------------------------------------------------------------------
# Rings.


def node_identity(node_type, node):
    if node_type == "str":
        return str_bytes(node)
    if node_type == "u64":
        return le(node, 8)
    raise ValueError(node_type)


def vnode_position(h, identity, i):
    return h(le(len(identity), 8) + identity + le(i, 4))


class Ring:
    def __init__(self, name, hasher, node_type):
        self.name = name
        self.hasher = hasher
        self.node_type = node_type
        self.members = []  # (node, "vnodes"/"tokens", weight or token list)

    def vnodes(self, node, n):
        self.members.append((node, "vnodes", n))
        return self

    def tokens(self, node, tokens):
        self.members.append((node, "tokens", list(tokens)))
        return self

    def identity(self, node):
        return node_identity(self.node_type, node)

    def points(self):
        """(position, identity, vnode index, node), in ring order."""
        h = H[self.hasher]
        pts = []
        for node, how, arg in self.members:
            ident = self.identity(node)
            if how == "vnodes":
                pts += [(vnode_position(h, ident, i), ident, i, node) for i in range(arg)]
            else:
                assert len(set(arg)) == len(arg)
                pts += [(t, ident, i, node) for i, t in enumerate(sorted(arg))]
        pts.sort(key=lambda p: (p[0], p[1], p[2]))
        return pts

    def nodes(self):
        return [m[0] for m in sorted(self.members, key=lambda m: self.identity(m[0]))]

    def locate_position(self, pos):
        pts = self.points()
        for p in pts:
            if p[0] >= pos:
                return p[3]
        return pts[0][3]

    def checksum(self):
        return checksum(self.points())


def fnv1a64(data, state=0xCBF29CE484222325):
    for b in data:
        state = ((state ^ b) * 0x100000001B3) & MASK64
    return state


def checksum(points):
    """FNV-1a 64 over, for each point in ring order: position u64 LE, the
    identity's length u64 LE, the identity bytes."""
    state = 0xCBF29CE484222325
    for pos, ident, _, _ in points:
        state = fnv1a64(le(pos, 8) + le(len(ident), 8) + ident, state)
    return state


def small(hasher):
    r = Ring(f"small-{hasher}", hasher, "str")
    for n in ("node-a", "node-b", "node-c"):
        r.vnodes(n, 8)
    return r


# --------------------------------------------------------------------------
# Output.


def main():
    self_check_hashes()
    out = []
    w = out.append
    w("# shardring placement golden file. GENERATED: do not edit by hand.")
    w("#")
    w("# Written by tests/golden/generate.py, an independent Python implementation")
    w("# of the placement documented in src/lib.rs (\"Placement\") and src/hash.rs")
    w("# (key_bytes), using the PyPI package xxhash for XXH3-64 and its own")
    w("# SipHash-1-3. Nothing here was produced by the crate.")
    w("#")
    w("# A change to this file means KEYS WILL MOVE for users: it is legitimate")
    w("# only with a breaking release and a CHANGELOG entry \"keys will move\".")
    w("#")
    w("# Format: one record per line, fields separated by single spaces; '-' is")
    w("# an empty byte string; byte strings are lowercase hex; numbers decimal.")
    w("#   hasher <name> xxh3 <seed> | hasher <name> sip13 <16-byte key hex>")
    w("#       'default' is XxHash3::default(); the others are built from the fields.")
    w("#   key <kind> <value> <key_bytes hex> <position under each hasher, in")
    w("#       the order of the hasher lines>")
    w("#       kinds: str (&str), string (String), slice (&[u8]), vec (Vec<u8>),")
    w("#       u8..u128, usize, i8..i128, isize, bool (0/1), char (scalar value),")
    w("#       str_u32 ((&str, u32): hex,n), u64_slice ((u64, &[u8]): n,hex),")
    w("#       shard (struct Shard { tenant: String, id: u32, primary: bool }:")
    w("#       hex,id,0/1) and raw (bytes for position_of_bytes; its key_bytes")
    w("#       field is the bytes themselves).")
    w("#   ring <name> <hasher> <node type: str | u64>   starts a ring; 'end' closes it")
    w("#   node <node> vnodes <n> | node <node> tokens <t1,t2,...>   membership")
    w("#   nodes <node> <node> ...          nodes() in identity-bytes order")
    w("#   point <position> <node>          every point of points(), in order")
    w("#                                    (absent for rings pinned by checksum only)")
    w("#   checksum <hex u64>               FNV-1a 64 over each point of points() in")
    w("#                                    order: position u64 LE ++ len(identity)")
    w("#                                    u64 LE ++ identity bytes")
    w("#   owner <kind> <value> <position> <node>   position and locate() of a key")
    w("#                                    (raw: position_of_bytes and locate_bytes)")
    w("#   at <position> <node>             locate_position(position)")
    w("")
    for name, desc, _ in HASHERS:
        w(f"hasher {name} {desc}")
    w("")
    for kind, value in KEYS:
        shown, stream = encode(kind, value)
        positions = " ".join(str(H[name](stream)) for name, _, _ in HASHERS)
        w(f"key {kind} {shown} {hexs(stream)} {positions}")

    def emit(ring, full_points=True, owners=(), ats=()):
        w("")
        w(f"ring {ring.name} {ring.hasher} {ring.node_type}")
        for node, how, arg in ring.members:
            shown = arg if how == "vnodes" else ",".join(map(str, arg))
            w(f"node {node} {how} {shown}")
        w("nodes " + " ".join(str(n) for n in ring.nodes()))
        pts = ring.points()
        if full_points:
            for pos, _, _, node in pts:
                w(f"point {pos} {node}")
        w(f"checksum {ring.checksum():016x}")
        h = H[ring.hasher]
        for kind, value in owners:
            shown, stream = encode(kind, value)
            pos = h(stream)
            w(f"owner {kind} {shown} {pos} {ring.locate_position(pos)}")
        for pos in ats:
            w(f"at {pos} {ring.locate_position(pos)}")
        w("end")
        return ring

    def edges(ring):
        """0, u64::MAX, and every point with its neighbours."""
        s = {0, 1, U64_MAX - 1, U64_MAX}
        for p in ring.points():
            s.update({p[0], (p[0] - 1) % 2**64, (p[0] + 1) % 2**64})
        return sorted(s)

    key_rows = ([("str", f"key-{i}") for i in range(50)]
                + [("u64", v) for v in (0, 1, 42, U64_MAX)]
                + [("str_u32", ("user", 42)), ("raw", b"user:42"), ("raw", b"")])
    for hasher in ("default", "seeded", "sip13"):
        r = small(hasher)
        emit(r, owners=key_rows, ats=edges(r))

    r = Ring("ints", "default", "u64")
    for n in (1, 256, 65536, U64_MAX):
        r.vnodes(n, 4)
    emit(r, owners=[("u64", v) for v in range(10)], ats=edges(r))

    # Fixture P (RING-CASES C03): the lookup convention at both ends.
    p = Ring("fixture-p", "default", "str")
    p.tokens("node-a", [100]).tokens("node-b", [200]).tokens("node-c", [300])
    p_expect = {0: "node-a", 1: "node-a", 99: "node-a", 100: "node-a",
                101: "node-b", 200: "node-b", 201: "node-c", 300: "node-c",
                301: "node-a", 1_000_000: "node-a", U64_MAX: "node-a"}
    for pos, node in p_expect.items():  # the case text, against our rule
        assert p.locate_position(pos) == node, pos
    emit(p, ats=sorted(p_expect))

    # C16: collisions at 59417 and at u64::MAX keep both points in place.
    c = Ring("collisions", "default", "str")
    c.tokens("node-y", [59417]).tokens("node-x", [59417])
    c.tokens("node-w", [U64_MAX]).tokens("node-v", [U64_MAX])
    emit(c, ats=[0, 1, 59416, 59417, 59418, U64_MAX - 1, U64_MAX])

    # Identity bytes, not names, order collisions: "node-ab\xff" < "node-a\xff".
    c = Ring("prefix-collision", "default", "str")
    c.tokens("node-a", [1000]).tokens("node-ab", [1000]).tokens("node-b", [2000])
    assert c.locate_position(1000) == "node-ab"
    emit(c, ats=[0, 999, 1000, 1001, 2000, 2001, U64_MAX])

    # u64 nodes order by their little-endian bytes: 256 (00 01 ..) < 1 (01 00 ..).
    c = Ring("int-collision", "default", "u64")
    c.tokens(1, [5, 10]).tokens(256, [5]).tokens(2, [10])
    assert c.locate_position(5) == 256 and c.locate_position(10) == 1
    emit(c, ats=[0, 5, 6, 10, 11, U64_MAX])

    # C21 part 2: short ticker keys on nodes with a common name prefix.
    t = Ring("tickers", "default", "str")
    for i in range(1, 8):
        t.vnodes(f"cache-node-{i:04}", 100)
    tickers = ["AAPL", "MSFT", "GOOG", "IBM", "X", "T", "F", "GE", "KO", "V", "MA"]
    owners = {t.locate_position(H["default"](str_bytes(k))) for k in tickers}
    assert len(owners) > 1, "the tickers all went to one node"
    emit(t, full_points=False, owners=[("str", k) for k in tickers])

    # C22: node-q1..node-q4 with weights 100, 200, 100, 200.
    q = Ring("q", "default", "str")
    for n, wt in (("node-q1", 100), ("node-q2", 200), ("node-q3", 100), ("node-q4", 200)):
        q.vnodes(n, wt)
    q_keys = [("str", k) for k in ("user:1", "user:2", "order:9", "HASH", "session:abc")]
    q_keys += [("u64", 7), ("str_u32", ("user", 42))]
    emit(q, full_points=False, owners=q_keys)
    q3 = Ring("q-without-q3", "default", "str")
    q3.members = [m for m in q.members if m[0] != "node-q3"]
    emit(q3, full_points=False, owners=q_keys)

    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "placement.txt")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(out) + "\n")
    print(f"wrote {path} ({len(out)} lines)", file=sys.stderr)


if __name__ == "__main__":
    main()
