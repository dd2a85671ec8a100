// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.Map;
import org.instanas.run.EvalSummary;
import org.instanas.run.LatencyTable;
import org.instanas.run.RunConfig;
import org.instanas.run.RunDirectory;
import org.instanas.run.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An evaluation re-estimates BatchNorm statistics for the architectures it evaluates and then puts
 * the training statistics back: the end-of-epoch evaluation of a search or fine-tuning leaves the
 * meta-graph exactly as the epoch checkpoint (written before it) holds it.
 */
class EvaluationLeavesStateTest extends EngineTestBase {
    @TempDir
    Path tmp;

    @Test
    void anEvaluationLeavesTheMetaGraphsBatchNormStatisticsAsItFoundThem() throws Exception {
        RunConfig cfg = PipelineTest.tinyConfig();
        Path run = tmp.resolve("run");
        engine(() -> {
            Pipeline.run(Stage.PRETRAIN, cfg, run, null, false, null, null);
            try (RunContext ctx = new RunContext(run, cfg, null, null);
                    NDManager m = NDManager.newBaseManager()) {
                ctx.loadData();
                MetaGraph net = new MetaGraph(m, ctx.preset, ctx.classes(), cfg.seed);
                Checkpoints.load(Checkpoints.byName(new RunDirectory(run), "pretrain-0001"), "tiny", net, null);
                Steps steps = new Steps(m, net, new Controller(m, ctx.preset, cfg.seed + 1));
                Map<String, float[]> before = net.params().bufferValues();
                LatencyTable table = LatencyProfiler.macs(ctx.preset);
                EvalSummary s = Evaluator.evaluate(
                        ctx,
                        steps,
                        net.classes(),
                        table,
                        "probe",
                        Stage.SEARCH.id(),
                        1,
                        table.min(),
                        table.max(),
                        2,
                        false);
                assertEquals(cfg.testLimit, s.images());
                Map<String, float[]> after = net.params().bufferValues();
                assertEquals(before.keySet(), after.keySet());
                for (String k : before.keySet()) {
                    assertArrayEquals(before.get(k), after.get(k), 0f, k);
                }
            }
        });
    }
}
