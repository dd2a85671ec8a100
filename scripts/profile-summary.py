#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Summarise a libtorch profiler trace written by `instanas bench --profile FILE`.

Prints, per operator, the calls and the self time (time inside the operator minus its children),
sorted by self time, plus how much of the wall-clock time was spent inside libtorch operators at
all (top-level events) and how much outside them (Java, JNI, host-side bookkeeping).

    scripts/profile-summary.py trace.json [--wall-ms W] [--top 20] [--iters N]

--wall-ms is the `profiled_wall_ms` of the bench line; --iters divides the times per iteration.
"""
import argparse
import collections
import json
import sys


def load(path):
    with open(path) as f:
        text = f.read().strip()
    if text.endswith(","):
        text = text[:-1]
    if not text.endswith("]"):
        text += "]"
    return [e for e in json.loads(text) if isinstance(e, dict) and e.get("ph") == "X"]


def summarise(events):
    by_thread = collections.defaultdict(list)
    for e in events:
        by_thread[e.get("tid")].append(e)
    self_us = collections.Counter()
    calls = collections.Counter()
    top_level_us = 0.0
    for evs in by_thread.values():
        evs.sort(key=lambda e: (float(e["ts"]), -float(e["dur"])))
        stack = []  # [end, event, child time]
        for e in evs:
            ts, dur = float(e["ts"]), float(e["dur"])
            while stack and stack[-1][0] <= ts:
                end, done, child = stack.pop()
                self_us[done["name"]] += float(done["dur"]) - child
            if stack:
                stack[-1][2] += dur
            else:
                top_level_us += dur
            calls[e["name"]] += 1
            stack.append([ts + dur, e, 0.0])
        while stack:
            end, done, child = stack.pop()
            self_us[done["name"]] += float(done["dur"]) - child
    return self_us, calls, top_level_us


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("trace")
    ap.add_argument("--wall-ms", type=float, default=0.0)
    ap.add_argument("--iters", type=int, default=1)
    ap.add_argument("--top", type=int, default=20)
    a = ap.parse_args()
    self_us, calls, top_us = summarise(load(a.trace))
    total_self = sum(self_us.values())
    n = max(1, a.iters)
    print("| operator | calls / iter | self ms / iter | share of op time |")
    print("| --- | ---: | ---: | ---: |")
    for name, us in self_us.most_common(a.top):
        print("| %s | %.0f | %.1f | %.1f %% |" % (name, calls[name] / n, us / 1000 / n, 100 * us / total_self))
    print()
    print("inside libtorch operators: %.1f ms / iter (%d operator calls / iter)" % (top_us / 1000 / n,
                                                                                  sum(calls.values()) / n))
    if a.wall_ms > 0:
        out = a.wall_ms - top_us / 1000
        print("wall clock: %.1f ms / iter; outside libtorch operators (Java, JNI, autograd bookkeeping): "
              "%.1f ms / iter (%.1f %%)" % (a.wall_ms / n, out / n, 100 * out / a.wall_ms))
    return 0


if __name__ == "__main__":
    sys.exit(main())
