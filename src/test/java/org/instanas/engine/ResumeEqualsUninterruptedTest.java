// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.instanas.run.RunConfig;
import org.instanas.run.RunDirectory;
import org.instanas.run.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A search stopped after its first epoch and resumed from the epoch checkpoint ends with the same
 * meta-graph weights and BatchNorm statistics as the same search run in one go: nothing of the
 * meta-graph's training state lives only in memory (the end-of-epoch evaluation's re-estimated
 * statistics did).
 */
class ResumeEqualsUninterruptedTest extends EngineTestBase {
    @TempDir
    Path tmp;

    private static Map<String, float[]> tensors(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return Params.readTensors(in, new HashMap<>());
        }
    }

    @Test
    void aSearchResumedFromItsEpochCheckpointEndsLikeAnUninterruptedOne() throws Exception {
        RunConfig cfg = PipelineTest.tinyConfig();
        cfg.staticWindow = true;
        Path pre = tmp.resolve("pre");
        engine(() -> Pipeline.run(Stage.PRETRAIN, cfg, pre, null, false, null, null));
        Path whole = tmp.resolve("whole");
        Path parts = tmp.resolve("parts");
        copy(pre, whole);
        copy(pre, parts);
        engine(() -> Pipeline.run(Stage.SEARCH, cfg, whole, null, false, null, null));
        RunConfig first = PipelineTest.tinyConfig();
        first.staticWindow = true;
        first.searchEpochs = 1; // stop after epoch 1 (its checkpoint and evaluation), then continue to 2
        engine(() -> Pipeline.run(Stage.SEARCH, first, parts, null, false, null, null));
        engine(() -> Pipeline.run(Stage.SEARCH, cfg, parts, null, true, true, null, null));

        // the meta-graph only: two uninterrupted searches in one JVM already end with controllers up to
        // 2e-3 apart (the meta-graph bit for bit), a nondeterminism of the controller step not yet found
        for (String file : new String[] {Checkpoints.NET}) {
            Map<String, float[]> a = tensors(
                    new RunDirectory(whole).checkpoints().resolve("search-0002").resolve(file));
            Map<String, float[]> b = tensors(
                    new RunDirectory(parts).checkpoints().resolve("search-0002").resolve(file));
            assertEquals(a.keySet(), b.keySet());
            for (String k : a.keySet()) {
                assertArrayEquals(a.get(k), b.get(k), 0f, file + " " + k);
            }
        }
    }

    private static void copy(Path from, Path to) throws Exception {
        try (var s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path q = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else if (!p.getFileName().toString().equals(".lock")) {
                    Files.copy(p, q);
                }
            }
        }
    }
}
