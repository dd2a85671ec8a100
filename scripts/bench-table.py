#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Reads bench-compare.sh output (JSON lines) and prints a Markdown table with DJL/PyTorch ratios."""
import json
import sys

rows = {}
for line in sys.stdin:
    line = line.strip()
    if not line.startswith("{"):
        continue
    r = json.loads(line)
    key = (r["preset"], r["batch"], r["op"], r["threads"])
    rows.setdefault(key, {})[r["impl"]] = r
print("| preset | batch | op | threads | DJL median ms (p10–p90) | PyTorch median ms (p10–p90) | ratio |")
print("| --- | --- | --- | --- | --- | --- | --- |")
for key, v in rows.items():
    d, p = v.get("djl"), v.get("pytorch")
    fmt = lambda r: "%.1f (%.1f–%.1f)" % (r["median_ms"], r["p10_ms"], r["p90_ms"]) if r else "–"
    ratio = "%.2f" % (d["median_ms"] / p["median_ms"]) if d and p else "–"
    print("| %s | %d | %s | %d | %s | %s | %s |" % (key[0], key[1], key[2], key[3], fmt(d), fmt(p), ratio))
