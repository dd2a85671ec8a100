// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;

/** The few layers InstaNAS needs, as functions over {@link Params} tensors. */
final class Nn {
    /** DJL's momentum is PyTorch's 1 − momentum: PyTorch 0.1. */
    static final float BN_MOMENTUM = 0.9f;
    /** The momentum in use (engine thread only): BatchNorm recalibration makes it a running average. */
    static float momentum = BN_MOMENTUM;
    static final float BN_EPS = 1e-5f;

    private Nn() {}

    /** Conv (no bias) followed by BatchNorm. */
    record ConvBn(NDArray weight, NDArray gamma, NDArray beta, NDArray mean, NDArray var, int stride, int pad, int groups) {
        static ConvBn create(Params p, String name, int in, int out, int k, int stride, int groups) {
            int fanIn = in / groups * k * k;
            NDArray w = p.uniform(name + ".w", new Shape(out, in / groups, k, k), fanIn);
            return bn(p, name, w, out, stride, k / 2, groups);
        }

        static ConvBn createNormal(Params p, String name, int in, int out, int k, int stride) {
            NDArray w = p.normal(name + ".w", new Shape(out, in, k, k), Math.sqrt(2.0 / (k * k * out)));
            return bn(p, name, w, out, stride, k / 2, 1);
        }

        private static ConvBn bn(Params p, String name, NDArray w, int out, int stride, int pad, int groups) {
            return new ConvBn(w, p.constant(name + ".bn.gamma", out, 1f, true), p.constant(name + ".bn.beta", out, 0f, true),
                    p.constant(name + ".bn.mean", out, 0f, false), p.constant(name + ".bn.var", out, 1f, false),
                    stride, pad, groups);
        }

        NDArray forward(NDArray x, boolean training) {
            NDArray y = Conv2d.conv2d(x, weight, null, new Shape(stride, stride), new Shape(pad, pad), new Shape(1, 1), groups)
                    .singletonOrThrow();
            return BatchNorm.batchNorm(y, mean, var, gamma, beta, 1, momentum, BN_EPS, training).singletonOrThrow();
        }
    }

    static NDArray relu(NDArray x) {
        return Activation.relu(x);
    }

    static NDArray relu6(NDArray x) {
        return x.clip(0, 6);
    }
}
