// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A NaN in training stops the step with the cell, option (and pass) named; finding it changes nothing. */
class NumericalFaultTest extends EngineTestBase {
    private static final int B = 4;

    private static void poisonParameter(MetaGraph net, String name) {
        NDArray w = net.params().trainableByName().get(name);
        float[] v = w.toFloatArray();
        v[v.length / 2] = Float.NaN;
        w.set(FloatBuffer.wrap(v));
    }

    @Test
    void aNaNInTheForwardPassNamesTheCellAndOptionThatMadeIt() throws Exception {
        engine(() -> {
            Preset p = Preset.load("tiny");
            try (NDManager m = NDManager.newBaseManager()) {
                MetaGraph net = new MetaGraph(m, p, p.classes(), 1);
                poisonParameter(net, "cell13.op4.c1.w");
                Steps steps = new Steps(m, net, null);
                float[] x = MetaGraphTest.randomImages(B * 28 * 28, 1);
                int[] y = {0, 1, 2, 3};
                Optim opt = new Optim.Sgd(m, 0.1, 0.9, true, 0);
                Steps.NumericalFault e = assertThrows(
                        Steps.NumericalFault.class, () -> steps.trainNet(x, y, Steps.constantPolicy(B, -1), opt));
                assertTrue(e.getMessage().contains("the meta-graph loss became NaN"), e.getMessage());
                assertTrue(
                        e.getMessage().contains("first turns non-finite in cell 13, option 4 (basic block)"),
                        e.getMessage());
            }
        });
    }

    @Test
    void aNaNGradientStopsTheStepBeforeTheOptimizerAppliesIt() throws Exception {
        engine(() -> {
            Preset p = Preset.load("tiny");
            try (NDManager m = NDManager.newBaseManager()) {
                MetaGraph net = new MetaGraph(m, p, p.classes(), 1);
                Steps steps = new Steps(m, net, null);
                float[] x = MetaGraphTest.randomImages(B * 28 * 28, 5);
                int[] y = {4, 5, 6, 7};
                Optim opt = new Optim.Sgd(m, 0.1, 0.9, true, 0);
                steps.trainNet(x, y, Steps.constantPolicy(B, -1), opt); // a healthy step: gradients exist
                // a backward NaN, stood in for by a NaN the next backward accumulates into (the forward stays finite)
                NDArray g =
                        net.params().trainableByName().get("cell15.op4.c2.w").getGradient();
                float[] v = g.toFloatArray();
                v[0] = Float.NaN;
                g.set(FloatBuffer.wrap(v));
                float[] weightBefore =
                        net.params().trainableByName().get("cell15.op4.c2.w").toFloatArray();
                Steps.NumericalFault e = assertThrows(
                        Steps.NumericalFault.class, () -> steps.trainNet(x, y, Steps.constantPolicy(B, -1), opt));
                assertTrue(
                        e.getMessage()
                                .startsWith("the backward pass turned non-finite at cell 15, option 4 (basic block), "
                                        + "parameter c2.w"),
                        e.getMessage());
                assertArrayEquals(
                        weightBefore,
                        net.params().trainableByName().get("cell15.op4.c2.w").toFloatArray(),
                        0f,
                        "the NaN gradient was not applied");
            }
        });
    }

    @Test
    void locatingAFaultLeavesTheBatchNormStatisticsAsTheyWere() throws Exception {
        engine(() -> {
            Preset p = Preset.load("tiny");
            try (NDManager m = NDManager.newBaseManager()) {
                MetaGraph net = new MetaGraph(m, p, p.classes(), 1);
                NDArray x = m.create(MetaGraphTest.randomImages(B * 28 * 28, 2), new Shape(B, 1, 28, 28));
                Map<String, float[]> before = net.params().bufferValues();
                assertNull(
                        net.locateNonFinite(x, Steps.constantPolicy(B, -1), Pass.TRAIN),
                        "a healthy network has no fault");
                Map<String, float[]> after = net.params().bufferValues();
                for (String k : before.keySet()) {
                    assertArrayEquals(before.get(k), after.get(k), k);
                }
            }
        });
    }

    @Test
    void aNaNGradientNamesTheLastLayerWhoseGradientIsNonFinite() throws Exception {
        engine(() -> {
            Preset p = Preset.load("tiny");
            try (NDManager m = NDManager.newBaseManager()) {
                MetaGraph net = new MetaGraph(m, p, p.classes(), 1);
                NDArray x = m.create(MetaGraphTest.randomImages(B * 28 * 28, 3), new Shape(B, 1, 28, 28));
                try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                    gc.backward(net.forwardMasked(x, Steps.constantPolicy(B, -1), Pass.TRAIN)
                            .sum());
                }
                assertNull(net.gradientFault(), "finite gradients");
                // a backward NaN spreads from the layer that made it to every layer before it
                for (String name : new String[] {"stem.w", "cell2.op1.dw.w", "cell14.op4.c2.bn.gamma"}) {
                    NDArray g = net.params().trainableByName().get(name).getGradient();
                    float[] v = g.toFloatArray();
                    Arrays.fill(v, Float.NaN);
                    g.set(FloatBuffer.wrap(v));
                }
                assertEquals(
                        "cell 14, option 4 (basic block), parameter c2.bn.gamma (and 2 parameters before it)",
                        net.gradientFault());
            }
        });
    }
}
