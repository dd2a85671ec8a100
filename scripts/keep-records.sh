#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Copy the records of finished runs into the repository, so that a result survives the machine it
# was made on (run directories are not committed: their checkpoints and per-image tables are large).
#   scripts/keep-records.sh [--weights|--resumable] [--full-metrics] RUN_DIR DEST_DIR
# RUN_DIR is a run or a sweep folder (then each member is copied into DEST_DIR/<member>). Kept per
# run: run.json, stages.jsonl, latency.json, the evaluation summaries routing/*.json, the epoch and
# event records of metrics.jsonl (metrics-epochs.jsonl: the step records are left out for size;
# with --full-metrics the whole file, as metrics.jsonl), any difficulty-calibration table, and the
# description (meta.json) of every epoch checkpoint. With --weights also the weights of the newest
# epoch checkpoint (3-4 MB for tiny) and of the validation-selected one; with --resumable the newest checkpoint whole, optimiser state
# and a newer mid-epoch checkpoint included (for a run whose stage is not finished; use it with
# --full-metrics, as a resume cuts metrics.jsonl back to the checkpoint), so that another machine
# can continue from it: results-sweep.sh restores kept runs it does not find, resumes the
# unfinished ones and re-evaluates the finished (the per-image tables are not kept).
# Copies are replaced whole; nothing in RUN_DIR changes.
set -euo pipefail
weights=0
optim=0
full=0
while [ $# -gt 2 ]; do
  case $1 in
    --weights) weights=1 ;;
    --resumable) weights=1; optim=1 ;;
    --full-metrics) full=1 ;;
    *) break ;;
  esac
  shift
done
[ $# -eq 2 ] || { echo "usage: $0 [--weights|--resumable] [--full-metrics] RUN_DIR DEST_DIR" >&2; exit 2; }
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
    if [ $full = 1 ]; then
      cp "$run/metrics.jsonl" "$tmp/metrics.jsonl"
    else
      grep -v '"kind":"step"' "$run/metrics.jsonl" > "$tmp/metrics-epochs.jsonl" || true
    fi
  fi
  if compgen -G "$run/routing/*.json" > /dev/null; then
    mkdir -p "$tmp/routing"
    cp "$run"/routing/*.json "$tmp/routing/"
  fi
  if compgen -G "$run/*calibration*.csv" > /dev/null; then
    cp "$run"/*calibration*.csv "$tmp/"
  fi
  if compgen -G "$run/analysis/*calibration*.csv" > /dev/null; then
    mkdir -p "$tmp/analysis"
    cp "$run"/analysis/*calibration*.csv "$tmp/analysis/"
  fi
  # epoch checkpoints: their descriptions, and the newest's weights; with --resumable the newest
  # checkpoint whole, a mid-epoch ("-step") one included. Newest by the time each checkpoint's
  # meta.json records, not by the folders' modification times, which a copy (a restored run) resets
  local newest="" step=""
  if [ -d "$run/checkpoints" ]; then
    for c in $(for m in "$run"/checkpoints/*/meta.json; do
                 [ -f "$m" ] || continue
                 t=$(sed -n 's/^  "time" : \([0-9.Ee+-]*\),*$/\1/p' "$m" | head -1)
                 echo "${t:-0} $(basename "$(dirname "$m")")"
               done | sort -g | cut -d' ' -f2); do
      local d="$run/checkpoints/$c"
      case $c in .*) continue ;; esac
      [ -f "$d/meta.json" ] || continue
      case $c in *-step*) step=$c; continue ;; esac
      step=""
      mkdir -p "$tmp/checkpoints/$c"
      cp "$d/meta.json" "$tmp/checkpoints/$c/"
      [ -f "$d/latency.json" ] && cp "$d/latency.json" "$tmp/checkpoints/$c/"
      newest=$c
    done
  fi
  if [ $optim = 1 ] && [ -n "$step" ]; then
    cp -r "$run/checkpoints/$step" "$tmp/checkpoints/"
    newest=$step
  elif [ $weights = 1 ] && [ -n "$newest" ]; then
    local files=(metagraph.bin controller.bin)
    [ $optim = 1 ] && files+=(optim.bin)
    for b in "${files[@]}"; do
      [ -f "$run/checkpoints/$newest/$b" ] && cp "$run/checkpoints/$newest/$b" "$tmp/checkpoints/$newest/"
    done
  fi
  # the validation-selected epoch checkpoint (highest val_accuracy in its meta.json: what 'evaluate'
  # tests) keeps its weights too, whichever is newest
  if [ $weights = 1 ] && [ -d "$run/checkpoints" ]; then
    local best
    best=$(for m in "$run"/checkpoints/*/meta.json; do
             [ -f "$m" ] || continue
             case $(basename "$(dirname "$m")") in .*|*-step*) continue ;; esac
             v=$(sed -n 's/^ *"val_accuracy" : \([0-9.Ee+-]*\),*$/\1/p' "$m" | head -1)
             [ -n "$v" ] && echo "$v $(basename "$(dirname "$m")")"
           done | sort -g -k1,1 | tail -1 | cut -d' ' -f2)
    if [ -n "$best" ] && [ -d "$tmp/checkpoints/$best" ]; then
      [ -f "$run/checkpoints/$best/metagraph.bin" ] && cp "$run/checkpoints/$best/metagraph.bin" "$tmp/checkpoints/$best/"
      [ -f "$run/checkpoints/$best/controller.bin" ] && cp "$run/checkpoints/$best/controller.bin" "$tmp/checkpoints/$best/"
    fi
  fi
  rm -rf "$out"
  mv "$tmp" "$out"
  echo "kept $run -> $out${newest:+ (newest checkpoint $newest$([ $weights = 1 ] && echo ", with weights"))}"
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
