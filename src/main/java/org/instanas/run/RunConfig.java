// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.run;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every setting of a run, by the name the CLI uses (without dashes, camel case). Stored as the
 * {@code config} of {@code run.json}; the search's reward and optimiser defaults are the original's,
 * with its README recipe's values where it sets them (docs/algorithm.md §11).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public final class RunConfig {
    // --- what and where
    public String preset = "tiny";
    public String data = "samples";
    public long seed = 8888;
    /** auto (GPU when DJL sees one), cpu or gpu */
    public String device = "auto";
    /** libtorch intra-op threads; 0 = the engine's default */
    public int threads = 0;
    /** limit of training / test images used (0 = all): for quick runs and tests */
    public int trainLimit = 0;

    public int testLimit = 0;

    /**
     * Training images held out as the validation split, on which every choice is made (the best
     * epoch, early stopping, a variant's checkpoint): a seeded, class-balanced draw from the training
     * split, which then trains on the rest. {@link #VAL_AUTO} (the default of a new run): a twelfth of
     * the training split, at most 5 000 (500 of the bundled sample's 6 000, 5 000 of Fashion-MNIST's
     * 60 000); 0: none, the end-of-epoch evaluations then run on the test split (runs recorded before
     * this setting read as 0). Fixed for the life of a run; {@code testLimit} also caps it.
     */
    public int valSplit = VAL_AUTO;

    /** {@link #valSplit}'s "choose for the data": resolved when the run is created. */
    public static final int VAL_AUTO = -1;
    /** stop each stage after this many steps (0 = no limit) */
    public long maxSteps = 0;

    public int batchSize = 64;
    /**
     * How training passes run the meta-graph: "masked" (every selected option on the whole batch,
     * multiplied by its 0/1 mask, as the original) or "gathered" (each option only on the rows that
     * selected it; BatchNorm then normalises over those rows; docs/algorithm.md §12). Gathered by
     * default: no accuracy difference in any A/B, 2–7× faster training (docs/performance.md)
     */
    public String execution = "gathered";

    /**
     * Evaluation batch size. Small on purpose: on CPU, {@code evaluate} of a tiny run took 2.5-2.9x
     * as long at 250 images per batch as at 32 (activations no longer fit the caches;
     * docs/performance.md "The demo"); results do not depend on it (eval mode).
     */
    public int testBatchSize = 32;

    public boolean augment = true;

    // --- pretrain (docs/algorithm.md §7.1)
    public int pretrainEpochs = 10;
    public double pretrainLr = 0.05;
    public double momentum = 0.9;
    public boolean nesterov = true;
    public double pretrainWd = 1e-4;
    /** cosine or step (×0.1 at 50 %, ×0.01 at 75 %) */
    public String lrSchedule = "cosine";
    /** fraction of pretraining with all options on; afterwards options are dropped with a growing rate */
    public double allOnFraction = 0.5;
    /** keep probability reached at the end of pretraining */
    public double finalKeep = 0.5;
    /**
     * Train one fixed architecture instead of the one-shot meta-graph: empty (the one-shot
     * schedule), "mbv2" (option 0 in every cell: the MobileNetV2 path trained alone, the paper's
     * baseline) or an 85-character architecture string. Such a run's pretrain checkpoints are
     * evaluated as that architecture.
     */
    public String fixedArch = "";

    /**
     * Early stopping of fixed-architecture pretraining and of fine-tuning: with a patience P &gt; 0
     * the stage trains up to its max-epochs (its learning rate schedule spans them) and stops when
     * the validation accuracy has not improved for P epochs; the best validation checkpoint is the
     * stage's result. 0 = off (the stage's epochs). Needs a validation split.
     */
    public int pretrainPatience = 0;

    public int pretrainMaxEpochs = 0;
    public int finetunePatience = 0;
    public int finetuneMaxEpochs = 0;

    /**
     * Width multiplier of a fixed-architecture run (the MobileNetV2 width curve): every cell's,
     * the stem's and (above 1) the head's channels scaled from the preset's, rounded as MobileNetV2
     * rounds them (to a multiple of 8, never more than 10 % below). 1 = the preset's widths.
     */
    public double widthMultiplier = 1.0;

    // --- profile (docs/algorithm.md §4)
    public int profileWarmup = 10;
    public int profileRepeats = 50;
    /** a latency.json to import instead of measuring */
    public String latencyTable = null;

    // --- search (docs/algorithm.md §6, §7.2)
    public int searchEpochs = 10;
    /** controller Adam learning rate */
    public double lr = 5e-4;
    /** meta-graph SGD learning rate during search (0 = same as lr) */
    public double netLr = 0;

    public double wd = 0;
    public double alpha = 0.8;
    public double beta = 0.8;
    public double posW = 30;
    public double negW = 0;
    public double latExp = 1;
    public int epochStep = 100;
    public double lrDecayRatio = 0.1;
    public double ubStartFraction = 0.7;
    public double ubEndFraction = 0.5;
    /**
     * The window's LB as a fraction of the MobileNetV2 path's table latency; 0 (the default, the
     * original) or anything below the cheapest network: the cheapest network's latency. With LB at the
     * cheapest network, the window's centre lies below half the MobileNetV2 path for every ub-end up to
     * 1; a higher LB centres the window on denser routes (a sweep's slower variants)
     */
    public double lbFraction = 0;

    public boolean staticWindow = false;
    /**
     * How the window's UB moves from its start to its end: "step" (linearly, step by step of the
     * controller), "follow" (the default: as "step", but never below the mean latency the controller
     * sampled at its previous step, so the window tightens only as fast as the controller follows;
     * chosen by the demo A/B in docs/performance.md) or "epoch" (once per epoch, as the original; runs
     * recorded before this setting existed read as "epoch")
     */
    public String windowSchedule = "follow";

    /**
     * The BatchNorm statistics of the search's two reward forwards (greedy and sampled policies):
     * "running" (the original: eval mode, the running statistics the meta-graph pass left, which were
     * gathered on the sampled routes) or "batch" (each forward normalised by its own batch's statistics,
     * the running ones untouched; so the greedy baseline is scored on statistics of greedy routes, as
     * the evaluation's re-estimation scores it). Runs recorded before this setting read as "running".
     */
    public String rewardStatistics = "running";

    /**
     * The request file a search reads between steps to be steered ({@link Steering}); null: the run's
     * own steer.json, which the workbench writes
     */
    public String steerFile = null;

    public boolean batchIter = false;
    /**
     * The controller's input pooling factor (0 = the preset's) and channel width multiplier: a smaller
     * controller costs less per image (docs/algorithm.md §5; docs/performance.md "The controller's cost")
     */
    public int controllerPool = 0;

    public double controllerWidth = 1.0;
    public boolean trueEntropy = false;

    // --- finetune (docs/algorithm.md §7.3)
    public int finetuneEpochs = 5;
    public double finetuneLr = 1e-3;
    public double finetuneWd = 4e-5;

    // --- evaluate
    /** images timed one by one for the measured (wall-clock) latency; 0 = none */
    public int measureImages = 200;

    /** Whether training passes run gathered (see {@link #execution}). */
    public boolean gatheredTraining() {
        return "gathered".equals(execution);
    }

    /** Whether this run trains one fixed architecture (see {@link #fixedArch}). */
    public boolean hasFixedArch() {
        return fixedArch != null && !fixedArch.isBlank();
    }

    /** Whether this run is the MobileNetV2 path trained alone (the baseline of the variants). */
    public boolean trainsMobileNetV2Alone() {
        return hasFixedArch() && Arch.MBV2.equalsIgnoreCase(fixedArch.strip());
    }

    public RunConfig copy() {
        return Json.MAPPER.convertValue(toMap(), RunConfig.class);
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> toMap() {
        return new LinkedHashMap<>(Json.MAPPER.convertValue(this, Map.class));
    }

    public static RunConfig fromMap(Map<String, Object> map) {
        if (map == null) {
            return new RunConfig();
        }
        RunConfig c = Json.MAPPER.convertValue(map, RunConfig.class);
        if (!map.containsKey("windowSchedule")) {
            c.windowSchedule = "epoch"; // what every run recorded before the setting did
        }
        if (!map.containsKey("rewardStatistics")) {
            c.rewardStatistics = "running"; // likewise, whatever the default becomes
        }
        if (!map.containsKey("valSplit")) {
            c.valSplit = 0; // runs recorded before the setting evaluated every epoch on the test split
        }
        if (!map.containsKey("execution")) {
            c.execution = "masked"; // every run recorded before the setting trained masked
        }
        return c;
    }

    /** Whether this run holds out a validation split (resolved, or still to be resolved at creation). */
    public boolean hasValidation() {
        return valSplit != 0;
    }

    /** The epochs a stage trains at most: its max-epochs with early stopping, else its epochs. */
    public static int stageEpochs(int epochs, int patience, int maxEpochs) {
        return patience > 0 && maxEpochs > 0 ? maxEpochs : epochs;
    }

    /** Whether the run's widths differ from its preset's (see {@link #widthMultiplier}). */
    public boolean widthScaled() {
        return widthMultiplier != 1.0;
    }

    /** Whether the window's UB moves step by step (see {@link #windowSchedule}). */
    public boolean windowPerStep() {
        return "step".equals(windowSchedule) || windowFollows();
    }

    /** Whether the window's UB follows the controller's sampled latency (see {@link #windowSchedule}). */
    public boolean windowFollows() {
        return "follow".equals(windowSchedule);
    }

    /** Every problem with the values, each naming the setting; empty when valid. */
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        if (preset == null || preset.isBlank()) {
            p.add("preset: must be given");
        }
        if (data == null || data.isBlank()) {
            p.add("data: must be given");
        }
        if (!List.of("auto", "cpu", "gpu").contains(device)) {
            p.add("device: must be auto, cpu or gpu (was " + device + ")");
        }
        positive(p, "batch-size", batchSize);
        positive(p, "test-batch-size", testBatchSize);
        nonNegative(p, "threads", threads);
        nonNegative(p, "train-limit", trainLimit);
        nonNegative(p, "test-limit", testLimit);
        nonNegative(p, "max-steps", maxSteps);
        if (valSplit < VAL_AUTO) {
            p.add("val-split: must be a number of images, 0 (none) or -1 (auto) (was " + valSplit + ")");
        }
        nonNegative(p, "patience", Math.min(pretrainPatience, finetunePatience));
        nonNegative(p, "max-epochs", Math.min(pretrainMaxEpochs, finetuneMaxEpochs));
        if ((pretrainPatience > 0 || finetunePatience > 0) && !hasValidation()) {
            p.add("patience: early stopping needs a validation split (--val-split N, N > 0); "
                    + "this run has none, and stopping on test accuracy would select on the test split");
        }
        if (pretrainPatience > 0 && !hasFixedArch()) {
            p.add("patience: pretraining the one-shot meta-graph follows its drop schedule over all its "
                    + "epochs; early stopping is for fixed-architecture runs (--fixed-arch) and fine-tuning");
        }
        range(p, "width-multiplier", widthMultiplier, 0.1, 4);
        if (widthScaled() && !hasFixedArch()) {
            p.add("width-multiplier: only for a fixed-architecture run (--fixed-arch); the one-shot "
                    + "meta-graph and its latency table keep the preset's widths");
        }
        nonNegative(p, "pretrain-epochs", pretrainEpochs);
        nonNegative(p, "search-epochs", searchEpochs);
        nonNegative(p, "finetune-epochs", finetuneEpochs);
        positiveReal(p, "pretrain-lr", pretrainLr);
        positiveReal(p, "lr", lr);
        positiveReal(p, "finetune-lr", finetuneLr);
        if (!(netLr >= 0) || !Double.isFinite(netLr)) {
            p.add("net-lr: must be 0 (same as lr) or positive (was " + netLr + ")");
        }
        range(p, "momentum", momentum, 0, 1);
        range(p, "alpha", alpha, 0.5, 1);
        range(p, "ub-start-fraction", ubStartFraction, 0, 10);
        range(p, "ub-end-fraction", ubEndFraction, 0, 10);
        range(p, "lb-fraction", lbFraction, 0, 10);
        if (lbFraction > 0 && !staticWindow && !(ubEndFraction > lbFraction)) {
            p.add("lb-fraction: must be below ub-end-fraction, " + ubEndFraction + " (was " + lbFraction + ")");
        }
        range(p, "all-on-fraction", allOnFraction, 0, 1);
        range(p, "final-keep", finalKeep, 0.01, 1);
        for (var e : Map.of(
                        "pretrain-wd", pretrainWd, "wd", wd, "finetune-wd", finetuneWd, "beta", beta, "lat-exp", latExp)
                .entrySet()) {
            if (!(e.getValue() >= 0) || !Double.isFinite(e.getValue())) {
                p.add(e.getKey() + ": must be zero or positive (was " + e.getValue() + ")");
            }
        }
        if (!Double.isFinite(posW) || !Double.isFinite(negW)) {
            p.add("pos-w / neg-w: must be finite numbers");
        }
        if (!List.of("masked", "gathered").contains(execution)) {
            p.add("execution: must be masked or gathered (was " + execution + ")");
        }
        if (!List.of("running", "batch").contains(rewardStatistics)) {
            p.add("reward-statistics: must be running or batch (was " + rewardStatistics + ")");
        }
        if (!List.of("step", "follow", "epoch").contains(windowSchedule)) {
            p.add("window-schedule: must be step, follow or epoch (was " + windowSchedule + ")");
        }
        if (!List.of("cosine", "step").contains(lrSchedule)) {
            p.add("lr-schedule: must be cosine or step (was " + lrSchedule + ")");
        }
        positive(p, "epoch-step", epochStep);
        range(p, "controller-pool", controllerPool, 0, 8);
        range(p, "controller-width", controllerWidth, 0.125, 4);
        if (hasFixedArch()) {
            try {
                Arch.fixed(fixedArch);
            } catch (IllegalArgumentException e) {
                p.add("fixed-arch: " + e.getMessage());
            }
        }
        positive(p, "profile-repeats", profileRepeats);
        nonNegative(p, "profile-warmup", profileWarmup);
        nonNegative(p, "measure-images", measureImages);
        return p;
    }

    private static void positive(List<String> p, String name, long v) {
        if (v <= 0) {
            p.add(name + ": must be at least 1 (was " + v + ")");
        }
    }

    private static void nonNegative(List<String> p, String name, long v) {
        if (v < 0) {
            p.add(name + ": must not be negative (was " + v + ")");
        }
    }

    private static void positiveReal(List<String> p, String name, double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            p.add(name + ": must be a positive number (was " + v + ")");
        }
    }

    private static void range(List<String> p, String name, double v, double lo, double hi) {
        if (!(v >= lo && v <= hi)) {
            p.add(name + ": must be between " + lo + " and " + hi + " (was " + v + ")");
        }
    }
}
