#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Reproduces docs/results.md: InstaNAS with the tiny preset on the full Fashion-MNIST
# (apt-get install dataset-fashion-mnist), against the MobileNetV2 path trained alone.
# About 2.5 hours of CPU time on this project's 2-core machine; every stage can be stopped with
# Ctrl-C and continued by running the same line again with --resume.
#   scripts/results-fmnist.sh [RUNS_DIR]        (default: runs)
# Needs target/instanas.jar (mvn -q package -DskipTests) and JAVA_HOME set to a JDK >= 21.
set -euo pipefail
runs=${1:-runs}
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
export OMP_WAIT_POLICY=PASSIVE
ina() { "$java" --enable-native-access=ALL-UNNAMED -jar target/instanas.jar "$@"; }
common=(--preset tiny --data fashion-mnist --seed 8888 --threads 1 --quiet)
mkdir -p "$runs"

# 1. one-shot meta-graph: every option on for a quarter of the steps, then options dropped per
#    image, cell and option with a keep probability falling step by step to 0.25
ina pretrain --run "$runs/fmnist" "${common[@]}" --epochs 2 --all-on-fraction 0.25 --final-keep 0.25
# 2. the latency table of this machine (batch 1, one thread)
ina profile --run "$runs/fmnist"
# 3. one search: 3 epochs over a 12 800-image subset of the training split, the reward window
#    shrinking from 0.7 x the slowest architecture to 0.5 x the MobileNetV2 path
ina search --run "$runs/fmnist" --epochs 3 --train-limit 12800 --net-lr 0.01 --threads 1 --quiet
# 4. the variants: each search epoch's controller, its meta-graph fine-tuned for one epoch on the
#    whole training split (each in a copy of the run), then evaluated on the 10 000 test images
for v in A:search-0001 B:search-0002 C:search-0003; do
  name=${v%%:*} cp=${v#*:}
  rm -rf "$runs/fmnist-$name" && cp -r "$runs/fmnist" "$runs/fmnist-$name"
  ina finetune --run "$runs/fmnist-$name" --checkpoint "$cp" --epochs 1 --train-limit 0 --finetune-lr 0.01 \
      --threads 1 --quiet
  ina evaluate --run "$runs/fmnist-$name" --threads 1 --quiet
done
# 4b. the same variants with two fine-tuning epochs
for v in A:search-0001 B:search-0002 C:search-0003; do
  name=${v%%:*}2 cp=${v#*:}
  rm -rf "$runs/fmnist-$name" && cp -r "$runs/fmnist" "$runs/fmnist-$name"
  ina finetune --run "$runs/fmnist-$name" --checkpoint "$cp" --epochs 2 --train-limit 0 --finetune-lr 0.01 \
      --threads 1 --quiet
  ina evaluate --run "$runs/fmnist-$name" --threads 1 --quiet
done
# 5. the baseline: the MobileNetV2 path (option 0 in every cell) trained alone for 4 epochs (the
#    variants' weights saw 2 + 0.64 + 1 epochs), evaluated with the same latency table
ina pretrain --run "$runs/fmnist-mbv2" "${common[@]}" --epochs 4 --fixed-arch mbv2
ina evaluate --run "$runs/fmnist-mbv2" --latency-table "$runs/fmnist/latency.json" --threads 1 --quiet
# 6. the table and the figures
scripts/results-table.py --baseline "$runs/fmnist-mbv2" \
    "A=$runs/fmnist-A:final-finetune-0001" "B=$runs/fmnist-B:final-finetune-0001" \
    "C=$runs/fmnist-C:final-finetune-0001" "A2=$runs/fmnist-A2:final-finetune-0002" \
    "B2=$runs/fmnist-B2:final-finetune-0002" "C2=$runs/fmnist-C2:final-finetune-0002" \
    "A before=$runs/fmnist:search-0001" "B before=$runs/fmnist:search-0002" "C before=$runs/fmnist:search-0003"
ina export --run "$runs/fmnist-A" --with "$runs/fmnist-B,$runs/fmnist-C,$runs/fmnist-A2,$runs/fmnist-B2,$runs/fmnist-C2" \
    --baseline "$runs/fmnist-mbv2" \
    --figures variants,gallery,map,arch,histogram --format svg,png --dpi 150 --out docs/results
ina export --run "$runs/fmnist" --figures curves --format svg,png --dpi 150 --out docs/results --no-tables
