#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The paper-style result table (docs/results.md) from run directories' evaluation summaries.

    scripts/results-table.py --baseline RUN_MBV2 LABEL=RUN:CHECKPOINT ...

Each LABEL=RUN:CHECKPOINT names one evaluation summary, RUN/routing/CHECKPOINT.json, written by the
project's `evaluate` stage (or at the end of a search / fine-tuning epoch). The baseline is the
newest evaluation of a `pretrain --fixed-arch mbv2` run. Latency changes are relative to the
baseline: table latency against the MobileNetV2 path's table latency, measured wall-clock
(batch 1, controller included) against the baseline's measured time.
"""
import argparse
import glob
import json
import os
import sys


def read(path):
    with open(path) as f:
        return json.load(f)


def newest(run):
    files = glob.glob(os.path.join(run, "routing", "*.json"))
    if not files:
        sys.exit("%s: no evaluation summary under routing/" % run)
    return max((read(f) for f in files), key=lambda s: s.get("time") or "")


def num(v):
    try:
        return float(v)
    except (TypeError, ValueError):
        return float("nan")


def change(v, ref):
    if not (ref > 0) or v != v:
        return ""
    c = 100 * (v / ref - 1)
    return ("\u2212%.1f %%" % -c) if c < 0 else ("+%.1f %%" % c)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--baseline", required=True, help="run directory of the MobileNetV2 path trained alone")
    ap.add_argument("rows", nargs="+", help="LABEL=RUN:CHECKPOINT")
    a = ap.parse_args()
    base = newest(a.baseline)
    base_table = num(base["latencyMeanMs"])
    base_meas = num(base["measuredMeanMs"])
    print("| model | run : checkpoint | error % | table latency ms (mean ± std) | vs MobileNetV2 | "
          "measured ms, batch 1 (mean ± std) | vs MobileNetV2 | controller + network ms | unique archs |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")

    def row(label, where, s, is_base=False):
        err = 100 * (1 - num(s["accuracy"]))
        lat, sd = num(s["latencyMeanMs"]), num(s["latencyStdMs"])
        meas, msd = num(s["measuredMeanMs"]), num(s["measuredStdMs"])
        ctrl, net = num(s.get("controllerMeanMs")), num(s.get("networkMeanMs"))
        split = "%.2f + %.2f" % (ctrl, net) if net > 0 else ""
        print("| %s | %s | %.2f | %.3f ± %.3f | %s | %.2f ± %.2f | %s | %s | %s |" % (
            label, where, err, lat, sd, "" if is_base else change(lat, base_table), meas, msd,
            "" if is_base else change(meas, base_meas), split, "1" if is_base else s.get("uniqueArchs", "")))

    row("MobileNetV2 (trained alone)", "%s : %s" % (os.path.basename(a.baseline.rstrip("/")), base["checkpoint"]), base,
        True)
    for spec in a.rows:
        label, _, where = spec.partition("=")
        run, _, cp = where.rpartition(":")
        s = read(os.path.join(run, "routing", cp + ".json"))
        row(label, "%s : %s" % (os.path.basename(run.rstrip("/")), cp), s)
    return 0


if __name__ == "__main__":
    sys.exit(main())
