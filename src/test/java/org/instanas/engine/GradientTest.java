// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The REINFORCE + entropy loss has the analytic gradient (docs/algorithm.md §6.5). */
class GradientTest extends EngineTestBase {
    @Test
    void policyGradientMatchesAnalyticValue() throws Exception {
        engine(() -> {
            int b = 4;
            double alpha = 0.8;
            double beta = 0.8;
            SplittableRandom r = new SplittableRandom(3);
            float[] p = new float[b * 85];
            float[] u = new float[b * 85];
            float[] a = new float[b];
            for (int i = 0; i < p.length; i++) {
                p[i] = (float) (0.05 + 0.9 * r.nextDouble());
                u[i] = r.nextBoolean() ? 1f : 0f;
            }
            for (int i = 0; i < b; i++) {
                a[i] = (float) (r.nextDouble() * 20 - 10);
            }
            try (NDManager m = NDManager.newBaseManager()) {
                NDArray pa = m.create(p, new Shape(b, 17, 5));
                pa.setRequiresGradient(true);
                float[] grad;
                try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                    NDArray loss = Steps.policyLoss(
                            pa,
                            m.create(u, new Shape(b, 17, 5)),
                            m.create(a, new Shape(b, 1, 1)),
                            alpha,
                            beta,
                            false,
                            b)[0];
                    gc.backward(loss);
                }
                grad = pa.getGradient().toFloatArray();
                for (int i = 0; i < p.length; i++) {
                    double pb = alpha * p[i] + (1 - alpha) * (1 - p[i]);
                    double dLogPi = u[i] / pb - (1 - u[i]) / (1 - pb);
                    double dEnt = -(Math.log(pb) + 1);
                    double expected = (-a[i / 85] * dLogPi - beta * dEnt) / b * (2 * alpha - 1);
                    assertEquals(expected, grad[i], 1e-4 * Math.max(1, Math.abs(expected)), "d loss / d p[" + i + "]");
                }
            }
        });
    }
}
