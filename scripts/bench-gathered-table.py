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
finetune = {}
for line in sys.stdin:
    line = line.strip()
    if not line.startswith("{"):
        continue
    r = json.loads(line)
    if r["op"].startswith("finetune") or r["op"] == "mbv2_step":
        finetune.setdefault((r["preset"], r["batch"], r["threads"]), {}).setdefault(
            (r["op"], r.get("density", 0.2)), []).append(r["median_ms"])
        continue
    key = (r["preset"], r["batch"], r["threads"], str(r.get("density", "untrained")))
    times.setdefault(key, {}).setdefault((r["impl"], r["op"]), []).append(r["median_ms"])

def med(v, impl, op):
    x = v.get((impl, op))
    return (statistics.median(x), len(x)) if x else (None, 0)

print("| preset | batch | threads | density | step | ours masked | ours gathered | reference masked | reference gathered "
      "| ours gathered / reference masked | ours gathered / reference gathered | ours gathered / ours masked |")
print("| --- | --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
for key in sorted(times):
    v = times[key]
    for step in ("pretrain_drop_step", "search_step"):
        om, n1 = med(v, "djl", step)
        og, n2 = med(v, "djl", step + "_gathered")
        rm, n3 = med(v, "pytorch", step)
        rg, n4 = med(v, "pytorch", step + "_gathered")
        f = lambda t, n: "%.0f ms (%d)" % (t, n) if t else "–"
        q = lambda a, b: "%.2f" % (a / b) if a and b else "–"
        if not (om or og or rm or rg) or (step.startswith("pretrain") and key[3] != "untrained"):
            continue
        print("| %s | %d | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            key[0], key[1], key[2], "" if step.startswith("pretrain") else key[3], step, f(om, n1), f(og, n2), f(rm, n3), f(rg, n4),
            q(og, rm), q(og, rg), q(og, om)))
print()
print("Times: median over processes (their count in parentheses) of each process's median step.")
if finetune:
    print()
    print("| preset | batch | threads | options on | finetune_step (masked) | finetune_step_gathered "
          "| gathered / MobileNetV2-path step |")
    print("| --- | --- | --- | ---: | ---: | ---: | ---: |")
    for key in sorted(finetune):
        v = finetune[key]
        mb = v.get(("mbv2_step", 0.2))
        mbm = statistics.median(mb) if mb else None
        for d in sorted({d for (op, d) in v if op != "mbv2_step"}):
            m = v.get(("finetune_step", d))
            g = v.get(("finetune_step_gathered", d))
            mm = statistics.median(m) if m else None
            gm = statistics.median(g) if g else None
            print("| %s | %d | %d | %.0f %% (%d of 85) | %s | %s | %s |" % (
                key[0], key[1], key[2], 100 * d, round(d * 85),
                "%.0f ms" % mm if mm else "–", "%.0f ms" % gm if gm else "–",
                "%.2f" % (gm / mbm) if gm and mbm else "–"))
    for key in sorted(finetune):
        mb = finetune[key].get(("mbv2_step", 0.2))
        if mb:
            print()
            print("MobileNetV2-path step (mbv2_step, %s batch %d, %d thread(s)): %.0f ms" % (
                key[0], key[1], key[2], statistics.median(mb)))
