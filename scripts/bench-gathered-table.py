#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Reads scripts/bench-gathered.sh output (JSON lines) and prints, per preset, batch and thread
count, the median over processes of each process's median step time for masked and gathered
training, ours (djl) and the reference's (pytorch), with the two comparisons of issue 18: ours
gathered against the original algorithm (the reference's masked op) and against PyTorch doing the
same trick (the reference's gathered op)."""
import json
import statistics
import sys

times = {}
for line in sys.stdin:
    line = line.strip()
    if not line.startswith("{"):
        continue
    r = json.loads(line)
    key = (r["preset"], r["batch"], r["threads"])
    times.setdefault(key, {}).setdefault((r["impl"], r["op"]), []).append(r["median_ms"])

def med(v, impl, op):
    x = v.get((impl, op))
    return (statistics.median(x), len(x)) if x else (None, 0)

print("| preset | batch | threads | step | ours masked | ours gathered | reference masked | reference gathered "
      "| ours gathered / reference masked | ours gathered / reference gathered | ours gathered / ours masked |")
print("| --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for key in sorted(times):
    v = times[key]
    for step in ("pretrain_drop_step", "search_step"):
        om, n1 = med(v, "djl", step)
        og, n2 = med(v, "djl", step + "_gathered")
        rm, n3 = med(v, "pytorch", step)
        rg, n4 = med(v, "pytorch", step + "_gathered")
        f = lambda t, n: "%.0f ms (%d)" % (t, n) if t else "–"
        q = lambda a, b: "%.2f" % (a / b) if a and b else "–"
        print("| %s | %d | %d | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            key[0], key[1], key[2], step, f(om, n1), f(og, n2), f(rm, n3), f(rg, n4),
            q(og, rm), q(og, rg), q(og, om)))
print()
print("Times: median over processes (their count in parentheses) of each process's median step.")
