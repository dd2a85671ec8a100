// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.instanas.run.LatencyTable;
import org.instanas.run.MetricRecord;
import org.instanas.run.MetricsFile;
import org.instanas.run.RunConfig;
import org.instanas.run.RunDirectory;
import org.instanas.run.RunInfo;
import org.instanas.run.Stage;
import org.instanas.run.StageRecord;
import org.instanas.run.SweepPlan;
import org.instanas.run.UserException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sweep of reward windows from one pretrained run: its runs, its baseline, and continuing it. */
class SweepTest extends EngineTestBase {
    @TempDir
    Path tmp;

    @Test
    void aSweepSearchesFineTunesAndEvaluatesEachSettingAndTrainsTheBaselineAndContinuesWhereItStopped()
            throws Exception {
        Path source = tmp.resolve("pretrained");
        RunConfig cfg = PipelineTest.tinyConfig();
        cfg.searchEpochs = 1;
        cfg.windowSchedule = "step"; // so the last UB is the setting's end exactly
        engine(() -> {
            Pipeline.run(Stage.PRETRAIN, cfg, source, null, false, null, null);
            // a deterministic table (MACs), so the windows of the settings are what the test says
            LatencyTable macs = LatencyProfiler.macs(Preset.load("tiny"));
            macs.write(new RunDirectory(source).latencyJson());
            // stop during the second variant's search
            CancelToken cancel = new CancelToken();
            StageListener stop = new StageListener() {
                @Override
                public void onMetric(MetricRecord r) {
                    if (r.stage().equals("search") && r.step() == 2 && r.kind().equals(MetricRecord.STEP)) {
                        if (Files.isDirectory(SweepPlan.folderOf(source).resolve("ub-0.9"))) {
                            cancel.cancel();
                        }
                    }
                }
            };
            assertEquals(Pipeline.Outcome.CANCELLED, Sweep.run(source, cfg, List.of(1.2, 0.9), true, 0, stop, cancel));
            // a different sweep cannot be started in the same folder
            assertThrows(
                    UserException.class, () -> Sweep.run(source, cfg, List.of(0.5), true, 0, null, new CancelToken()));
            // the same sweep in another process holds the interrupted member: this one passes over it
            Path second = SweepPlan.folderOf(source).resolve("ub-0.9");
            List<String> said = new java.util.ArrayList<>();
            StageListener messages = new StageListener() {
                @Override
                public void onMessage(String message) {
                    said.add(message);
                }
            };
            try (FileChannel ch = FileChannel.open(second.resolve(".lock"), StandardOpenOption.WRITE);
                    FileLock held = ch.lock()) {
                assertEquals(
                        Pipeline.Outcome.COMPLETED,
                        Sweep.run(source, cfg, List.of(), true, 0, messages, new CancelToken()));
            }
            assertTrue(said.contains("sweep: ub-0.9 is being run by another process; on to the next"), said.toString());
            assertTrue(said.contains("sweep: done here; still running in another process: ub-0.9"), said.toString());
            assertTrue(new RunDirectory(second).listEvaluations().stream().noneMatch(n -> n.startsWith("final")));
            // run again without settings: continues the stored plan
            assertEquals(
                    Pipeline.Outcome.COMPLETED, Sweep.run(source, cfg, List.of(), true, 0, null, new CancelToken()));
        });
        Path folder = SweepPlan.folderOf(source);
        assertEquals(tmp.resolve("pretrained-sweep"), folder);
        SweepPlan plan = SweepPlan.read(folder);
        assertEquals(
                List.of("ub-1.2", "ub-0.9", "baseline"),
                plan.members().stream().map(SweepPlan.Member::name).toList());
        assertEquals("../pretrained", plan.source());
        assertEquals("pretrain-0001", plan.checkpoint());
        for (String name : List.of("ub-1.2", "ub-0.9")) {
            RunDirectory d = new RunDirectory(folder.resolve(name));
            RunConfig c = RunConfig.fromMap(RunInfo.read(d.runJson()).config());
            assertEquals(Double.parseDouble(name.substring(3)), c.ubEndFraction, 1e-12);
            assertTrue(d.listEvaluations().stream().anyMatch(n -> n.startsWith("final-finetune")), name);
            assertEquals(Files.readString(new RunDirectory(source).latencyJson()), Files.readString(d.latencyJson()));
            List<MetricRecord> m = MetricsFile.readAll(d.metrics(), w -> {});
            assertTrue(m.stream().anyMatch(r -> r.stage().equals("pretrain")), "the pretraining curves came along");
            // the UB of the search ends at the setting × the MobileNetV2 path of the shared table
            double ub = m.stream()
                    .filter(r -> r.stage().equals("search") && r.has("reward"))
                    .reduce((a, b) -> b)
                    .orElseThrow()
                    .value("ub");
            assertEquals(c.ubEndFraction * macs().baseline(), ub, 1e-9 * ub, name);
        }
        // the first variant finished before the stop: its search ran once, the second one resumed
        assertEquals(1, searchStarts(folder.resolve("ub-1.2")));
        List<StageRecord> second = StageRecord.readAll(new RunDirectory(folder.resolve("ub-0.9")).stages());
        assertTrue(
                second.stream().anyMatch(r -> "search".equals(r.stage()) && Boolean.TRUE.equals(r.resume())),
                "the interrupted search resumed");
        RunDirectory base = new RunDirectory(folder.resolve(SweepPlan.BASELINE));
        RunConfig bc = RunConfig.fromMap(RunInfo.read(base.runJson()).config());
        assertTrue(bc.trainsMobileNetV2Alone());
        assertEquals(1 + 1 + 1, bc.pretrainEpochs, "pretraining + search + fine-tuning epochs of the variants");
        assertTrue(base.listEvaluations().stream().anyMatch(n -> n.startsWith("final-pretrain")));
        assertEquals(folder, SweepPlan.sweepOf(folder.resolve("ub-0.9")));
        assertEquals(3, SweepPlan.members(folder).size());
    }

