#!/usr/bin/env python3
"""Summarise a ../shared/bench peers.sh --json result: one column (tailor) against the interpreters.

    scripts/bench-summary.py RESULT.json [--column tailor]
        [--interpreters wamr-fast,wamr-classic,wasm3,wasmi,wasmtime-pulley]

Prints markdown: per workload, the column's time, the fastest interpreter and the ratio; then, over
the workloads where every column has a time (non-SIMD and SIMD separately), each column's
geometric-mean time and the column's ratio to the fastest interpreter's geometric mean (the issue's
target is <= 1.25), and the geometric mean of the per-workload ratios to the per-workload fastest.
"""
import argparse
import json
import math


def geomean(xs):
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else float("nan")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("json")
    ap.add_argument("--column", default="tailor")
    ap.add_argument("--interpreters", default="wamr-fast,wamr-classic,wasm3,wasmi,wasmtime-pulley")
    opt = ap.parse_args()
    raw = json.load(open(opt.json))
    table = raw["table"]
    interps = [p for p in opt.interpreters.split(",") if p and p != opt.column]
    labels = []
    for key in table:
        label = key.rsplit("/", 1)[0]
        if label not in labels:
            labels.append(label)

    def cell(label, col):
        v = table.get("%s/%s" % (label, col))
        return v if isinstance(v, float) else None

    out = []
    out.append("| workload | %s (s) | fastest interpreter | its time (s) | %s / fastest |" % (opt.column, opt.column))
    out.append("|---|---:|---|---:|---:|")
    for label in labels:
        mine = cell(label, opt.column)
        peers = [(cell(label, p), p) for p in interps if cell(label, p) is not None]
        if not peers:
            continue
        best, who = min(peers)
        mine_s = "%.3f" % mine if mine is not None else str(table.get("%s/%s" % (label, opt.column)))
        ratio = "%.2f" % (mine / best) if mine is not None else "-"
        out.append("| %s | %s | %s | %.3f | %s |" % (label, mine_s, who, best, ratio))
    out.append("")
    for kind, pick in (("non-SIMD", lambda l: not l.endswith(".simd")), ("SIMD", lambda l: l.endswith(".simd"))):
        rows = [l for l in labels if pick(l)]
        if not rows:
            continue
        cols = [opt.column] + interps
        # columns that ran every one of these rows (wasm3 / wamr-classic have no SIMD)
        full = [c for c in cols if all(cell(l, c) is not None for l in rows)]
        if opt.column not in full:
            out.append("%s: %s did not complete every workload; no geometric mean." % (kind, opt.column))
            out.append("")
            continue
        gms = {c: geomean([cell(l, c) for l in rows]) for c in full}
        others = [c for c in full if c != opt.column]
        out.append("%s workloads (%d), geometric-mean time over the columns that ran all of them:" % (kind, len(rows)))
        out.append("")
        out.append("| column | geometric mean (s) | %s / column |" % opt.column)
        out.append("|---|---:|---:|")
        for c in sorted(full, key=lambda c: gms[c]):
            out.append("| %s | %.4f | %.2f |" % (c, gms[c], gms[opt.column] / gms[c]))
        out.append("")
        if others:
            best = min(others, key=lambda c: gms[c])
            out.append("**%s / fastest interpreter (%s), geometric mean: %.2fx** (target <= 1.25)."
                       % (opt.column, best, gms[opt.column] / gms[best]))
            per = [cell(l, opt.column) / min(cell(l, c) for c in others) for l in rows]
            out.append("Geometric mean of per-workload ratios to that workload's fastest interpreter: %.2fx."
                       % geomean(per))
        out.append("")
    print("\n".join(out))


if __name__ == "__main__":
    main()
