// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.instanas.run.CheckpointInfo;
import org.instanas.run.MetricRecord;
import org.instanas.run.MetricsFile;
import org.instanas.run.RunConfig;
import org.instanas.run.RunDirectory;
import org.instanas.run.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL at random moments (a separate JVM runs the search; some kills land in checkpoint writes
 * and metric appends), then resume: the run always loads, each step is recorded exactly once and
 * no temporary folder is taken for a checkpoint. {@code -Dinstanas.killTrials=N} sets the count.
 */
class KillResumeTest extends EngineTestBase {
    @TempDir
    Path tmp;

    @Test
    void searchSurvivesRandomKills() throws Exception {
        int trials = Integer.getInteger("instanas.killTrials", 3);
        Path run = tmp.resolve("run");
        RunConfig cfg = PipelineTest.tinyConfig();
        cfg.searchEpochs = 4;
        // the window must not depend on a 3-repeat latency table measured while the machine is busy
        // (a loaded run measured the cheapest network above the MobileNetV2 path)
        cfg.staticWindow = true;
        engine(() -> Pipeline.run(Stage.PRETRAIN, cfg, run, null, false, null, null));
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Random rnd = new Random(42);
        for (int i = 0; i < trials; i++) {
            boolean resume = Checkpoints.newest(new RunDirectory(run), "search") != null;
            List<String> cmd = new ArrayList<>(List.of(
                    java.toString(),
                    "--enable-native-access=ALL-UNNAMED",
                    "-Xmx1g",
                    "-Dai.djl.offline=true",
                    "-cp",
                    cp,
                    "org.instanas.Main",
                    "search",
                    "--run",
                    run.toString(),
                    "--epochs",
                    "4",
                    "--quiet",
                    "--static",
                    "--threads",
                    "1"));
            if (resume) {
                cmd.add("--resume");
            }
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(tmp.resolve("trial" + i + ".log").toFile());
            pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
            Process p = pb.start();
            Thread.sleep(3000 + rnd.nextInt(4000));
            p.destroyForcibly(); // SIGKILL
            p.waitFor();
            // the run loads after every kill
            RunDirectory dir = new RunDirectory(run);
            MetricsFile.readAll(dir.metrics(), w -> {});
            for (CheckpointInfo c : dir.listCheckpoints()) {
                assertTrue(Files.isRegularFile(c.dir().resolve(CheckpointInfo.META)));
                assertTrue(!c.name().endsWith(".tmp"));
            }
        }
        engine(() -> Pipeline.run(
                Stage.SEARCH, cfg, run, null, Checkpoints.newest(new RunDirectory(run), "search") != null, null, null));
        RunDirectory dir = new RunDirectory(run);
        List<Long> steps = MetricsFile.readAll(dir.metrics(), w -> {}).stream()
                .filter(r -> r.stage().equals("search") && r.kind().equals(MetricRecord.STEP))
                .map(MetricRecord::step)
                .toList();
        // 4 epochs × (4 controller + 4 meta-graph steps), each exactly once and in order
        assertEquals(32, steps.size(), steps.toString());
        for (int i = 0; i < steps.size(); i++) {
            assertEquals(i + 1, steps.get(i));
        }
        assertEquals("search-0004", Checkpoints.newest(dir, "search").name());
        try (Stream<Path> s = Files.walk(dir.checkpoints())) {
            assertTrue(
                    s.noneMatch(q -> q.getFileName().toString().endsWith(".tmp")),
                    "stale temporary folders are cleaned up");
        }
        engine(() -> Pipeline.run(Stage.EVALUATE, cfg, run, null, false, null, null));
    }
}
