// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.instanas.data.Datasets;
import org.instanas.data.ImageSet;
import org.instanas.data.OwnImages;
import org.instanas.run.Arch;
import org.instanas.run.CheckpointInfo;
import org.instanas.run.EvalSummary;
import org.instanas.run.LatencyTable;
import org.instanas.run.Metric;
import org.instanas.run.MetricRecord;
import org.instanas.run.MetricsFile;
import org.instanas.run.RoutingCsv;
import org.instanas.run.RoutingRow;
import org.instanas.run.RunConfig;
import org.instanas.run.RunDirectory;
import org.instanas.run.RunInfo;
import org.instanas.run.Stage;
import org.instanas.run.StageRecord;
import org.instanas.run.UserException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stages end to end on a tiny slice of the bundled sample, and cancel → resume. */
class PipelineTest extends EngineTestBase {
    @TempDir
    Path tmp;

    /** The tensors of a checkpoint file, by name. */
    private static Map<String, float[]> tensors(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            return Params.readTensors(in, new HashMap<>());
        }
    }

    static RunConfig tinyConfig() {
        RunConfig c = new RunConfig();
        c.preset = "tiny";
        c.data = "samples";
        c.trainLimit = 64;
        c.testLimit = 40;
        c.batchSize = 16;
        c.testBatchSize = 20;
        c.pretrainEpochs = 1;
        c.searchEpochs = 2;
        c.finetuneEpochs = 1;
        c.profileWarmup = 1;
        c.profileRepeats = 3;
        c.measureImages = 5;
        c.threads = 1;
        return c;
    }

    @Test
    void gatheredExecutionTrainsEveryStageAndIsRecorded() throws Exception {
        Path run = tmp.resolve("gathered");
        RunConfig cfg = tinyConfig();
        cfg.execution = "gathered";
        cfg.staticWindow = true; // a 3-repeat latency table is noisy: keep the window from depending on it
        cfg.searchEpochs = 1;
        engine(() -> {
            for (Stage s : List.of(Stage.PRETRAIN, Stage.SEARCH, Stage.FINETUNE)) {
                assertEquals(
                        Pipeline.Outcome.COMPLETED,
                        Pipeline.run(s, cfg, run, null, false, new StageListener() {}, new CancelToken()));
            }
        });
        RunDirectory dir = new RunDirectory(run);
        assertEquals("gathered", RunInfo.read(dir.runJson()).config().get("execution"));
        List<MetricRecord> steps = MetricsFile.readAll(dir.metrics(), w -> {}).stream()
                .filter(r -> r.kind().equals(MetricRecord.STEP))
                .toList();
        // the meta-graph's cross-entropy: "loss" in pretraining and fine-tuning, "net_loss" in the search
        long netSteps = steps.stream()
                .map(r -> r.values().get(r.stage().equals(Stage.SEARCH.id()) ? Metric.NET_LOSS : Metric.LOSS))
                .filter(loss -> loss != null)
                .peek(loss -> assertTrue(Double.isFinite(loss) && loss > 0, "cross-entropy " + loss))
                .count();
        assertTrue(netSteps >= 12, "pretrain, search and finetune steps with a loss: " + netSteps);
    }

    @Test
    void pretrainSearchFinetuneEvaluateWriteTheRunDirectory() throws Exception {
        Path run = tmp.resolve("run");
        RunConfig cfg = tinyConfig();
        // a window that stays open whatever a 3-repeat latency table measured on a busy machine says
        cfg.ubStartFraction = 1.0;
        cfg.ubEndFraction = 1.2;
        cfg.windowSchedule = "step"; // the linear schedule's anchors are checked below
        List<MetricRecord> seen = new ArrayList<>();
        StageListener l = new StageListener() {
            @Override
            public void onMetric(MetricRecord r) {
                seen.add(r);
            }
        };
        engine(() -> {
            for (Stage s : Stage.values()) {
                assertEquals(Pipeline.Outcome.COMPLETED, Pipeline.run(s, cfg, run, null, false, l, new CancelToken()));
            }
        });
        RunDirectory dir = new RunDirectory(run);
        RunInfo info = RunInfo.read(dir.runJson());
        assertEquals("tiny", info.preset());
        assertEquals("samples", info.data());
        assertEquals(8888, info.seed());
        assertEquals("cpu", info.device());
        assertTrue(
                info.versions().get("djl").startsWith("0.33"), info.versions().toString());
        assertEquals(64, ((Number) info.config().get("trainLimit")).intValue());

        LatencyTable t = LatencyTable.read(dir.latencyJson());
        assertTrue(t.baseline() > t.min() && t.max() > t.baseline());
        // the table was checked against the clock: whole architectures timed at batch 1
        LatencyTable.Check check = t.check();
        assertEquals(24, check.archs());
        assertEquals(24, check.measuredMs().length);
        assertTrue(check.spearman() >= -1 && check.spearman() <= 1, check.describe());
        assertTrue(check.mbv2MeasuredMs() > 0);
        assertEquals(t.baseline(), check.mbv2TableMs(), 1e-12);

        List<MetricRecord> metrics = MetricsFile.readAll(dir.metrics(), w -> {
            throw new AssertionError(w);
        });
        assertEquals(seen.size(), metrics.size(), "every emitted record is in metrics.jsonl");
        assertTrue(
                metrics.stream()
                        .anyMatch(r -> r.message() != null && r.message().startsWith("table vs clock over 24")),
                "the check is recorded as an event");
        assertTrue(
                metrics.stream()
                        .anyMatch(r -> r.message() != null
                                && r.message().startsWith("final-finetune-0001, table vs clock over 5 test images")),
                "evaluate compares the table with the clock on its measured images");
        for (MetricRecord r : metrics) {
            assertNotNull(r.stage());
            assertTrue(r.time() > 1.7e9);
        }
        for (String stage : List.of("pretrain", "search", "finetune")) {
            List<Long> steps = metrics.stream()
                    .filter(r -> r.stage().equals(stage) && r.kind().equals(MetricRecord.STEP))
                    .map(MetricRecord::step)
                    .toList();
            assertFalse(steps.isEmpty(), stage + " has step records");
            for (int i = 0; i < steps.size(); i++) {
                assertEquals(i + 1, steps.get(i), stage + " steps count from 1 without repeats");
            }
        }
        MetricRecord searchStep = metrics.stream()
                .filter(r -> r.stage().equals("search") && r.has("reward"))
                .findFirst()
                .orElseThrow();
        for (String k :
                List.of("reward", "advantage", "entropy", "accuracy", "latency", "ub", "lb", "unique", "loss", "lr")) {
            assertTrue(searchStep.has(k), "search step has " + k);
        }
        // the window's UB moves step by step over the first epoch's controller steps (the default
        // schedule), and holds at its end through the last epoch; the share inside it is recorded
        List<MetricRecord> controllerSteps = metrics.stream()
                .filter(r -> r.stage().equals("search") && r.has("reward"))
                .toList();
        List<Double> ub0 = controllerSteps.stream()
                .filter(r -> r.epoch() == 0)
                .map(r -> r.value("ub"))
                .toList();
        List<Double> ub1 = controllerSteps.stream()
                .filter(r -> r.epoch() == 1)
                .map(r -> r.value("ub"))
                .toList();
        assertEquals(4, ub0.size());
        for (int i = 1; i < ub0.size(); i++) {
            assertTrue(ub0.get(i) <= ub0.get(i - 1), "UB falls within the epoch: " + ub0);
        }
        assertTrue(ub0.get(3) < ub0.get(0), "UB moves within the first epoch: " + ub0);
        assertEquals(1, ub1.stream().distinct().count(), "UB holds at its end in the last epoch: " + ub1);
        for (MetricRecord r : controllerSteps) {
            assertTrue(r.value("in_window") >= 0 && r.value("in_window") <= 1, r.toString());
        }
        // UB shrinks over the search epochs
        List<MetricRecord> evals = metrics.stream()
                .filter(r -> r.stage().equals("search") && r.kind().equals(MetricRecord.EPOCH))
                .toList();
        assertEquals(2, evals.size());
        assertTrue(evals.get(1).value("ub") < evals.get(0).value("ub"));

        List<String> ckpts =
                dir.listCheckpoints().stream().map(CheckpointInfo::name).toList();
        assertTrue(
                ckpts.containsAll(List.of("pretrain-0001", "search-0001", "search-0002", "finetune-0001")),
                ckpts.toString());
        // fine-tuning trains the meta-graph under the frozen controller: its controller is the search's, bit for bit,
        // and its meta-graph is not
        Map<String, float[]> searched =
                tensors(dir.checkpoints().resolve("search-0002").resolve(Checkpoints.CTRL));
        Map<String, float[]> tuned =
                tensors(dir.checkpoints().resolve("finetune-0001").resolve(Checkpoints.CTRL));
        assertEquals(searched.keySet(), tuned.keySet());
        searched.forEach((k, v) -> assertTrue(Arrays.equals(v, tuned.get(k)), "controller tensor " + k));
        Map<String, float[]> netBefore =
                tensors(dir.checkpoints().resolve("search-0002").resolve(Checkpoints.NET));
        Map<String, float[]> netAfter =
                tensors(dir.checkpoints().resolve("finetune-0001").resolve(Checkpoints.NET));
        assertFalse(Arrays.equals(netBefore.get("fc.w"), netAfter.get("fc.w")), "fine-tuning changed the classifier");
        assertTrue(
                dir.listEvaluations().contains("final-finetune-0001"),
                dir.listEvaluations().toString());
        List<RoutingRow> rows = RoutingCsv.read(dir.routingCsv("final-finetune-0001"));
        assertEquals(40, rows.size());
        for (RoutingRow r : rows) {
            assertEquals(85, r.arch().length());
            assertEquals(85, r.probs().length);
            assertEquals(r.label() == r.prediction(), r.correct());
            assertEquals(t.latencyOf(r.arch()), r.latencyMs(), 1e-3 * r.latencyMs());
        }
        assertEquals(
                5, rows.stream().filter(r -> !Double.isNaN(r.measuredMs())).count(), "measured latency for 5 images");
        // a row's index is the image's index in the dataset's test split (the run used a limited subset)
        int[] datasetLabels = Datasets.load("samples").test().labels();
        assertTrue(rows.stream().anyMatch(r -> r.index() >= 40), "indices refer to the whole test split");
        for (RoutingRow r : rows) {
            assertEquals(datasetLabels[r.index()], r.label(), "image " + r.index());
        }
        // a test image saved as a PNG and routed as the user's own image takes the route its
        // evaluation gave it (same normalisation, same re-estimated statistics); a broken file is skipped
        ImageSet testSet = Datasets.load("samples").test();
        RoutingRow first = rows.get(0);
        BufferedImage png = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        png.getRaster()
                .setDataElements(
                        0,
                        0,
                        28,
                        28,
                        Arrays.copyOfRange(testSet.pixels(), first.index() * 784, (first.index() + 1) * 784));
        Path own = Files.createDirectories(tmp.resolve("own"));
        ImageIO.write(png, "png", own.resolve("mine.png").toFile());
        Files.writeString(own.resolve("broken.png"), "not an image");
        OwnImages images = OwnImages.read(List.of(own), 1, 28);
        assertEquals(1, images.files().size());
        assertEquals(1, images.problems().size());
        assertTrue(
                images.problems().get(0).contains("broken.png"),
                images.problems().toString());
        List<Router.Routed> routed = new ArrayList<>();
        engine(() -> routed.addAll(Router.route(cfg, run, "finetune-0001", images, null)));
        assertEquals(first.arch(), routed.get(0).arch());
        assertEquals(first.prediction(), routed.get(0).prediction());
        assertEquals(first.latencyMs(), routed.get(0).latencyMs(), 1e-4 * first.latencyMs());
        assertEquals(first.index(), routed.get(0).nearest()[0], "its nearest test architecture is its own");
        assertEquals(0, routed.get(0).distance()[0]);
        // what if: its own architecture gives its own prediction; the MobileNetV2 path the table's baseline
        List<Router.Routed> same = new ArrayList<>();
        List<Router.Routed> mbv2 = new ArrayList<>();
        engine(() -> {
            same.addAll(Router.route(cfg, run, "finetune-0001", images, first.arch(), null));
            mbv2.addAll(Router.route(cfg, run, "finetune-0001", images, "mbv2", null));
        });
        Router.WhatIf itself = same.get(0).whatIf();
        assertEquals(first.arch(), itself.arch());
        assertEquals(first.prediction(), itself.prediction());
        assertEquals(first.latencyMs(), itself.latencyMs(), 1e-4 * first.latencyMs());
        assertTrue(itself.measuredMs() > 0 && itself.routedMeasuredMs() > 0);
        assertEquals(t.baseline(), mbv2.get(0).whatIf().latencyMs(), 1e-9);
        assertEquals(17, Arch.activeOptions(mbv2.get(0).whatIf().arch()));
        assertThrows(UserException.class, () -> Router.architecture("0101"));

        EvalSummary s = EvalSummary.read(dir.evalSummary("final-finetune-0001"));
        assertEquals(40, s.images());
        assertEquals(rows.stream().filter(RoutingRow::correct).count() / 40.0, s.accuracy(), 1e-9);
        assertEquals(t.baseline(), s.mbv2LatencyMs(), 1e-9);
        assertTrue(s.measuredMeanMs() > 0 && s.mbv2MeasuredMeanMs() > 0);
        assertTrue(s.controllerMeanMs() > 0 && s.networkMeanMs() > 0, "the measured time is split");
        assertTrue(
                s.measuredPairedRatio() > 0 && Double.isFinite(s.measuredPairedRatio()),
                "the image-by-image ratio to the MobileNetV2 path is recorded: " + s.measuredPairedRatio());
        assertTrue(
                s.controllerMeanMs() + s.networkMeanMs() <= s.measuredMeanMs() * 1.0001,
                s.controllerMeanMs() + " + " + s.networkMeanMs() + " > " + s.measuredMeanMs());
        assertEquals(rows.stream().map(RoutingRow::arch).distinct().count(), s.uniqueArchs());
        // no temporary files are left behind
        try (var files = Files.walk(run)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")));
        }
    }

    @Test
    void aFollowingWindowStaysWithTheControllerAndResumesWhereItWas() throws Exception {
        Path run = tmp.resolve("follow");
        RunConfig cfg = tinyConfig();
        cfg.windowSchedule = "follow";
        // never empty, whatever a 3-repeat latency table measured on a busy machine says
        cfg.ubStartFraction = 1.0;
        cfg.ubEndFraction = 1.2;
        engine(() -> {
            Pipeline.run(Stage.PRETRAIN, cfg, run, null, false, null, null);
            CancelToken cancel = new CancelToken();
            StageListener stopAt3 = new StageListener() {
                @Override
                public void onMetric(MetricRecord r) {
                    if (r.stage().equals("search") && r.step() == 3) {
                        cancel.cancel();
                    }
                }
            };
            Pipeline.run(Stage.SEARCH, cfg, run, null, false, stopAt3, cancel);
            assertEquals(
                    Pipeline.Outcome.COMPLETED,
                    Pipeline.run(Stage.SEARCH, cfg, run, null, true, null, new CancelToken()));
        });
        RunDirectory dir = new RunDirectory(run);
        List<MetricRecord> controllerSteps = MetricsFile.readAll(dir.metrics(), w -> {}).stream()
                .filter(r -> r.stage().equals("search") && r.has("reward"))
                .toList();
        assertEquals(8, controllerSteps.size(), "2 epochs of 4 controller steps, each once");
        double start = controllerSteps.get(0).value("ub");
        for (int i = 1; i < controllerSteps.size(); i++) {
            double follow = Math.min(controllerSteps.get(i - 1).value("latency_sampled"), start);
            assertTrue(
                    controllerSteps.get(i).value("ub") >= follow - 1e-9,
                    "step " + controllerSteps.get(i).step() + ": UB "
                            + controllerSteps.get(i).value("ub")
                            + " fell below the previous step's sampled latency " + follow
                            + " (across the resume at step 3 too)");
            assertTrue(controllerSteps.get(i).value("ub") <= start + 1e-9);
        }
    }

    @Test
    void cancelledSearchResumesWithEveryStepOnce() throws Exception {
        Path run = tmp.resolve("resume");
        RunConfig cfg = tinyConfig();
        cfg.staticWindow = true; // resume is under test, not the window of a noisy 3-repeat table
        engine(() -> {
            Pipeline.run(Stage.PRETRAIN, cfg, run, null, false, null, null);
            CancelToken cancel = new CancelToken();
            StageListener stopAt5 = new StageListener() {
                @Override
                public void onMetric(MetricRecord r) {
                    if (r.stage().equals("search") && r.step() == 5) {
                        cancel.cancel();
                    }
                }
            };
            assertEquals(
                    Pipeline.Outcome.CANCELLED, Pipeline.run(Stage.SEARCH, cfg, run, null, false, stopAt5, cancel));
            CheckpointInfo mid = Checkpoints.newest(new RunDirectory(run), "search");
            assertTrue(mid.name().contains("-step5"), mid.name());
            assertEquals(
                    Pipeline.Outcome.COMPLETED,
                    Pipeline.run(Stage.SEARCH, cfg, run, null, true, null, new CancelToken()));
        });
        RunDirectory dir = new RunDirectory(run);
        List<MetricRecord> steps = MetricsFile.readAll(dir.metrics(), w -> {}).stream()
                .filter(r -> r.stage().equals("search") && r.kind().equals(MetricRecord.STEP))
                .toList();
        Set<Long> unique = new HashSet<>();
        for (MetricRecord r : steps) {
            assertTrue(unique.add(r.step()), "step " + r.step() + " appears once");
        }
        // 2 epochs × (4 controller + 4 meta-graph steps)
        assertEquals(16, steps.size());
        assertEquals(16L, steps.get(steps.size() - 1).step());
        assertTrue(
                dir.listCheckpoints().stream().noneMatch(c -> c.name().contains("-step")),
                "mid-epoch checkpoints are pruned");
        CheckpointInfo last = Checkpoints.newest(dir, "search");
        assertEquals("search-0002", last.name());
        engine(() -> Pipeline.run(Stage.EVALUATE, cfg, run, "search-0002", false, null, null));
        // the same for fine-tuning: cancel at step 2, resume, every step once
        engine(() -> {
            CancelToken cancel = new CancelToken();
            StageListener stopAt2 = new StageListener() {
                @Override
                public void onMetric(MetricRecord r) {
                    if (r.stage().equals("finetune") && r.step() == 2) {
                        cancel.cancel();
                    }
                }
            };
            assertEquals(
                    Pipeline.Outcome.CANCELLED, Pipeline.run(Stage.FINETUNE, cfg, run, null, false, stopAt2, cancel));
            assertEquals(
                    Pipeline.Outcome.COMPLETED,
                    Pipeline.run(Stage.FINETUNE, cfg, run, null, true, null, new CancelToken()));
        });
        List<Long> ft = MetricsFile.readAll(dir.metrics(), w -> {}).stream()
                .filter(r -> r.stage().equals("finetune") && r.kind().equals(MetricRecord.STEP))
                .map(MetricRecord::step)
                .toList();
        assertEquals(List.of(1L, 2L, 3L, 4L), ft);
    }

    @Test
    void theMobileNetV2PathTrainedAloneIsEvaluatedAsThatArchitecture() throws Exception {
        Path run = tmp.resolve("mbv2");
        RunConfig cfg = tinyConfig();
        cfg.fixedArch = "mbv2";
        engine(() -> {
            for (Stage s : List.of(Stage.PRETRAIN, Stage.PROFILE, Stage.EVALUATE)) {
                assertEquals(
                        Pipeline.Outcome.COMPLETED, Pipeline.run(s, cfg, run, null, false, null, new CancelToken()));
            }
        });
        RunDirectory dir = new RunDirectory(run);
        LatencyTable t = LatencyTable.read(dir.latencyJson());
        List<MetricRecord> metrics = MetricsFile.readAll(dir.metrics(), w -> {
            throw new AssertionError(w);
        });
        MetricRecord epochEnd = metrics.stream()
                .filter(r -> r.stage().equals("pretrain") && r.kind().equals(MetricRecord.EPOCH))
                .findFirst()
                .orElseThrow();
        assertEquals(
                epochEnd.values().get("mbv2_accuracy"),
                epochEnd.values().get("accuracy"),
                "the fixed architecture is the MobileNetV2 path");
        String mbv2 = "10000".repeat(17);
        List<RoutingRow> rows = RoutingCsv.read(dir.routingCsv("final-pretrain-0001"));
        assertEquals(40, rows.size());
        for (RoutingRow r : rows) {
            assertEquals(mbv2, r.arch());
            assertEquals(t.baseline(), r.latencyMs(), 1e-4);
        }
        EvalSummary s = EvalSummary.read(dir.evalSummary("final-pretrain-0001"));
        assertEquals(1, s.uniqueArchs());
        assertEquals(s.mbv2Accuracy(), s.accuracy(), 1e-12);
        assertEquals(0.0, s.latencyChange(), 1e-12);
        assertTrue(s.measuredMeanMs() > 0);
        assertEquals(0.0, s.controllerMeanMs(), "no controller");
        assertTrue(s.networkMeanMs() > 0 && s.networkMeanMs() <= s.measuredMeanMs() * 1.0001);
        UserException e = assertThrows(
                UserException.class, () -> engine(() -> Pipeline.run(Stage.SEARCH, cfg, run, null, false, null, null)));
        assertTrue(e.getMessage().contains("fixed architecture 'mbv2'"), e.getMessage());
        RunConfig bad = tinyConfig();
        bad.fixedArch = "1010";
        assertTrue(
                bad.problems().stream().anyMatch(p -> p.startsWith("fixed-arch: must be 'mbv2' or an architecture")),
                bad.problems().toString());
    }

    @Test
    void searchWithoutPretrainingAndForeignPresetAreClearErrors() throws Exception {
        Path run = tmp.resolve("nopre");
        RunConfig cfg = tinyConfig();
        // a wide window: the search checks it against the machine's profile before it looks for the
        // pretrained meta-graph, and on some machines the cheapest network is half the MobileNetV2
        // path (CI saw 1.164 against 2.326 ms), which the default end (0.5) would refuse first
        cfg.ubEndFraction = 0.9;
        UserException e = assertThrows(
                UserException.class, () -> engine(() -> Pipeline.run(Stage.SEARCH, cfg, run, null, false, null, null)));
        assertTrue(e.getMessage().contains("'instanas pretrain --run " + run + "'"), e.getMessage());
        assertFalse(Files.exists(run), "a search on a folder that is not a run creates nothing");
        // a run of the tiny preset (the shipped demo's settings): another preset is refused
        Files.createDirectories(run);
        Files.copy(
                org.instanas.testutil.ShippedDemoCopy.to(tmp.resolve("demo")).resolve("run.json"),
                run.resolve("run.json"));
        UserException nothing = assertThrows(
                UserException.class, () -> engine(() -> Pipeline.run(Stage.SEARCH, cfg, run, null, false, null, null)));
        assertTrue(nothing.getMessage().contains("no pretrained meta-graph to search on"), nothing.getMessage());
        RunConfig other = tinyConfig();
        other.preset = "c10";
        UserException e2 = assertThrows(
                UserException.class,
                () -> engine(() -> Pipeline.run(Stage.PRETRAIN, other, run, null, false, null, null)));
        assertTrue(e2.getMessage().contains("preset 'tiny'"), e2.getMessage());
        RunConfig bad = tinyConfig();
        bad.pretrainLr = -1;
        bad.batchSize = 0;
        UserException e3 = assertThrows(
                UserException.class,
                () -> engine(() -> Pipeline.run(Stage.PRETRAIN, bad, tmp.resolve("bad"), null, false, null, null)));
        assertTrue(e3.getMessage().contains("pretrain-lr") && e3.getMessage().contains("batch-size"), e3.getMessage());
        assertFalse(Files.exists(tmp.resolve("bad")), "an invalid config writes nothing");
        RunConfig unknown = tinyConfig();
        unknown.preset = "c11";
        UserException e4 = assertThrows(
                UserException.class,
                () -> engine(
                        () -> Pipeline.run(Stage.PRETRAIN, unknown, tmp.resolve("unknown"), null, false, null, null)));
        assertTrue(e4.getMessage().contains("unknown preset 'c11'"), e4.getMessage());
        assertFalse(Files.exists(tmp.resolve("unknown")), "an unknown preset writes nothing");
        // a pretraining checkpoint's description (the shipped demo keeps no weights there): the search
        // gets past its start check to the window, which it checks against the profile before loading
        Path pre = run.resolve("checkpoints").resolve("pretrain-0012");
        Files.createDirectories(pre);
        Files.copy(tmp.resolve("demo").resolve("checkpoints/pretrain-0012/meta.json"), pre.resolve("meta.json"));
        RunConfig empty = tinyConfig();
        empty.ubEndFraction = 0.01;
        UserException e5 = assertThrows(
                UserException.class,
                () -> engine(() -> Pipeline.run(Stage.SEARCH, empty, run, null, false, null, null)));
        assertTrue(e5.getMessage().contains("reward window would be empty"), e5.getMessage());
        // the refused stages trained nothing, and the stage history says how the search ended
        RunDirectory dir = new RunDirectory(run);
        assertEquals(
                List.of("pretrain-0012"),
                dir.listCheckpoints().stream().map(c -> c.name()).toList(),
                "no checkpoint from a refused stage");
        assertTrue(
                MetricsFile.readAll(dir.metrics(), w -> {}).stream().noneMatch(r -> MetricRecord.STEP.equals(r.kind())),
                "no training step was recorded");
        List<StageRecord> h = StageRecord.readAll(dir.stages());
        StageRecord end = h.stream()
                .filter(r -> !r.isStart() && "search".equals(r.stage()))
                .findFirst()
                .orElseThrow();
        assertEquals("failed", end.status());
        assertTrue(end.message().contains("reward window would be empty"), end.message());
        assertEquals(1, h.stream().filter(r -> r.isStart()).count(), "the search refused at once left no record");
    }
}
