#!/usr/bin/env python3
"""Turns the criterion output of benches/ring.rs into Markdown tables and SVG charts.

    cargo bench --bench ring
    python3 benches/report.py --markdown bench.md --svg benches/locate.svg \
        --svg-str benches/locate_str.svg

--target is the cargo target dir holding criterion/ (default: $CARGO_TARGET_DIR,
else the repo's target/). Only the groups of benches/ring.rs are read; each
benchmark's median comes from <group>/<function>/<size>/new/estimates.json.
Without --markdown the tables go to stdout. Python 3.11, standard library only.
"""

import argparse
import datetime
import json
import math
import os
import platform
import subprocess
import sys
from html import escape
from pathlib import Path

GROUPS = {
    "locate_u64": "one lookup, `u64` keys",
    "locate_str": 'one lookup, string keys like `"user:12345"`',
    "locate_cold": "one lookup in a random one of 64 copies of the ring (cache misses)",
    "replicas": "the first 3 distinct nodes of a key",
    "build": "building a ring of n nodes",
    "add": "adding one node to a ring of n nodes (on a clone made outside the timing)",
    "remove": "removing one node from a ring of n nodes (on a clone made outside the timing)",
    "diff": "migration plans on a 1000-node ring",
}
# Column order and chart colours (Okabe-Ito); unknown implementations come last, in grey.
COLOURS = {"shardring": "#D55E00", "shardring_bytes": "#E69F00", "baseline": "#000000",
           "hashring": "#0072B2", "consistent_hash_ring": "#009E73", "jump": "#CC79A7",
           "anchorhash": "#56B4E9"}
CHANGES = ["join", "leave", "batch10", "plan_add", "plan_remove"]
DASH = "—"


def load(target):
    """{group: {function: {size: (median, lower, upper)}}} in ns from criterion's 'new' results,
    and the modification times of the estimates read."""
    data, times = {}, []
    for bench in (target / "criterion").rglob("new/benchmark.json"):
        meta = json.loads(bench.read_text())
        group, size = meta["group_id"], meta.get("value_str")
        if group not in GROUPS or size is None:
            continue
        median = json.loads((bench.parent / "estimates.json").read_text())["median"]
        ci = median["confidence_interval"]
        cell = (median["point_estimate"], ci["lower_bound"], ci["upper_bound"])
        data.setdefault(group, {}).setdefault(meta["function_id"], {})[size] = cell
        times.append((bench.parent / "estimates.json").stat().st_mtime)
    return data, times


def impls(functions):
    order = list(COLOURS)
    return sorted(functions, key=lambda f: (order.index(f) if f in order else len(order), f))


def human(cell):
    """A median with 3 significant digits and a unit: 8.06 ns, 1.45 ms."""
    if cell is None:
        return DASH
    ns = float(f"{cell[0]:.3g}")
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3), ("ns", 1)):
        if ns >= scale or unit == "ns":
            v = ns / scale
            return f"{v:.3g} {unit}" if v < 1 else f"{v:.{2 - int(math.log10(v))}f} {unit}"


def ratio(num, den):
    """num / den of two cells as '4.2×', with '*' if their confidence intervals overlap."""
    if num is None or den is None:
        return DASH
    r = num[0] / den[0]
    text = f"{r:.0f}×" if r >= 10 else f"{r:.1f}×" if r >= 1 else f"{r:.2f}×"
    return text + ("\\*" if num[1] <= den[2] and den[1] <= num[2] else "")


def table(header, rows):
    return [
        "| " + " | ".join(header) + " |",
        "|---|" + "---:|" * (len(header) - 1),
        *("| " + " | ".join(row) + " |" for row in rows),
    ]


