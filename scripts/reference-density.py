#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The PyTorch reference's search steps at a chosen density of options, like `bench --density D`.

shared/bench/reference_step.py times its search steps with an untrained controller, which samples
about half of the options. Mid-search, most probabilities are low and the sampled share is nearer a
quarter. This wrapper loads the reference unchanged and, before timing, sets its controller's last
layer so that every probability p gives the bounded value p' = 0.8 p + 0.2 (1 - p) = D for every
image (weights 0, bias logit(p)), as our bench does.

    scripts/reference-density.py REFERENCE_SCRIPT D [the reference's own arguments]
"""
import importlib.util
import math
import sys


def main():
    path, density = sys.argv[1], float(sys.argv[2])
    p = (density - 0.2) / 0.6
    if not 0 < p < 1:
        sys.exit("density: the search steps sample at least 0.2 and at most 0.8 of the options (alpha 0.8)")
    spec = importlib.util.spec_from_file_location("reference_step", path)
    ref = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(ref)
    plain = ref.Bench.__init__

    def init(self, preset, batch):
        plain(self, preset, batch)
        with ref.torch.no_grad():
            self.ctrl.fc.weight.zero_()
            self.ctrl.fc.bias.fill_(math.log(p / (1 - p)))

    ref.Bench.__init__ = init
    sys.argv = [path] + sys.argv[3:]
    ref.main()


if __name__ == "__main__":
    main()
