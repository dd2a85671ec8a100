// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.instanas.run.LatencyTable;
import org.junit.jupiter.api.Test;

/** The REINFORCE step: which way the advantage pushes, and what it may change. */
class ControllerStepTest extends EngineTestBase {
    private static final double ALPHA = 0.8;

    /** d loss / d p of the policy-gradient term alone (β = 0), by hand: −A·(u/p' − (1−u)/(1−p'))·(2α−1)/B. */
    private static double expectedGradient(double p, double u, double adv, int b) {
        double pb = ALPHA * p + (1 - ALPHA) * (1 - p);
        return -adv * (u / pb - (1 - u) / (1 - pb)) * (2 * ALPHA - 1) / b;
    }

    @Test
    void aPositiveAdvantageRaisesTheSampledOptionsAndANegativeOneLowersThem() throws Exception {
        engine(() -> {
            int b = 2;
            SplittableRandom r = new SplittableRandom(3);
            float[] p = new float[b * 85];
            float[] u = new float[b * 85];
            for (int i = 0; i < p.length; i++) {
                p[i] = (float) (0.05 + 0.9 * r.nextDouble());
                u[i] = r.nextBoolean() ? 1f : 0f;
            }
            float[] adv = {2.5f, -1.5f}; // image 0 sampled better than greedy, image 1 worse
            try (NDManager m = NDManager.newBaseManager()) {
                NDArray pa = m.create(p, new Shape(b, 17, 5));
                pa.setRequiresGradient(true);
                try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                    NDArray[] le = Steps.policyLoss(
                            pa,
                            m.create(u, new Shape(b, 17, 5)),
                            m.create(adv, new Shape(b, 1, 1)),
                            ALPHA,
                            0,
                            false,
                            b);
                    gc.backward(le[0]);
                }
                float[] g = pa.getGradient().toFloatArray();
                for (int i = 0; i < g.length; i++) {
                    int row = i / 85;
                    double want = expectedGradient(p[i], u[i], adv[row], b);
                    assertEquals(want, g[i], 1e-5 * Math.max(1, Math.abs(want)), "element " + i);
                    // gradient descent moves p against the gradient: towards the sample when A > 0, away when A < 0
                    boolean up = -g[i] > 0;
                    assertEquals(adv[row] > 0 == (u[i] == 1f), up, "element " + i);
                }
            }
        });
    }

    @Test
    void theControllerStepChangesOnlyTheController() throws Exception {
        engine(() -> {
            Preset p = Preset.load("tiny");
            try (NDManager m = NDManager.newBaseManager()) {
                MetaGraph net = new MetaGraph(m, p, p.classes(), 1);
                Controller ctrl = new Controller(m, p, 2);
                Steps steps = new Steps(m, net, ctrl);
                Map<String, float[]> netBefore = values(net.params().all());
                Map<String, float[]> ctrlBefore = values(ctrl.params().trainableByName());
                int b = 8;
                float[] x = MetaGraphTest.randomImages(b * 28 * 28, 4);
                Steps.ControllerResult res = step(steps, p, m, x, new int[] {0, 1, 2, 3, 4, 5, 6, 7});
                assertTrue(Double.isFinite(res.loss()));
                Map<String, float[]> netAfter = values(net.params().all());
                for (String k : netBefore.keySet()) {
                    assertArrayEquals(netBefore.get(k), netAfter.get(k), 0f, "meta-graph tensor " + k + " changed");
                }
                Map<String, float[]> ctrlAfter = values(ctrl.params().trainableByName());
                assertFalse(Arrays.equals(ctrlBefore.get("c.fc.w"), ctrlAfter.get("c.fc.w")), "the controller learned");
            }
        });
    }

    @Test
    void aSmallerControllerStillGivesEveryImageItsProbabilitiesAndTrains() throws Exception {
        engine(() -> {
            Preset p = Preset.load("tiny");
            try (NDManager m = NDManager.newBaseManager()) {
                MetaGraph net = new MetaGraph(m, p, p.classes(), 1);
                Controller paper = new Controller(m, p, 2);
                Controller small = new Controller(m, p, 2, new Controller.Size(2, 0.5));
                long full = paper.params().trainable().stream()
                        .mapToLong(a -> a.getShape().size())
                        .sum();
                long half = small.params().trainable().stream()
                        .mapToLong(a -> a.getShape().size())
                        .sum();
                assertTrue(half < full / 3, half + " parameters at width 0.5 against " + full);
                assertEquals(
                        new Shape(85, 32),
                        small.params().trainableByName().get("c.fc.w").getShape());
                int b = 4;
                float[] x = MetaGraphTest.randomImages(b * 28 * 28, 4);
                NDArray probs = small.forward(m.create(x, new Shape(b, 1, 28, 28)), Pass.EVAL);
                assertEquals(new Shape(b, 17, 5), probs.getShape());
                Steps steps = new Steps(m, net, small);
                Map<String, float[]> before = values(small.params().trainableByName());
                step(steps, p, m, x, new int[] {0, 1, 2, 3});
                assertFalse(Arrays.equals(
                        before.get("c.fc.w"),
                        values(small.params().trainableByName()).get("c.fc.w")));
            }
        });
    }

    @Test
    void rewardForwardsOnBatchStatisticsIgnoreAndKeepTheRunningStatistics() throws Exception {
        engine(() -> {
            Preset p = Preset.load("tiny");
            try (NDManager m = NDManager.newBaseManager()) {
                int b = 8;
                float[] x = MetaGraphTest.randomImages(b * 28 * 28, 6);
                float[] pol = MetaGraphTest.randomPolicy(b, 0.3, 7);
                MetaGraph net = new MetaGraph(m, p, p.classes(), 1);
                NDArray xs = m.create(x, new Shape(b, 1, 28, 28));
                Map<String, float[]> clean = net.params().bufferValues();
                float[] batchClean =
                        net.forwardMasked(xs, pol, Pass.BATCH_STATISTICS).toFloatArray();
                float[] evalClean = net.forwardMasked(xs, pol, Pass.EVAL).toFloatArray();
                // running statistics that fit nothing (as those of the sampled routes fit a greedy route)
                Map<String, float[]> off = new LinkedHashMap<>();
                clean.forEach((k, v) -> {
                    float[] w = v.clone();
                    Arrays.fill(w, k.endsWith(".var") ? 9f : 3f);
                    off.put(k, w);
                });
                net.params().setBufferValues(off);
                assertFalse(Arrays.equals(
                        evalClean, net.forwardMasked(xs, pol, Pass.EVAL).toFloatArray()));
                for (boolean gathered : new boolean[] {false, true}) {
                    float[] batch = gathered
                            ? net.forwardGathered(xs, pol, Pass.BATCH_STATISTICS)
                                    .toFloatArray()
                            : net.forwardMasked(xs, pol, Pass.BATCH_STATISTICS).toFloatArray();
                    if (!gathered) {
                        assertArrayEquals(batchClean, batch, 0f, "batch statistics do not read the running ones");
                    }
                    Map<String, float[]> after = net.params().bufferValues();
                    for (String k : off.keySet()) {
                        assertArrayEquals(off.get(k), after.get(k), 0f, k + " was written");
                    }
                }

                // a controller step with batch-statistics rewards changes no tensor of the meta-graph
                Steps steps = new Steps(m, net, new Controller(m, p, 2));
                steps.setBatchStatisticsRewards(true);
                Map<String, float[]> before = values(net.params().all());
                Steps.ControllerResult res = step(steps, p, m, x, new int[] {0, 1, 2, 3, 4, 5, 6, 7});
                assertTrue(Double.isFinite(res.loss()));
                Map<String, float[]> after = values(net.params().all());
                for (String k : before.keySet()) {
                    assertArrayEquals(before.get(k), after.get(k), 0f, "meta-graph tensor " + k + " changed");
                }
            }
        });
    }

    /** One REINFORCE step with the MACs table, the widest window and the recipe's reward (pos_w 30). */
    private static Steps.ControllerResult step(Steps steps, Preset p, NDManager m, float[] x, int[] y) {
        LatencyTable table = LatencyProfiler.macs(p);
        return steps.trainController(
                x,
                y,
                table,
                table.min(),
                table.max(),
                ALPHA,
                0.8,
                30,
                0,
                1,
                false,
                new Optim.Adam(m, 1e-2, 0),
                new SplittableRandom(5));
    }

    private static Map<String, float[]> values(Map<String, NDArray> tensors) {
        Map<String, float[]> out = new LinkedHashMap<>();
        tensors.forEach((k, v) -> out.put(k, v.toFloatArray()));
        return out;
    }
}
