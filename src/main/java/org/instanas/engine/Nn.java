// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.pytorch.jni.JniUtils;

/** The few layers InstaNAS needs, as functions over {@link Params} tensors. */
final class Nn {
    static final float BN_EPS = 1e-5f;

    private Nn() {}

    /** Conv (no bias) followed by BatchNorm. */
    record ConvBn(
            NDArray weight, NDArray gamma, NDArray beta, NDArray mean, NDArray var, int stride, int pad, int groups) {
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
            return new ConvBn(
                    w,
                    p.constant(name + ".bn.gamma", out, 1f, true),
                    p.constant(name + ".bn.beta", out, 0f, true),
                    p.constant(name + ".bn.mean", out, 0f, false),
                    p.constant(name + ".bn.var", out, 1f, false),
                    stride,
                    pad,
                    groups);
        }

        NDArray forward(NDArray x, Pass pass) {
            NDArray y = conv2d(x, weight, stride, pad, groups);
            return BatchNorm.batchNorm(y, mean, var, gamma, beta, 1, pass.bnMomentum(), BN_EPS, pass.training())
                    .singletonOrThrow();
        }
    }

    /**
     * Every convolution of the workbench. With {@link KernelCheck#padDenseChannels()} on (the
     * self-check found oneDNN's AVX-512 direct convolution reading uninitialised channel padding),
     * a dense k×k convolution on the CPU is given channel counts that are multiples of
     * {@link #CHANNEL_BLOCK}: zero input channels (and zero weight rows) are appended and the extra
     * output channels are sliced off, so the kernel has no padding to read. The result and the
     * gradients of {@code x} and {@code w} are the same as the unpadded convolution's.
     */
    static NDArray conv2d(NDArray x, NDArray w, int stride, int pad, int groups) {
        Shape ws = w.getShape();
        int oc = (int) ws.get(0);
        int ic = (int) ws.get(1) * groups;
        int k = (int) ws.get(2);
        if (groups == 1
                && k > 1
                && KernelCheck.padDenseChannels()
                && !x.getDevice().isGpu()) {
            // forward reads padded input channels when ic is not a multiple of the block (ic < block
            // takes another kernel); the input-gradient pass reads padded output channels the same way
            int icTo = ic > CHANNEL_BLOCK && ic % CHANNEL_BLOCK != 0 ? roundUp(ic) : ic;
            // (DJL's hasGradient() is false for intermediate results, so grad mode decides)
            int ocTo = oc % CHANNEL_BLOCK != 0 && JniUtils.isGradMode() ? roundUp(oc) : oc;
            if (icTo != ic || ocTo != oc) {
                return paddedConv(x, w, stride, pad, ic, icTo, oc, ocTo);
            }
        }
        return Conv2d.conv2d(x, w, null, new Shape(stride, stride), new Shape(pad, pad), new Shape(1, 1), groups)
                .singletonOrThrow();
    }

    /** oneDNN's AVX-512 channel block. */
    static final int CHANNEL_BLOCK = 16;

    private static int roundUp(int c) {
        return (c + CHANNEL_BLOCK - 1) / CHANNEL_BLOCK * CHANNEL_BLOCK;
    }

    private static NDArray paddedConv(NDArray x, NDArray w, int stride, int pad, int ic, int icTo, int oc, int ocTo) {
        NDManager m = x.getManager();
        Shape xs = x.getShape();
        Shape ws = w.getShape();
        NDArray xp = x;
        NDArray wp = w;
        if (icTo > ic) {
            xp = NDArrays.concat(
                    new NDList(x, m.zeros(new Shape(xs.get(0), icTo - ic, xs.get(2), xs.get(3)), x.getDataType())), 1);
            wp = NDArrays.concat(
                    new NDList(wp, m.zeros(new Shape(oc, icTo - ic, ws.get(2), ws.get(3)), w.getDataType())), 1);
            wp.attach(m); // a result lives on its first operand's manager: here the long-lived parameters'
        }
        if (ocTo > oc) {
            wp = NDArrays.concat(
                    new NDList(wp, m.zeros(new Shape(ocTo - oc, icTo, ws.get(2), ws.get(3)), w.getDataType())), 0);
            wp.attach(m);
        }
        NDArray y = Conv2d.conv2d(xp, wp, null, new Shape(stride, stride), new Shape(pad, pad), new Shape(1, 1), 1)
                .singletonOrThrow();
        return ocTo > oc ? y.get(new NDIndex(":, 0:" + oc)) : y;
    }

    static NDArray relu(NDArray x) {
        return Activation.relu(x);
    }

    static NDArray relu6(NDArray x) {
        return x.clip(0, 6);
    }
}
