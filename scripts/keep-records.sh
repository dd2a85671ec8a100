#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Copy the records of finished runs into the repository, so that a result survives the machine it
# was made on (run directories are not committed: their checkpoints and per-image tables are large).
#   scripts/keep-records.sh RUN_DIR DEST_DIR
# RUN_DIR is a run or a sweep folder (then each member is copied into DEST_DIR/<member>). Kept per
# run: run.json, stages.jsonl, latency.json, the evaluation summaries routing/*.json, the epoch and
# event records of metrics.jsonl (metrics-epochs.jsonl: the step records are left out for size) and
# any difficulty-calibration table. Copies are replaced whole; nothing in RUN_DIR changes.
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 RUN_DIR DEST_DIR" >&2; exit 2; }
src=${1%/}
dest=${2%/}

keep_run() {
  local run=$1 out=$2
  [ -f "$run/run.json" ] || { echo "not a run directory (no run.json): $run" >&2; return 1; }
  local tmp
  tmp=$(mktemp -d "$(dirname "$out")/.keep.XXXXXX")
  cp "$run/run.json" "$tmp/"
  for f in stages.jsonl latency.json; do
    [ -f "$run/$f" ] && cp "$run/$f" "$tmp/"
  done
  if [ -f "$run/metrics.jsonl" ]; then
    grep -v '"kind":"step"' "$run/metrics.jsonl" > "$tmp/metrics-epochs.jsonl" || true
  fi
  if compgen -G "$run/routing/*.json" > /dev/null; then
    mkdir -p "$tmp/routing"
    cp "$run"/routing/*.json "$tmp/routing/"
  fi
  if compgen -G "$run/*calibration*.csv" > /dev/null; then
    cp "$run"/*calibration*.csv "$tmp/"
  fi
  rm -rf "$out"
  mv "$tmp" "$out"
  echo "kept $run -> $out"
}

mkdir -p "$dest"
if [ -f "$src/sweep.json" ]; then
  cp "$src/sweep.json" "$dest/sweep.json"
  for m in "$src"/*/; do
    m=${m%/}
    [ -f "$m/run.json" ] && keep_run "$m" "$dest/${m##*/}"
  done
else
  keep_run "$src" "$dest"
fi
