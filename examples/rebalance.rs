//! The main job on real keys: spread a word list over 8 nodes, then plan a
//! join and a leave and check each plan by carrying it out key by key.
//!
//! ```text
//! cargo run --release --example rebalance              # the bundled words
//! cargo run --release --example rebalance -- keys.txt  # your keys, one a line
//! ```
//!
//! The bundled key set is `examples/data/words.txt`, the English word list of
//! Debian's `wamerican` package (see `examples/data/words.COPYRIGHT`). Empty
//! lines are skipped and a key that appears twice is counted once.
//!
//! Each node's store is simulated as a `BTreeMap` from position to keys. For
//! each change, the example applies exactly the plan's moves (a range scan
//! over `HashRange::segments` on the `from` store, inserted into the `to`
//! store) and then checks that every key sits on exactly the node the new
//! ring names. It also checks every key against the plan directly: a key
//! changes owner if and only if its position lies in a move's range, with
//! that move's `from` and `to`.
//!
//! Exit status: 0 when every check passes, 1 when a check fails, 2 when the
//! key file cannot be read or holds no keys.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use shardring::{DEFAULT_VNODES, HashRing, MigrationPlan};

type Ring = HashRing<String>;
/// One node's data: keys by ring position (several keys may share one).
type Store = BTreeMap<u64, Vec<String>>;

fn main() -> ExitCode {
    let (path, name) = match std::env::args_os().nth(1) {
        Some(p) => {
            let path = PathBuf::from(p);
            let name = path.display().to_string();
            (path, name)
        }
        None => (
            Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data/words.txt"),
            "the bundled examples/data/words.txt".to_string(),
        ),
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: cannot read the key file {}: {e}", path.display());
            return ExitCode::from(2);
        }
    };
    let (keys, duplicates) = load_keys(&text);
    if keys.is_empty() {
        eprintln!("error: {} holds no keys (one key per line)", path.display());
        return ExitCode::from(2);
    }
    println!(
        "keys: {} distinct from {name} ({} repeats dropped)",
        group(keys.len()),
        group(duplicates),
    );

    let nodes: Vec<String> = (1..=8).map(|i| format!("node-{i}")).collect();
    let mut ring = Ring::new();
    for n in &nodes {
        ring.add(n.clone()).expect("distinct new nodes");
    }
    println!(
        "ring: {} nodes x {DEFAULT_VNODES} vnodes, XXH3-64 seed 0\n",
        ring.len()
    );
    print_shares(&ring, &keys);

    // (a) A ninth node joins; (b) node-3 then leaves the 9-node ring.
    let (joining, leaving) = ("node-9".to_string(), "node-3".to_string());
    let mut joined = ring.clone();
    joined.add(joining.clone()).expect("node-9 is new");
    let join_preview = ring.plan_add(joining, DEFAULT_VNODES);
    let mut left = joined.clone();
    left.remove(&leaving).expect("node-3 is a member");
    let leave_preview = joined.plan_remove(&leaving);

    let mut ok = true;
    for (title, old, new, preview, what) in [
        ("join: add node-9", &ring, &joined, join_preview, "plan_add"),
        (
            "leave: remove node-3",
            &joined,
            &left,
            leave_preview,
            "plan_remove",
        ),
    ] {
        println!("\n== {title} ==");
        let plan = old.diff(new);
        let same = preview.as_ref() == Ok(&plan);
        println!("{what} == diff: {}", if same { "yes" } else { "NO" });
        ok &= same;
        ok &= check_change(old, new, &plan, &keys);
    }

    if ok {
        println!("\nall checks passed");
        ExitCode::SUCCESS
    } else {
        eprintln!("\nerror: a migration plan failed its check");
        ExitCode::FAILURE
    }
}

/// Distinct non-empty lines, in file order, and the number of repeated
/// lines dropped.
fn load_keys(text: &str) -> (Vec<String>, usize) {
    let mut seen = BTreeSet::new();
    let mut keys = Vec::new();
    let mut lines = 0;
    for line in text.lines().filter(|l| !l.is_empty()) {
        lines += 1;
        if seen.insert(line) {
            keys.push(line.to_string());
        }
    }
    let dropped = lines - keys.len();
    (keys, dropped)
}

fn print_shares(ring: &Ring, keys: &[String]) {
    let mut count: HashMap<&String, usize> = HashMap::new();
    for k in keys {
        *count
            .entry(ring.locate(k.as_str()).expect("ring is not empty"))
            .or_default() += 1;
    }
    println!(
        "{:<7} {:>8}  {:>9}  {:>10}",
        "node", "keys", "key share", "ring share"
    );
    for n in ring.nodes() {
        let c = count.get(n).copied().unwrap_or(0);
        println!(
            "{n:<7} {:>8}  {:>9}  {:>10}",
            group(c),
            percent(c as f64 / keys.len() as f64),
            percent(ring.share(n)),
        );
    }
}