    @Test
    void settingsAreCheckedWhenThePlanIsWrittenAndVariantsNotStartedCanBeReplaced() throws Exception {
        Path source = tmp.resolve("pretrained");
        RunConfig cfg = PipelineTest.tinyConfig();
        Path folder = SweepPlan.folderOf(source);
        engine(() -> {
            Pipeline.run(Stage.PRETRAIN, cfg, source, null, false, null, null);
            macs().write(new RunDirectory(source).latencyJson());
            double floor = macs().min() / macs().baseline(); // below it UB would end under LB
            CancelToken stopped = new CancelToken();
            stopped.cancel();
            // an impossible setting is refused before anything is written, naming the setting
            double impossible = Math.floor(floor * 100) / 100;
            UserException e = assertThrows(
                    UserException.class,
                    () -> Sweep.run(source, cfg, List.of(1.2, impossible), true, 0, null, stopped));
            assertTrue(
                    e.getMessage().startsWith("--ub-end " + impossible + ": the reward window would be empty"),
                    e.getMessage());
            assertTrue(!Files.exists(folder.resolve(SweepPlan.FILE)), "no plan written");
            // a plan whose members have not started yet takes other settings; the baseline stays
            assertEquals(Pipeline.Outcome.CANCELLED, Sweep.run(source, cfg, List.of(1.2, 0.9), true, 4, null, stopped));
            List<String> said = new java.util.ArrayList<>();
            StageListener messages = new StageListener() {
                @Override
                public void onMessage(String message) {
                    said.add(message);
                }
            };
            assertEquals(
                    Pipeline.Outcome.CANCELLED, Sweep.run(source, cfg, List.of(1.2, 0.8), true, 0, messages, stopped));
            assertTrue(
                    said.contains(
                            "sweep: plan changed to ub-end 1.2,0.8 (dropped, not started: ub-0.9; added: ub-0.8)"),
                    said.toString());
            SweepPlan plan = SweepPlan.read(folder);
            assertEquals(
                    List.of("ub-1.2", "ub-0.8", "baseline"),
                    plan.members().stream().map(SweepPlan.Member::name).toList());
            assertEquals(4, plan.baseline().epochs(), "the baseline as first planned");
            // ...but a variant that started (has its run folder) is not dropped
            Files.createDirectories(folder.resolve("ub-0.8"));
            UserException refused = assertThrows(
                    UserException.class, () -> Sweep.run(source, cfg, List.of(1.2, 0.7), true, 0, null, stopped));
            assertTrue(refused.getMessage().contains("ub-0.8 started"), refused.getMessage());
            assertEquals(plan, SweepPlan.read(folder), "the plan is unchanged");
        });
    }

    private static LatencyTable macs() {
        return LatencyProfiler.macs(Preset.load("tiny"));
    }