def group_table(name, functions):
    own = functions.get("shardring", {})
    sizes = sorted({s for f in functions.values() for s in f}, key=float)
    header, rows = ["nodes"], [[s] for s in sizes]
    for f in impls(functions):
        header.append(f)
        if f == "baseline":
            header.append("shardring / baseline")
        elif f != "shardring":
            header.append(f"{f} / shardring")
        for s, row in zip(sizes, rows):
            row.append(human(functions[f].get(s)))
            if f == "baseline":
                row.append(ratio(own.get(s), functions[f].get(s)))
            elif f != "shardring":
                row.append(ratio(functions[f].get(s), own.get(s)))
    note = "A ratio peer / shardring above 1× means shardring is faster by that factor"
    if "baseline" in functions:
        note += "; shardring / baseline above 1× means shardring is slower than the inline baseline"
    return [f"### {name}: {GROUPS[name]}", "", *table(header, rows), "", note + "."]


def diff_table(functions):
    """Rows are changes; function ids are 'implementation/change'."""
    cell = {}
    for fid, sizes in functions.items():
        impl, _, change = fid.partition("/")
        cell[impl, change] = next(iter(sizes.values()))
    own = {change: cell.get(("shardring", change)) for change in CHANGES}
    peers = sorted({impl for impl, _ in cell} - {"shardring"})
    header = ["change", "shardring", *(h for p in peers for h in (p, f"{p} / shardring"))]
    rows = [[change, human(own[change])] for change in CHANGES]
    for p in peers:
        for row, change in zip(rows, CHANGES):
            row += [human(cell.get((p, change))), ratio(cell.get((p, change)), own[change])]
    return [
        f"### diff: {GROUPS['diff']}", "", *table(header, rows), "",
        "A ratio above 1× means shardring is faster by that factor. join, leave and batch10 diff two"
        " whole rings; plan_add and plan_remove plan one change from the ring alone.", "",
        "shardring, full diff over the direct plan: join / plan_add ="
        f" {ratio(own['join'], own['plan_add'])}, leave / plan_remove ="
        f" {ratio(own['leave'], own['plan_remove'])}.",
    ]


