// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.instanas.data.ImageSet;
import org.instanas.run.CheckpointInfo;
import org.instanas.run.EvalSummary;
import org.instanas.run.Metric;
import org.instanas.run.MetricRecord;
import org.instanas.run.MetricsFile;
import org.instanas.run.RunConfig;
import org.instanas.run.RunDirectory;
import org.instanas.run.RunInfo;
import org.instanas.run.Stage;
import org.instanas.run.UserException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The validation split every choice is made on: drawn class-balanced and seeded, epochs evaluated on
 * it, early stopping on it, the evaluation of the validation-selected checkpoint on the test split,
 * and the settings fixed at a run's creation.
 */
class ValidationSplitTest extends EngineTestBase {
    @TempDir
    Path tmp;

    /** 10 classes of unequal sizes (class c has 20 + 4c images); each image's first pixel is its index. */
    private static ImageSet unequalClasses() {
        int n = 0;
        for (int c = 0; c < 10; c++) {
            n += 20 + 4 * c;
        }
        int[] labels = new int[n];
        byte[] px = new byte[n * 4];
        for (int c = 0, i = 0; c < 10; c++) {
            for (int k = 0; k < 20 + 4 * c; k++, i++) {
                labels[i] = c;
                px[i * 4] = (byte) i;
                px[i * 4 + 1] = (byte) (i >> 8);
            }
        }
        return new ImageSet(1, 2, 2, px, labels);
    }

    private static Set<Integer> ids(ImageSet s) {
        Set<Integer> out = new HashSet<>();
        for (int i = 0; i < s.size(); i++) {
            out.add((s.pixels()[i * 4] & 0xff) | (s.pixels()[i * 4 + 1] & 0xff) << 8);
        }
        return out;
    }

    @Test
    void theHoldOutIsClassBalancedDisjointAndSeeded() {
        ImageSet s = unequalClasses(); // 380 images
        ImageSet[] a = RunContext.holdOut(s, 38, 10, 8888 + RunContext.VALIDATION_SEED);
        assertEquals(342, a[0].size());
        assertEquals(38, a[1].size());
        int[] counts = a[1].classCounts(10);
        int[] all = s.classCounts(10);
        for (int c = 0; c < 10; c++) {
            // in proportion to the class's size, within the rounding
            assertEquals(38.0 * all[c] / 380, counts[c], 1.0, "class " + c);
        }
        Set<Integer> train = ids(a[0]);
        Set<Integer> val = ids(a[1]);
        assertEquals(38, val.size());
        assertTrue(train.stream().noneMatch(val::contains), "disjoint");
        assertEquals(380, train.size() + val.size());
        // the same seed draws the same split (every run of a sweep shares it); another seed another
        ImageSet[] again = RunContext.holdOut(s, 38, 10, 8888 + RunContext.VALIDATION_SEED);
        assertArrayEquals(a[1].pixels(), again[1].pixels());
        assertNotEquals(val, ids(RunContext.holdOut(s, 38, 10, 1234)[1]));
        // the default: 500 of the sample's 6 000, 5 000 of Fashion-MNIST's 60 000, at most 5 000
        assertEquals(500, RunContext.autoValidation(6000));
        assertEquals(5000, RunContext.autoValidation(60000));
        assertEquals(4167, RunContext.autoValidation(50000));
        assertEquals(5000, RunContext.autoValidation(1_281_167));
    }

    private static RunConfig fixedRun() {
        RunConfig c = PipelineTest.tinyConfig();
        c.fixedArch = "mbv2";
        c.valSplit = 60;
        c.testLimit = 30; // also caps the validation split: 30 of the 60 are evaluated
        c.trainLimit = 32;
        c.pretrainLr = 1e-12; // nothing learns: validation accuracy stays where it is
        c.pretrainPatience = 1;
        c.pretrainMaxEpochs = 5;
        return c;
    }

    @Test
    void earlyStoppingKeepsTheBestValidationCheckpointAndEvaluateTestsOnlyIt() throws Exception {
        Path run = tmp.resolve("fixed");
        RunConfig cfg = fixedRun();
        engine(() -> {
            assertEquals(
                    Pipeline.Outcome.COMPLETED,
                    Pipeline.run(Stage.PRETRAIN, cfg, run, null, false, new StageListener() {}, new CancelToken()));
        });
        RunDirectory dir = new RunDirectory(run);
        assertEquals(60, ((Number) RunInfo.read(dir.runJson()).config().get("valSplit")).intValue());
        List<MetricRecord> records = MetricsFile.readAll(dir.metrics(), w -> {});
        List<MetricRecord> epochs = records.stream()
                .filter(r -> r.kind().equals(MetricRecord.EPOCH))
                .toList();
        // an unchanged accuracy is no improvement: epoch 1 is the best, epoch 2 ends the patience
        assertEquals(2, epochs.size(), "stopped after 2 of at most 5 epochs: " + epochs);
        epochs.forEach(r -> assertEquals(1.0, r.values().get(Metric.VALIDATION)));
        MetricRecord stop = records.stream()
                .filter(r -> r.values().containsKey(Metric.STOPPED_EARLY))
                .findFirst()
                .orElseThrow();
        assertTrue(stop.message().contains("pretrain-0001"), stop.message());
        List<String> kept =
                dir.listCheckpoints().stream().map(CheckpointInfo::name).toList();
        assertEquals(List.of("pretrain-0001", "pretrain-0002"), kept, "the best and the newest");
        CheckpointInfo best = Checkpoints.best(dir, Stage.PRETRAIN.id());
        assertEquals("pretrain-0001", best.name());

        engine(() -> {
            // a resume finds the stage finished: nothing more is trained
            Pipeline.run(Stage.PRETRAIN, cfg, run, null, true, new StageListener() {}, new CancelToken());
            Pipeline.run(Stage.EVALUATE, cfg, run, null, false, new StageListener() {}, new CancelToken());
        });
        assertEquals(
                2,
                MetricsFile.readAll(dir.metrics(), w -> {}).stream()
                        .filter(r ->
                                r.kind().equals(MetricRecord.EPOCH) && r.stage().equals(Stage.PRETRAIN.id()))
                        .count());
        // the test split is evaluated once, for the validation-selected checkpoint
        assertEquals(List.of("final-pretrain-0001"), dir.listEvaluations());
        EvalSummary e = EvalSummary.read(dir.evalSummary("final-pretrain-0001"));
        assertEquals(EvalSummary.TEST, e.split());
        assertEquals(30, e.images());
    }

