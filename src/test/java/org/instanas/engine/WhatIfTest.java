// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.engine;

import static org.instanas.engine.EngineTestBase.engine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.instanas.data.Augment;
import org.instanas.data.Batcher;
import org.instanas.data.DatasetSplits;
import org.instanas.run.Arch;
import org.instanas.run.LatencyTable;
import org.instanas.run.RouteTrial;
import org.instanas.run.RoutingCsv;
import org.instanas.run.RoutingRow;
import org.instanas.run.RunConfig;
import org.instanas.run.RunDirectory;
import org.instanas.run.RunInfo;
import org.instanas.testutil.ShippedDemoCopy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What-if routing of test images on a real checkpoint (the shipped demo's final one): the controller's
 * own route reproduces its evaluation's routing table, an edited route gives the table latency of the
 * edited architecture and the prediction of an independent masked forward pass, and nothing in the
 * run changes.
 */
class WhatIfTest {
    @TempDir
    static Path tmp;

    static Path run;
    /** The checkpoint of the shipped run's final evaluation. */
    static String checkpoint;

    static RunConfig cfg;
    static List<RoutingRow> evaluated;

    @BeforeAll
    static void copyTheShippedDemo() throws IOException {
        run = ShippedDemoCopy.to(tmp.resolve("demo-run"));
        checkpoint = ShippedDemoCopy.finalCheckpoint(run);
        cfg = RunConfig.fromMap(RunInfo.read(new RunDirectory(run).runJson()).config());
        cfg.threads = 1;
        evaluated = RoutingCsv.read(new RunDirectory(run).routingCsv("final-" + checkpoint));
    }

    @Test
    void theControllersOwnRouteReproducesTheEvaluation() throws Exception {
        RoutingRow[] rows = {evaluated.get(0), evaluated.get(1), evaluated.get(2)};
        for (RoutingRow row : rows) {
            RouteTrial t = EngineTestBase.onEngine(() -> Router.tryArchitecture(
                    cfg, run, checkpoint, new int[] {row.index()}, Arch.parse(row.arch()), null));
            RouteTrial.Image one = t.images().get(0);
            assertEquals(row.arch(), one.routedArch(), "the controller routes #" + row.index() + " as evaluated");
            assertEquals(row.prediction(), one.prediction(), "#" + row.index());
            assertEquals(row.prediction(), one.routedPrediction());
            assertEquals(
                    row.latencyMs(), one.latencyMs(), 1e-5, "the table latency (the routing table keeps 6 digits)");
            assertEquals(row.label(), one.label());
        }
    }

    @Test
    void anEditedRouteMatchesTheTableAndAnIndependentMaskedPass() throws Exception {
        RunDirectory dir = new RunDirectory(run);
        long metricsBefore = Files.size(dir.metrics());
        int[] images = evaluated.stream().limit(40).mapToInt(RoutingRow::index).toArray();
        boolean[][] mbv2 = Arch.fixed(Arch.MBV2);
        RouteTrial t = EngineTestBase.onEngine(() -> Router.tryArchitecture(cfg, run, checkpoint, images, mbv2, null));
        LatencyTable table = LatencyTable.read(dir.latencyJson());
        assertEquals(40, t.images().size());
        assertEquals(table.latencyOf(mbv2), t.latencyMs(), 1e-9);
        assertNotEquals(t.routedMeanLatencyMs(), t.latencyMs(), "the routes differ from the MobileNetV2 path");
        assertTrue(t.measuredMs() > 0 && t.routedMeasuredMs() > 0);
        // the same images through the masked (every option on the whole batch) forward pass
        float[][] masked = new float[1][];
        engine(() -> {
            try (RunContext ctx = new RunContext(run, cfg, null, null);
                    NDManager root = NDManager.newBaseManager(ctx.device)) {
                StageLoop loop = new StageLoop(ctx, root);
                MetaGraph net = loop.newNet();
                Controller ctrl = loop.newController();
                Checkpoints.load(Checkpoints.namedOrNewest(ctx.dir, checkpoint), ctx.preset.name(), net, ctrl);
                Steps steps = loop.newSteps(net, ctrl);
                int cb = Math.min(64, ctx.train().size());
                List<float[]> cal = ctx.calibrationBatches(RunContext.CALIBRATION_BATCHES, cb);
                steps.recalibrate(cal, cb, xb -> steps.greedy(xb, cb));
                DatasetSplits d = ctx.data();
                float[] x = new float[images.length * d.test().imageBytes()];
                Batcher.fill(d.test(), images, d.mean(), d.std(), Augment.NONE, new SplittableRandom(0), x);
                try (NDManager m = root.newSubManager()) {
                    var xs = m.create(
                            x,
                            new ai.djl.ndarray.types.Shape(
                                    images.length,
                                    d.test().channels(),
                                    d.test().height(),
                                    d.test().width()));
                    masked[0] = net.forwardMasked(xs, Steps.constantPolicy(images.length, 0), Pass.EVAL)
                            .toFloatArray();
                }
            }
        });
        int classes = masked[0].length / images.length;
        int changed = 0;
        for (int i = 0; i < images.length; i++) {
            RouteTrial.Image r = t.images().get(i);
            assertEquals(Steps.argmax(masked[0], i, classes), r.prediction(), "image #" + images[i]);
            changed += r.prediction() != r.routedPrediction() ? 1 : 0;
        }
        assertTrue(changed > 0, "some of 40 predictions change with the route");
        // with statistics re-estimated for the edited route: the controller's routes answer as before
        RouteTrial re =
                EngineTestBase.onEngine(() -> Router.tryArchitecture(cfg, run, checkpoint, images, mbv2, true, null));
        assertTrue(re.reestimated());
        for (int i = 0; i < images.length; i++) {
            assertEquals(
                    t.images().get(i).routedPrediction(), re.images().get(i).routedPrediction());
        }
        System.out.printf(
                "what if mbv2 on 40 images: accuracy %.3f on the controller's statistics, %.3f re-estimated, "
                        + "%.3f their own routes%n",
                t.accuracy(), re.accuracy(), t.routedAccuracy());
        assertTrue(re.accuracy() >= t.accuracy(), "statistics of its own do not hurt the MobileNetV2 path");
        assertEquals(metricsBefore, Files.size(dir.metrics()), "nothing is written to the run");
    }
}