def machine(times):
    cpu = platform.processor() or "unknown CPU"
    try:
        lines = Path("/proc/cpuinfo").read_text().splitlines()
        cpu = next(line.split(":", 1)[1].strip() for line in lines if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    try:
        rustc = subprocess.run(["rustc", "-V"], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        rustc = "rustc unknown"
    utc = datetime.UTC
    first, last = (datetime.datetime.fromtimestamp(t, utc) for t in (min(times), max(times)))
    return [
        f"- CPU: {cpu}, {os.cpu_count()} logical cores; {platform.system()} {platform.release()}",
        f"- Compiler: {rustc.strip()}",
        f"- Measured: {first:%Y-%m-%d %H:%M} to {last:%Y-%m-%d %H:%M} UTC",
    ]


def markdown(data, times):
    out = [
        "## Benchmark results", "", *machine(times), "",
        "Median time per operation (criterion; 256 vnodes per node). \\* marks a ratio"
        " whose two medians have overlapping 95% confidence intervals.",
    ]
    for name in GROUPS:
        if name == "diff" and name in data:
            out += ["", *diff_table(data[name])]
        elif name in data:
            out += ["", *group_table(name, data[name])]
    return "\n".join(out) + "\n"


def svg(functions, title, width=720, height=420):
    """Median ns against ring size, one polyline per implementation, with 95% CI whiskers."""
    left, right, top, bottom = 64, 200, 48, 58
    pw, ph = width - left - right, height - top - bottom
    sizes = sorted({s for f in functions.values() for s in f}, key=float)
    peak = max(c[0] for f in functions.values() for c in f.values())
    step = 10 ** math.floor(math.log10(peak / 5))
    step *= next(m for m in (1, 2, 5, 10) if peak / (step * m) <= 6)
    ticks = math.ceil(peak / step)

    def x(i):
        return left + pw * (i + 0.5) / len(sizes)

    def y(ns):
        return top + ph * (1 - ns / (ticks * step))

    e = [
        f'<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="{width}" height="{height}"'
        f' viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">',
        f'<rect width="{width}" height="{height}" fill="white"/>',
        f'<text x="{width / 2}" y="26" text-anchor="middle" font-size="15">{escape(title)}</text>',
    ]
    for k in range(ticks + 1):
        v, ty = k * step, y(k * step)
        e.append(f'<line x1="{left}" x2="{left + pw}" y1="{ty:.1f}" y2="{ty:.1f}" stroke="#ddd"/>')
        e.append(f'<text x="{left - 6}" y="{ty + 4:.1f}" text-anchor="end">{v:g}</text>')
    for i, s in enumerate(sizes):
        e.append(f'<text x="{x(i):.1f}" y="{top + ph + 18}" text-anchor="middle">{s}</text>')
    e += [
        f'<path d="M{left} {top}V{top + ph}H{left + pw}" fill="none" stroke="#333"/>',
        f'<text x="{left + pw / 2}" y="{height - 14}" text-anchor="middle">'
        "ring size (nodes, log scale)</text>",
        f'<text transform="translate(18 {top + ph / 2}) rotate(-90)" text-anchor="middle">'
        "median ns per lookup</text>",
    ]
    # The legend runs from slowest to fastest at the largest size, like the lines.
    legend = sorted(impls(functions), key=lambda f: -functions[f].get(sizes[-1], (0,))[0])
    for f in sorted(legend, key=lambda f: f == "shardring"):  # shardring drawn last, on top
        colour, wide = COLOURS.get(f, "#777777"), 3 if f == "shardring" else 1.8
        ly = top + 10 + 22 * legend.index(f)
        pts = [(x(i), functions[f][s]) for i, s in enumerate(sizes) if s in functions[f]]
        line = " ".join(f"{px:.1f},{y(c[0]):.1f}" for px, c in pts)
        e.append(f'<polyline points="{line}" fill="none" stroke="{colour}" stroke-width="{wide}"/>')
        for px, (mid, lo, hi) in pts:
            e.append(f'<path d="M{px:.1f} {y(lo):.1f}V{y(hi):.1f}" stroke="{colour}"/>')
            e.append(f'<circle cx="{px:.1f}" cy="{y(mid):.1f}" r="4" fill="{colour}"/>')
        e += [
            f'<path d="M{left + pw + 16} {ly}h24" stroke="{colour}" stroke-width="{wide}"/>',
            f'<circle cx="{left + pw + 28}" cy="{ly}" r="4" fill="{colour}"/>',
            f'<text x="{left + pw + 46}" y="{ly + 4}">{escape(f)}</text>',
        ]
    return "\n".join(e + ["</svg>"]) + "\n"


def main():
    repo_target = Path(__file__).resolve().parent.parent / "target"
    target = Path(os.environ.get("CARGO_TARGET_DIR") or repo_target)
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--target", type=Path, default=target, help="default: %(default)s")
    p.add_argument("--markdown", type=Path, help="write the tables here (default: stdout)")
    p.add_argument("--svg", type=Path, help="write the locate_u64 chart here")
    p.add_argument("--svg-str", type=Path, help="write the locate_str chart here")
    args = p.parse_args()
    data, times = load(args.target)
    if not data:
        p.error(f"no results of benches/ring.rs under {args.target / 'criterion'}")
    if max(times) - min(times) > 3600:
        print("warning: the estimates span more than an hour; some may be left from an earlier run",
              file=sys.stderr)
    text = markdown(data, times)
    if args.markdown:
        args.markdown.write_text(text, encoding="utf-8")
    else:
        print(text, end="")
    charts = ((args.svg, "locate_u64", "u64"), (args.svg_str, "locate_str", "string"))
    for path, group, keys in charts:
        if path and group in data:
            title = f"locate, {keys} keys, 256 vnodes per node (median ns, lower is better)"
            path.write_text(svg(data[group], title), encoding="utf-8")


if __name__ == "__main__":
    main()
