#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The cost of the CPU kernel configuration (docs/performance.md, "Kernel configuration"): our bench
# with the self-check's verdict, with oneDNN capped at AVX2 (DNNL_MAX_CPU_ISA=AVX2, the other way to
# avoid the AVX-512 convolution fault), and the PyTorch-in-Python reference, one op after another.
#   scripts/bench-kernels.sh [REFERENCE_SCRIPT] > kernels.jsonl
# Needs: target/instanas.jar, apt-get install python3-torch; run on a quiet machine. Step times of one
# process varied up to 3x between processes on the development VM, so each measurement is repeated
# in REPEATS fresh processes, the configurations interleaved (compare medians over processes).
set -euo pipefail
ref=${1:-../shared/bench/reference_step.py}
jar=target/instanas.jar
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
iters=${ITERS:-10}
threads=${THREADS:-1}
repeats=${REPEATS:-1}
specs=${SPECS:-"tiny:64:pretrain_step tiny:64:search_step c10:32:pretrain_step c10:32:search_step tiny:64:infer_mbv2 tiny:64:infer_routed_gathered"}
djl() { # label env... -- preset batch op
  local label=$1; shift
  env OMP_WAIT_POLICY=PASSIVE "$@" "$java" --enable-native-access=ALL-UNNAMED -Dinstanas.kernels.cache=none -jar "$jar" \
      bench --preset "$P" --batch "$B" --op "$OP" --threads "$threads" --iters "$iters" 2>/dev/null \
      | sed "s/^{/{\"impl\":\"djl\",\"label\":\"$label\",/"
}
for spec in $specs; do
  IFS=: read -r P B OP <<<"$spec"
  for _ in $(seq "$repeats"); do
    djl auto INSTANAS_BENCH=1
    djl avx2 DNNL_MAX_CPU_ISA=AVX2
    OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 "$ref" --preset "$P" --batch "$B" --op "$OP" --threads "$threads" \
        --iters "$iters" 2>/dev/null | sed 's/^{/{"impl":"pytorch",/'
  done
done