    private static long searchStarts(Path run) {
        return StageRecord.readAll(new RunDirectory(run).stages()).stream()
                .filter(r -> "search".equals(r.stage()) && StageRecord.START.equals(r.event()))
                .count();
    }

    @Test
    void theWidthCurveAndTheControlsTrainAloneWithEarlyStoppingOnTheSharedValidationSplit() throws Exception {
        Path source = tmp.resolve("pretrained");
        RunConfig cfg = PipelineTest.tinyConfig();
        cfg.searchEpochs = 1;
        cfg.valSplit = 40;
        cfg.staticWindow = true;
        cfg.ubStartFraction = 1.0;
        cfg.ubEndFraction = 1.2;
        List<String> said = new java.util.ArrayList<>();
        StageListener messages = new StageListener() {
            @Override
            public void onMessage(String message) {
                said.add(message);
            }
        };
        engine(() -> {
            Pipeline.run(Stage.PRETRAIN, cfg, source, null, false, null, null);
            LatencyProfiler.macs(Preset.load("tiny")).write(new RunDirectory(source).latencyJson());
            RunConfig sweep = RunConfig.fromMap(
                    RunInfo.read(new RunDirectory(source).runJson()).config());
            sweep.finetunePatience = 1;
            sweep.finetuneMaxEpochs = 3;
            sweep.pretrainLr = 1e-12; // the fixed networks learn nothing: the patience ends them after 2 epochs
            assertEquals(
                    Pipeline.Outcome.COMPLETED,
                    Sweep.run(source, sweep, List.of(1.2), new Sweep.Fixed(List.of(0.5, 1.0), 1), 0, messages, null));
        });
        Path folder = SweepPlan.folderOf(source);
        SweepPlan plan = SweepPlan.read(folder);
        assertEquals(
                List.of("ub-1.2", "mbv2-w0.5", "baseline", "ub-1.2-control-1"),
                plan.members().stream().map(SweepPlan.Member::name).toList());
        assertEquals("baseline", plan.baseline().name());
        RunDirectory variant = new RunDirectory(folder.resolve("ub-1.2"));
        String eval = variant.listEvaluations().stream()
                .filter(n -> n.startsWith("final-"))
                .findFirst()
                .orElseThrow();
        // the control trains the variant's most frequent test architecture alone
        java.util.Map<String, Long> counts = org.instanas.run.RoutingCsv.read(variant.routingCsv(eval)).stream()
                .collect(java.util.stream.Collectors.groupingBy(
                        org.instanas.run.RoutingRow::arch, java.util.stream.Collectors.counting()));
        long most = counts.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        RunDirectory control = new RunDirectory(folder.resolve("ub-1.2-control-1"));
        RunConfig cc = RunConfig.fromMap(RunInfo.read(control.runJson()).config());
        assertEquals(most, counts.get(cc.fixedArch));
        assertTrue(said.stream().anyMatch(m -> m.startsWith("sweep: ub-1.2-control-1 trains ub-1.2's architecture")));
        for (String name : List.of("mbv2-w0.5", "baseline", "ub-1.2-control-1")) {
            RunDirectory d = new RunDirectory(folder.resolve(name));
            RunConfig c = RunConfig.fromMap(RunInfo.read(d.runJson()).config());
            assertEquals(40, c.valSplit, name + ": the source's validation split");
            assertEquals(1, c.pretrainPatience, name);
            assertEquals(
                    List.of("pretrain-0001", "pretrain-0002"),
                    d.listCheckpoints().stream()
                            .map(org.instanas.run.CheckpointInfo::name)
                            .toList(),
                    name + " stopped early, its best and newest checkpoints kept");
            assertEquals(List.of("final-pretrain-0001"), d.listEvaluations(), name + ": tested once, the selected one");
        }
        RunConfig narrow = RunConfig.fromMap(RunInfo.read(new RunDirectory(folder.resolve("mbv2-w0.5")).runJson())
                .config());
        assertEquals(0.5, narrow.widthMultiplier);
        // the reference and the controls share the source's table; another width measures its own
        assertEquals(
                Files.readString(new RunDirectory(source).latencyJson()),
                Files.readString(new RunDirectory(folder.resolve("baseline")).latencyJson()));
        LatencyTable own = LatencyTable.read(new RunDirectory(folder.resolve("mbv2-w0.5")).latencyJson());
        assertTrue(own.baseline() > 0);
    }
}
