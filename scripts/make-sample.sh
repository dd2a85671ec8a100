#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Rebuild samples/fashion-mnist from a full Fashion-MNIST copy (Debian: apt-get install dataset-fashion-mnist).
# Usage: scripts/make-sample.sh [SOURCE_DIR] [SEED]   (run from the repository root)
#   SOURCE_DIR  default /usr/share/datasets/fashion-mnist
#   SEED        default 0 = the first 600 train / 100 test images of each class in file order
set -eu
here=$(dirname "$0")
source_dir=${1:-/usr/share/datasets/fashion-mnist}
seed=${2:-0}
exec python3 "$here/make-sample.py" --source "$source_dir" --seed "$seed" --out "$here/../samples/fashion-mnist"
