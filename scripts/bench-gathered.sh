#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Masked against gathered training steps, ours and the PyTorch reference's, interleaved in fresh
# processes (this machine's step times vary between processes, so every configuration is measured
# REPEATS times and the medians of the process medians are compared; scripts/bench-table.py).
#   REPEATS=2 ITERS=6 scripts/bench-gathered.sh [REFERENCE_SCRIPT] > bench.jsonl
# DENSITY=D sets the share of options on (ours: bench --density D; the reference's search steps
# through scripts/reference-density.py). Ops the reference does not have (finetune_step,
# finetune_step_gathered, mbv2_step) run on our side only.
# Needs: target/instanas.jar (mvn -q package -DskipTests), apt-get install python3-torch, JAVA_HOME.
set -euo pipefail
ref=${1:-../shared/bench/reference_step.py}
jar=target/instanas.jar
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
iters=${ITERS:-6}
repeats=${REPEATS:-2}
specs=${SPECS:-"tiny:64:1 tiny:64:2 c10:32:1"}
ops=${OPS:-"pretrain_drop_step pretrain_drop_step_gathered search_step search_step_gathered"}
for _ in $(seq "$repeats"); do
  for spec in $specs; do
    IFS=: read -r P B T <<<"$spec"
    for op in $ops; do
      OMP_WAIT_POLICY=PASSIVE "$java" --enable-native-access=ALL-UNNAMED -jar "$jar" bench --preset "$P" --batch "$B" \
          --op "$op" --threads "$T" --iters "$iters" ${DENSITY:+--density "$DENSITY"} 2>/dev/null \
          | sed 's/^{/{"impl":"djl",/'
      case $op in finetune_*|mbv2_step) continue ;; esac
      if [ -n "${DENSITY:-}" ]; then
        wrap=("$(dirname "$0")/reference-density.py" "$ref" "$DENSITY")
        tag="{\"impl\":\"pytorch\",\"density\":$DENSITY,"
      else
        wrap=("$ref")
        tag='{"impl":"pytorch",'
      fi
      OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 "${wrap[@]}" --preset "$P" --batch "$B" --op "$op" --threads "$T" \
          --iters "$iters" 2>/dev/null | sed "s/^{/$tag/"
    done
  done
done