    @Test
    void epochEvaluationsOfSearchAndFinetuneRunOnTheValidationSplit() throws Exception {
        Path run = tmp.resolve("search");
        RunConfig cfg = PipelineTest.tinyConfig();
        cfg.valSplit = 40;
        cfg.testLimit = 0;
        cfg.searchEpochs = 1;
        cfg.staticWindow = true;
        cfg.testBatchSize = 40;
        engine(() -> {
            for (Stage s : List.of(Stage.PRETRAIN, Stage.SEARCH, Stage.FINETUNE, Stage.EVALUATE)) {
                Pipeline.run(s, cfg, run, null, false, new StageListener() {}, new CancelToken());
            }
        });
        RunDirectory dir = new RunDirectory(run);
        assertEquals(List.of("finetune-0001", "search-0001"), dir.listValidations());
        EvalSummary v = EvalSummary.read(dir.validationSummary("finetune-0001"));
        assertTrue(v.onValidation());
        assertEquals(40, v.images());
        assertFalse(Files.exists(dir.routing().resolve("finetune-0001.csv")), "no per-image table of validation");
        // the test split only by 'evaluate', on all 1 000 of the sample's test images
        assertEquals(List.of("final-finetune-0001"), dir.listEvaluations());
        assertEquals(
                1000, EvalSummary.read(dir.evalSummary("final-finetune-0001")).images());
        assertEquals(
                v.accuracy(),
                dir.listCheckpoints().stream()
                        .filter(c -> c.name().equals("finetune-0001"))
                        .findFirst()
                        .orElseThrow()
                        .summary()
                        .get(Metric.VAL_ACCURACY),
                1e-12);
    }

    @Test
    void settingsFixedAtCreationAreRefusedWhenChanged() throws Exception {
        Path run = tmp.resolve("fixed");
        RunConfig cfg = fixedRun();
        cfg.pretrainMaxEpochs = 1;
        engine(() -> Pipeline.run(Stage.PRETRAIN, cfg, run, null, false, new StageListener() {}, new CancelToken()));
        RunConfig other = fixedRun();
        other.valSplit = 80;
        UserException e = assertThrows(
                UserException.class,
                () -> engine(() -> Pipeline.run(
                        Stage.EVALUATE, other, run, null, false, new StageListener() {}, new CancelToken())));
        assertTrue(e.getMessage().contains("holds out 60 validation images"), e.getMessage());
        RunConfig wider = fixedRun();
        wider.widthMultiplier = 1.4;
        e = assertThrows(
                UserException.class,
                () -> engine(() -> Pipeline.run(
                        Stage.EVALUATE, wider, run, null, false, new StageListener() {}, new CancelToken())));
        assertTrue(e.getMessage().contains("--width-multiplier 1.4"), e.getMessage());
        // early stopping needs a validation split; a width multiplier needs a fixed architecture
        RunConfig none = fixedRun();
        none.valSplit = 0;
        assertTrue(String.join("; ", none.problems()).contains("early stopping needs a validation split"));
        RunConfig meta = PipelineTest.tinyConfig();
        meta.widthMultiplier = 0.5;
        assertTrue(String.join("; ", meta.problems()).contains("width-multiplier: only for a fixed-architecture"));
    }

    @Test
    void widthMultiplierRoundsAsMobileNetV2() {
        // MobileNetV2's _make_divisible(v, 8): 33.6 → 32, 11.2 → 16 (8 would lose more than 10 %), 5.6 → 8
        assertEquals(32, Preset.divisible(33.6));
        assertEquals(16, Preset.divisible(11.2));
        assertEquals(8, Preset.divisible(5.6));
        assertEquals(24, Preset.divisible(24));
        Preset tiny = Preset.load("tiny");
        assertEquals(tiny, tiny.widened(1.0));
        Preset wide = tiny.widened(1.4);
        Preset narrow = tiny.widened(0.5);
        int[][] c1 = tiny.cells();
        int[][] c14 = wide.cells();
        int[][] c05 = narrow.cells();
        for (int t = 0; t < c1.length; t++) {
            assertTrue(c14[t][1] >= c1[t][1] && c05[t][1] <= c1[t][1], "cell " + t);
            assertEquals(0, c14[t][1] % 8);
        }
        assertTrue(c14[c1.length - 1][1] > c1[c1.length - 1][1]);
        assertTrue(c05[c1.length - 1][1] < c1[c1.length - 1][1]);
        // below 1 the head keeps its channels, above 1 it grows (as MobileNetV2's last_channel)
        assertEquals(tiny.headOut(), narrow.headOut());
        assertTrue(wide.headOut() > tiny.headOut());
    }
}