/// Prints the plan of one change, carries it out on simulated stores and
/// checks the result; returns whether every check passed.
fn check_change(old: &Ring, new: &Ring, plan: &MigrationPlan<String>, keys: &[String]) -> bool {
    // Fill one store per node of either ring from the old placement.
    let mut stores: BTreeMap<&String, Store> = old
        .nodes()
        .chain(new.nodes())
        .map(|n| (n, Store::new()))
        .collect();
    for k in keys {
        let owner = old.locate(k.as_str()).expect("ring is not empty");
        let store = stores.get_mut(owner).expect("a store per node");
        store
            .entry(old.position(k.as_str()))
            .or_default()
            .push(k.clone());
    }

    // Apply exactly the plan's moves: a range scan per segment of each range.
    let mut keys_out: BTreeMap<&String, (usize, usize)> = BTreeMap::new();
    let mut keys_in: BTreeMap<&String, (usize, usize)> = BTreeMap::new();
    let mut moved = 0;
    for m in plan.moves() {
        let mut taken: Vec<(u64, Vec<String>)> = Vec::new();
        let from = stores.get_mut(&m.from).expect("a store per node");
        for seg in m.range.segments() {
            let positions: Vec<u64> = from.range(seg).map(|(&p, _)| p).collect();
            for p in positions {
                taken.push((p, from.remove(&p).expect("just seen")));
            }
        }
        let to = stores.get_mut(&m.to).expect("a store per node");
        for (p, ks) in taken {
            let n = ks.len();
            let bytes: usize = ks.iter().map(String::len).sum();
            add(keys_out.entry(&m.from).or_default(), n, bytes);
            add(keys_in.entry(&m.to).or_default(), n, bytes);
            moved += n;
            to.entry(p).or_default().extend(ks);
        }
    }

    let bytes_moved: usize = keys_in.values().map(|v| v.1).sum();
    println!(
        "plan: {} moves covering {} of the ring",
        plan.moves().len(),
        percent(plan.moved_fraction()),
    );
    println!(
        "keys moved: {} ({} of all keys), {} bytes (a key's bytes: its UTF-8 length)",
        group(moved),
        percent(moved as f64 / keys.len() as f64),
        group(bytes_moved),
    );
    println!(
        "{:<7} {:>8} {:>8} {:>10} {:>9}",
        "node", "keys out", "keys in", "bytes out", "bytes in"
    );
    for n in stores.keys() {
        let (o, ob) = keys_out.get(n).copied().unwrap_or_default();
        let (i, ib) = keys_in.get(n).copied().unwrap_or_default();
        println!(
            "{n:<7} {:>8} {:>8} {:>10} {:>9}",
            group(o),
            group(i),
            group(ob),
            group(ib)
        );
    }

    // Check 1: after the moves, every key is on exactly the node `new` names.
    let mut found: HashMap<&str, usize> = HashMap::new();
    let mut misplaced = 0;
    for (node, store) in &stores {
        for (&p, ks) in store {
            for k in ks {
                *found.entry(k.as_str()).or_default() += 1;
                if new.locate(k.as_str()) != Some(*node) || new.position(k.as_str()) != p {
                    misplaced += 1;
                }
            }
        }
    }
    let lost = keys
        .iter()
        .filter(|k| !found.contains_key(k.as_str()))
        .count();
    let doubled: usize = found.values().filter(|&&c| c > 1).count();

    // Check 2: each key against the plan directly. A key whose position
    // lies in a move must go from that move's `from` to its `to`, and they
    // must differ; every other key must keep its owner. The ranges must not
    // overlap, so that each position has at most one move.
    let index = SegmentIndex::new(plan);
    let overlaps = index.overlaps();
    let (mut kept_wrongly, mut moved_wrongly) = (0, 0);
    for k in keys {
        let (was, is) = (old.locate(k.as_str()), new.locate(k.as_str()));
        match index.find(old.position(k.as_str())) {
            Some(m) => {
                let m = &plan.moves()[m];
                if was != Some(&m.from) || is != Some(&m.to) || m.from == m.to {
                    moved_wrongly += 1;
                }
            }
            None => {
                if was != is {
                    kept_wrongly += 1;
                }
            }
        }
    }

    let passed = lost == 0
        && doubled == 0
        && misplaced == 0
        && kept_wrongly == 0
        && moved_wrongly == 0
        && overlaps == 0;
    println!(
        "check: after the moves, {} keys lost, {} on two nodes, {} misplaced",
        group(lost),
        group(doubled),
        group(misplaced)
    );
    println!(
        "check: {} owner changes outside the plan, {} with wrong owners in it, \
         {} overlapping ranges: {}",
        group(kept_wrongly),
        group(moved_wrongly),
        group(overlaps),
        if passed { "ok" } else { "FAILED" }
    );
    passed
}

fn add(acc: &mut (usize, usize), n: usize, bytes: usize) {
    acc.0 += n;
    acc.1 += bytes;
}

/// The plan's ranges as sorted, non-wrapping segments, for a binary search.
struct SegmentIndex {
    /// (first, last, index of the move), sorted by `first`.
    segs: Vec<(u64, u64, usize)>,
}

impl SegmentIndex {
    fn new(plan: &MigrationPlan<String>) -> Self {
        let mut segs: Vec<(u64, u64, usize)> = plan
            .moves()
            .iter()
            .enumerate()
            .flat_map(|(i, m)| m.range.segments().map(move |s| (*s.start(), *s.end(), i)))
            .collect();
        segs.sort_unstable();
        SegmentIndex { segs }
    }

    /// The number of segments that overlap the one before them.
    fn overlaps(&self) -> usize {
        self.segs.windows(2).filter(|w| w[1].0 <= w[0].1).count()
    }

    /// The move whose range holds `pos`, if any (the last one to start at
    /// or before `pos`, if the ranges overlap).
    fn find(&self, pos: u64) -> Option<usize> {
        let i = self.segs.partition_point(|s| s.0 <= pos).checked_sub(1)?;
        let (_, last, m) = self.segs[i];
        (pos <= last).then_some(m)
    }
}

fn percent(x: f64) -> String {
    format!("{:.2}%", 100.0 * x)
}

/// `1234567` as `1,234,567`.
fn group(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}
