// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import org.instanas.engine.Nn.ConvBn;
import org.instanas.run.Arch;

/**
 * The controller (docs/algorithm.md §5): a small ResNet that maps an image to 17×5 independent Bernoulli
 * probabilities. Policy32 (ResNet-8, parameter-free "DownsampleB" shortcuts) or Policy224
 * (quarter-width ResNet-10 with 1×1-conv shortcuts). Inputs larger than the controller's design size
 * are average-pooled first (the preset's {@code controllerPool}); a run may pool more and narrow the
 * channels ({@link Size}) so the controller costs little next to the network it routes.
 */
public final class Controller implements Network {
    private final Params params;
    private final boolean p224;
    private final int pool;
    private final ConvBn stem;
    private final Unit[] units;
    private final NDArray fcW;
    private final NDArray fcB;

    private record Unit(ConvBn c1, ConvBn c2, ConvBn proj, int stride, int padChannels) {
        NDArray forward(NDArray x, Pass pass) {
            NDArray y = Nn.relu6(c2.forward(Nn.relu(c1.forward(x, pass)), pass));
            NDArray s;
            if (proj != null) {
                s = proj.forward(x, pass);
            } else if (stride > 1) {
                s = Pool.avgPool2d(
                        x, new Shape(stride, stride), new Shape(stride, stride), new Shape(0, 0), true, false);
                if (padChannels > 0) {
                    Shape sh = s.getShape();
                    NDArray z = x.getManager()
                            .zeros(new Shape(sh.get(0), padChannels, sh.get(2), sh.get(3)), s.getDataType());
                    s = NDArrays.concat(new NDList(s, z), 1);
                }
            } else {
                s = x;
            }
            return Nn.relu(s.add(y));
        }
    }

    /**
     * The controller's input pooling and channel width: {@code pool} average-pools the image by that
     * factor before the first convolution (0 = the preset's {@code controllerPool}); {@code width}
     * multiplies every channel count (at least 4 channels each).
     */
    public record Size(int pool, double width) {
        /** The preset's pooling at full width: the paper's controller. */
        public static final Size PRESET = new Size(0, 1.0);

        int channels(int c) {
            return width == 1.0 ? c : Math.max(4, (int) Math.round(c * width));
        }
    }

    public Controller(NDManager manager, Preset preset, long seed) {
        this(manager, preset, seed, Size.PRESET);
    }

    public Controller(NDManager manager, Preset preset, long seed, Size size) {
        this.params = new Params(manager, seed);
        this.p224 = "policy224".equals(preset.controller());
        this.pool = size.pool() > 0 ? size.pool() : preset.controllerPool();
        int in = preset.inputChannels();
        if (p224) {
            int[] w = {size.channels(16), size.channels(32), size.channels(64), size.channels(128)};
            stem = ConvBn.createNormal(params, "c.stem", in, w[0], 7, 2);
            int[] s = {1, 2, 2, 2};
            units = new Unit[4];
            int c = w[0];
            for (int i = 0; i < 4; i++) {
                String n = "c.unit" + i;
                ConvBn proj = i == 0 ? null : ConvBn.create(params, n + ".proj", c, w[i], 1, s[i], 1);
                units[i] = new Unit(
                        ConvBn.createNormal(params, n + ".c1", c, w[i], 3, s[i]),
                        ConvBn.createNormal(params, n + ".c2", w[i], w[i], 3, 1),
                        proj,
                        s[i],
                        0);
                c = w[i];
            }
            fcW = params.uniform("c.fc.w", new Shape(Arch.LENGTH, c), c);
            fcB = params.uniform("c.fc.b", new Shape(Arch.LENGTH), c);
        } else {
            int[] w = {size.channels(16), size.channels(32), size.channels(64)};
            stem = ConvBn.createNormal(params, "c.stem", in, w[0], 3, 1);
            int[] s = {1, 2, 2};
            units = new Unit[3];
            int c = w[0];
            for (int i = 0; i < 3; i++) {
                String n = "c.unit" + i;
                units[i] = new Unit(
                        ConvBn.createNormal(params, n + ".c1", c, w[i], 3, s[i]),
                        ConvBn.createNormal(params, n + ".c2", w[i], w[i], 3, 1),
                        null,
                        s[i],
                        w[i] - c);
                c = w[i];
            }
            fcW = params.uniform("c.fc.w", new Shape(Arch.LENGTH, c), c);
            fcB = params.uniform("c.fc.b", new Shape(Arch.LENGTH), c);
        }
    }

    @Override
    public Params params() {
        return params;
    }

    /** Probabilities {@code [B,17,5]}. */
    public NDArray forward(NDArray x, Pass pass) {
        NDArray h = x;
        if (pool > 1) {
            h = Pool.avgPool2d(h, new Shape(pool, pool), new Shape(pool, pool), new Shape(0, 0), true, false);
        }
        h = Nn.relu(stem.forward(h, pass));
        if (p224) {
            h = Pool.maxPool2d(h, new Shape(3, 3), new Shape(2, 2), new Shape(1, 1), false);
        }
        for (Unit u : units) {
            h = u.forward(h, pass);
        }
        h = Pool.globalAvgPool2d(h);
        NDArray logits = Linear.linear(h, fcW, fcB).singletonOrThrow();
        return Activation.sigmoid(logits).reshape(-1, 17, 5);
    }
}
