#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs the project's bench and the PyTorch-in-Python reference (shared/bench/reference_step.py,
# Debian's python3-torch) side by side on this machine, and prints the ratio table.
#   scripts/bench-compare.sh [REFERENCE_SCRIPT] > bench.jsonl
# Needs: target/instanas.jar (mvn -q package -DskipTests), apt-get install python3-torch.
set -euo pipefail
ref=${1:-../shared/bench/reference_step.py}
jar=target/instanas.jar
java=${JAVA_HOME:+$JAVA_HOME/bin/}java   # a JDK >= 21: set JAVA_HOME
iters=${ITERS:-10}
run() { # preset batch op threads
  OMP_WAIT_POLICY=PASSIVE "$java" --enable-native-access=ALL-UNNAMED -jar "$jar" bench --preset "$1" --batch "$2" \
      --op "$3" --threads "$4" --iters "$iters" 2>/dev/null | sed 's/^{/{"impl":"djl",/'
  OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 "$ref" --preset "$1" --batch "$2" --op "$3" --threads "$4" \
      --iters "$iters" 2>/dev/null | sed 's/^{/{"impl":"pytorch",/'
}
for t in 1 2; do
  for op in ${TRAIN_OPS:-pretrain_step pretrain_drop_step pretrain_drop_step_gathered search_step search_step_gathered}; do
    run tiny 64 "$op" "$t"
    run c10 32 "$op" "$t"
  done
done
for t in 1 2; do
  for op in infer_mbv2 infer_routed_masked infer_routed_gathered; do
    run tiny 64 "$op" "$t"
  done
done
# batch 1 (the measured-latency protocol): the MobileNetV2 path and a routed architecture (~40 % options)
ITERS=${ITERS_B1:-200}
iters=$ITERS
for op in infer_mbv2 infer_routed_gathered; do
  run tiny 1 "$op" 1
done
