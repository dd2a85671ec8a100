// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.instanas.run.CheckpointInfo;
import org.instanas.run.MetricRecord;
import org.instanas.run.MetricsFile;
import org.instanas.run.RunConfig;
import org.instanas.run.RunDirectory;
import org.instanas.run.Stage;
import org.instanas.run.StageRecord;
import org.instanas.run.UserException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Faults: numerical blow-ups, corrupt or foreign checkpoints, a full disk. Nothing good is lost. */
class ReliabilityTest extends EngineTestBase {
    @TempDir
    Path tmp;

    private static Map<String, Long> snapshot(Path root) throws IOException {
        Map<String, Long> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                m.put(
                        root.relativize(p).toString(),
                        Files.isRegularFile(p)
                                ? Files.size(p) + Files.getLastModifiedTime(p).toMillis()
                                : -1);
            }
        }
        return m;
    }

    /**
     * The tiny test config with the static reward window [min, max]: these tests are about refusing
     * checkpoints, and a latency table measured on a busy 2-core machine can make the shrinking
     * window empty before the checkpoint is read.
     */
    private static RunConfig staticWindow() {
        RunConfig c = PipelineTest.tinyConfig();
        c.staticWindow = true;
        return c;
    }

    private Path pretrained(String name) throws Exception {
        Path run = tmp.resolve(name);
        RunConfig cfg = PipelineTest.tinyConfig();
        engine(() -> Pipeline.run(Stage.PRETRAIN, cfg, run, null, false, null, null));
        return run;
    }

    @Test
    void explodingLossStopsWithClearMessageAndKeepsLastCheckpoint() throws Exception {
        Path run = pretrained("nan");
        RunConfig cfg = PipelineTest.tinyConfig();
        cfg.pretrainEpochs = 3;
        cfg.pretrainLr = 1e30;
        // a resume with other settings than the stage started with: allowed with override (and recorded)
        UserException e = assertThrows(
                UserException.class,
                () -> engine(() -> Pipeline.run(Stage.PRETRAIN, cfg, run, null, true, true, null, null)));
        assertTrue(e.getMessage().contains("loss became"), e.getMessage());
        assertTrue(e.getMessage().contains("pretrain-0001"), "names the last good checkpoint: " + e.getMessage());
        RunDirectory dir = new RunDirectory(run);
        List<MetricRecord> events = MetricsFile.readAll(dir.metrics(), w -> {}).stream()
                .filter(r -> r.kind().equals(MetricRecord.EVENT) && r.has("fault"))
                .toList();
        assertEquals(1, events.size(), "the fault is recorded in metrics.jsonl");
        CheckpointInfo last = Checkpoints.newest(dir, "pretrain");
        assertEquals("pretrain-0001", last.name());
        // the kept checkpoint still loads (its weights are finite)
        engine(() -> Pipeline.run(Stage.SEARCH, staticWindow(), run, "pretrain-0001", false, null, null));
    }

    @Test
    void truncatedCheckpointIsRefusedAndNothingChanges() throws Exception {
        Path run = pretrained("trunc");
        Path bin = run.resolve("checkpoints/pretrain-0001/metagraph.bin");
        try (RandomAccessFile f = new RandomAccessFile(bin.toFile(), "rw")) {
            f.setLength(f.length() / 2);
        }
        Map<String, Long> before = snapshot(run);
        UserException e = assertThrows(
                UserException.class,
                () -> engine(
                        () -> Pipeline.run(Stage.SEARCH, staticWindow(), run, "pretrain-0001", false, null, null)));
        assertTrue(e.getMessage().contains("metagraph.bin"), e.getMessage());
        assertTrue(e.getMessage().contains("truncated or corrupt"), e.getMessage());
        Map<String, Long> after = snapshot(run);
        // the stage history records the failed attempt (start, then "failed" with the reason)
        List<StageRecord> h = StageRecord.readAll(new RunDirectory(run).stages());
        assertEquals("failed", h.get(h.size() - 1).status());
        assertTrue(
                h.get(h.size() - 1).message().contains("checksum"),
                h.get(h.size() - 1).message());
        after.keySet().removeIf(k -> k.equals("metrics.jsonl") || k.equals("latency.json") || k.equals("stages.jsonl"));
        before.keySet().removeIf(k -> k.equals("stages.jsonl"));
        before.keySet().removeIf(k -> k.equals("metrics.jsonl"));
        assertEquals(before, after, "no checkpoint or routing file was written");
    }

    @Test
    void checkpointWithNaNWeightsOrOfAnotherPresetIsRefused() throws Exception {
        Path run = pretrained("nanw");
        Path bin = run.resolve("checkpoints/pretrain-0001/metagraph.bin");
        byte[] b = Files.readAllBytes(bin);
        // overwrite the first float of the first tensor with NaN and fix up nothing: the checksum catches it
        b[40] = (byte) 0xff;
        b[41] = (byte) 0xff;
        Files.write(bin, b);
        UserException e = assertThrows(
                UserException.class,
                () -> engine(
                        () -> Pipeline.run(Stage.SEARCH, staticWindow(), run, "pretrain-0001", false, null, null)));
        assertTrue(e.getMessage().contains("metagraph.bin") && e.getMessage().contains("checksum"), e.getMessage());

        // a well-formed file (valid checksum) whose weights hold a NaN: the value check refuses it
        Path nan = pretrained("nanvalid");
        Path nanBin = nan.resolve("checkpoints/pretrain-0001/metagraph.bin");
        engine(() -> {
            Map<String, long[]> shapes = new LinkedHashMap<>();
            Map<String, float[]> values;
            try (var in = Files.newInputStream(nanBin)) {
                values = Params.readTensors(in, shapes);
            }
            values.get("cell7.op2.dw.w")[3] = Float.NaN;
            try (NDManager m = NDManager.newBaseManager();
                    var out = Files.newOutputStream(nanBin)) {
                Map<String, NDArray> tensors = new LinkedHashMap<>();
                values.forEach((k, v) -> tensors.put(k, m.create(v, new Shape(shapes.get(k)))));
                Params.writeTensors(out, tensors);
            }
        });
        UserException n = assertThrows(
                UserException.class,
                () -> engine(
                        () -> Pipeline.run(Stage.SEARCH, staticWindow(), nan, "pretrain-0001", false, null, null)));
        assertTrue(n.getMessage().contains("NaN or infinite values in cell7.op2.dw.w"), n.getMessage());

        // a checkpoint written for c10 copied into a tiny run
        Path other = pretrained("other");
        Path meta = other.resolve("checkpoints/pretrain-0001/meta.json");
        Files.writeString(meta, Files.readString(meta).replace("\"preset\" : \"tiny\"", "\"preset\" : \"c10\""));
        UserException e2 = assertThrows(
                UserException.class,
                () -> engine(
                        () -> Pipeline.run(Stage.SEARCH, staticWindow(), other, "pretrain-0001", false, null, null)));
        assertTrue(e2.getMessage().contains("preset 'c10'"), e2.getMessage());
    }

    @Test
    void fullDiskFailsCleanlyAndKeepsThePreviousCheckpoint() throws Exception {
        Path mnt = tmp.resolve("small");
        Files.createDirectories(mnt);
        // tiny meta-graph + optimizer state ≈ 5.6 MB per checkpoint: the second does not fit in 9 MB
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=9m", "tmpfs", mnt.toString())
                .redirectErrorStream(true)
                .start();
        boolean mounted = p.waitFor() == 0;
        assumeTrue(mounted, "needs permission to mount a small tmpfs");
        try {
            Path run = mnt.resolve("run");
            RunConfig cfg = PipelineTest.tinyConfig();
            cfg.pretrainEpochs = 2;
            Exception e = assertThrows(
                    Exception.class,
                    () -> engine(() -> Pipeline.run(Stage.PRETRAIN, cfg, run, null, false, null, null)));
            assertTrue(String.valueOf(e.getMessage()).contains("No space left"), String.valueOf(e.getMessage()));
            RunDirectory dir = new RunDirectory(run);
            List<CheckpointInfo> ckpts = dir.listCheckpoints();
            assertEquals(
                    List.of("pretrain-0001"),
                    ckpts.stream().map(CheckpointInfo::name).toList());
            try (Stream<Path> s = Files.walk(run)) {
                assertTrue(s.noneMatch(q -> q.getFileName().toString().endsWith(".tmp")), "no temporary files left");
            }
            assertTrue(Files.readString(dir.metrics()).endsWith("\n"), "metrics.jsonl holds whole lines");
            MetricsFile.readAll(dir.metrics(), w -> {
                throw new AssertionError(w);
            });
        } finally {
            new ProcessBuilder("umount", mnt.toString()).start().waitFor();
        }
    }
}
