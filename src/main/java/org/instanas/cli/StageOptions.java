// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.cli;

import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.instanas.run.RunConfig;
import org.instanas.run.RunDirectory;
import org.instanas.run.RunInfo;
import org.instanas.run.Stage;
import org.instanas.run.StageRecord;
import org.instanas.run.UserException;
import picocli.CommandLine.Option;

/**
 * Options shared by the stage commands: where, what, and the hyper-parameters (their defaults, and the
 * original's options we do not implement: docs/algorithm.md §11).
 */
public final class StageOptions {
    @Option(names = "--run", required = true, paramLabel = "DIR", description = "Run directory (created if new).")
    Path run;

    @Option(
            names = "--preset",
            description =
                    "Preset: tiny, c10, c100, tiny-imagenet, imagenet, or a .json file (default: tiny, or the run's).")
    String preset;

    @Option(
            names = "--data",
            paramLabel = "SPEC",
            description = "Dataset: a path, 'samples' or 'fashion-mnist' (default: samples, or the run's).")
    String data;

    @Option(names = "--epochs", description = "Epochs of this stage.")
    Integer epochs;

    @Option(
            names = "--patience",
            paramLabel = "P",
            description = "Early stopping (fine-tuning, fixed-architecture pretraining): stop when validation accuracy "
                    + "has not improved for P epochs and keep the best validation checkpoint as the result (needs "
                    + "--max-epochs and a validation split; default 0: off).")
    Integer patience;

    @Option(
            names = "--max-epochs",
            paramLabel = "M",
            description = "With --patience: train at most M epochs (the learning rate schedule spans them).")
    Integer maxEpochs;

    @Option(
            names = "--val-split",
            paramLabel = "N",
            description = "Training images held out as the validation split every choice is made on (a seeded, "
                    + "class-balanced draw; the rest trains): N, 0 for none (then epochs are evaluated on the test "
                    + "split, labelled test-selected), or auto (default for a new run: a twelfth of the training "
                    + "split, at most 5000: 500 of the sample, 5000 of Fashion-MNIST). Fixed when the run is created.")
    String valSplit;

    @Option(
            names = "--width-multiplier",
            paramLabel = "W",
            description = "With --fixed-arch: scale the preset's channel widths by W (rounded as MobileNetV2 does), "
                    + "for the MobileNetV2 width curve (default 1). Fixed when the run is created.")
    Double widthMultiplier;

    @Option(names = "--max-steps", description = "Stop the stage after this many steps.")
    Long maxSteps;

    @Option(names = "--batch-size", description = "Training batch size (default 64).")
    Integer batchSize;

    @Option(
            names = "--test-batch-size",
            description = "Evaluation batch size (default 32; results do not depend on it).")
    Integer testBatchSize;

    @Option(names = "--train-limit", description = "Use only this many training images (0 = all).")
    Integer trainLimit;

    @Option(names = "--test-limit", description = "Use only this many test images (0 = all).")
    Integer testLimit;

    @Option(names = "--seed", description = "Seed of every random generator (default 8888).")
    Long seed;

    @Option(names = "--device", description = "auto, cpu or gpu (default auto: the GPU when libtorch sees one).")
    String device;

    @Option(names = "--threads", description = "libtorch intra-op threads (default: half the cores).")
    Integer threads;

    @Option(names = "--no-augment", description = "Train without crop/flip/cutout.")
    boolean noAugment;

    @Option(names = "--checkpoint", paramLabel = "NAME", description = "Checkpoint to start from / evaluate.")
    String checkpoint;

    @Option(names = "--resume", description = "Continue this stage from its newest complete checkpoint.")
    boolean resume;

    @Option(
            names = "--override",
            description =
                    "With --resume: continue with settings that differ from the ones the "
                            + "stage started with (the differences are recorded in stages.jsonl); without it such a resume is refused.")
    boolean override;

    @Option(names = "--quiet", description = "Plain progress lines instead of a progress bar (--progress lines).")
    boolean quiet;

    @Option(
            names = "--progress",
            paramLabel = "MODE",
            description = "auto (a bar on a terminal, plain lines when stderr is a file or pipe), bar, lines or "
                    + "none (default auto).")
    String progress = "auto";

    @Option(
            names = "--progress-interval",
            paramLabel = "S",
            description = "Seconds between two plain progress lines (default 10).")
    double progressInterval = 10;

    ProgressListener.Mode progressMode() {
        ProgressListener.Mode m = ProgressListener.Mode.parse(progress);
        return quiet && m == ProgressListener.Mode.AUTO ? ProgressListener.Mode.LINES : m;
    }

    // pretrain
    @Option(names = "--pretrain-lr", description = "Pretraining SGD learning rate (default 0.05).")
    Double pretrainLr;

    @Option(names = "--momentum", description = "SGD momentum in pretraining (default 0.9).")
    Double momentum;

    @Option(names = "--pretrain-wd", description = "Pretraining weight decay (default 1e-4).")
    Double pretrainWd;

    @Option(
            names = "--execution",
            description = "Training passes masked (every selected option on the whole batch, as the original) "
                    + "or gathered (each option on its own rows); default gathered.")
    String execution;

    @Option(names = "--lr-schedule", description = "cosine or step (default cosine).")
    String lrSchedule;

    @Option(names = "--all-on-fraction", description = "Share of pretraining with every option on (default 0.5).")
    Double allOnFraction;

    @Option(names = "--final-keep", description = "Option keep probability at the end of pretraining (default 0.5).")
    Double finalKeep;

    @Option(
            names = "--fixed-arch",
            paramLabel = "ARCH",
            description =
                    "Pretrain one fixed architecture instead of the "
                            + "one-shot meta-graph: 'mbv2' (the MobileNetV2 path trained alone, the baseline) or 85 characters 0/1.")
    String fixedArch;
    // profile
    @Option(names = "--profile-warmup", description = "Untimed warm-up rounds of the latency profile (default 10).")
    Integer profileWarmup;

    @Option(
            names = "--profile-repeats",
            description = "Timed rounds of the latency profile, every option once per round (default 50).")
    Integer profileRepeats;

    @Option(
            names = "--latency-table",
            paramLabel = "FILE",
            description = "Import this latency.json instead of measuring.")
    String latencyTable;
    // search
    @Option(names = "--lr", description = "Controller Adam learning rate (default 5e-4).")
    Double lr;

    @Option(names = "--net-lr", description = "Meta-graph SGD learning rate in search (default: --lr).")
    Double netLr;

    @Option(names = "--wd", description = "Weight decay in search (default 0).")
    Double wd;

    @Option(names = "--alpha", description = "Probability bounding (default 0.8).")
    Double alpha;

    @Option(names = "--beta", description = "Entropy weight (default 0.8).")
    Double beta;

    @Option(names = "--pos-w", description = "Reward multiplier for correct predictions (default 30).")
    Double posW;

    @Option(names = "--neg-w", description = "Reward of wrong predictions (default 0).")
    Double negW;

    @Option(names = "--lat-exp", description = "Exponent of the latency reward (default 1).")
    Double latExp;

    @Option(names = "--epoch-step", description = "Controller LR decay period in epochs (default 100).")
    Integer epochStep;

    @Option(names = "--lr-decay-ratio", description = "Controller LR decay factor (default 0.1).")
    Double lrDecayRatio;

    @Option(names = "--ub-start-fraction", description = "UB at the start, × max latency (default 0.7).")
    Double ubStart;

    @Option(names = "--ub-end-fraction", description = "UB at the end, × MobileNetV2-path latency (default 0.5).")
    Double ubEnd;

    @Option(
            names = "--lb-fraction",
            description = "LB of the reward window, × MobileNetV2-path latency (default 0: the cheapest network's).")
    Double lbFraction;

    @Option(
            names = "--window-schedule",
            description = "How UB moves from start to end: follow (default: step by step, never below the "
                    + "controller's mean sampled latency of its previous step), step (linearly, step by step) or "
                    + "epoch (once per epoch, as the original).")
    String windowSchedule;

    @Option(
            names = "--reward-statistics",
            description = "BatchNorm statistics of the search's reward forwards: running (default, as the "
                    + "original: those the sampled routes of training left) or batch (each policy's own batch).")
    String rewardStatistics;

    @Option(
            names = "--controller-pool",
            description = "Average-pool the controller's input by this factor (0 = the preset's; default 0).")
    Integer controllerPool;

    @Option(
            names = "--controller-width",
            description = "Multiply the controller's channels by this (default 1: the paper's controller).")
    Double controllerWidth;

    @Option(
            names = "--steer",
            paramLabel = "FILE",
            description = "search: read this JSON file between steps and apply the overrides it holds, e.g. "
                    + "{\"ub\": 1.2, \"beta\": 0.05} (keys ub, lb, ubEndFraction, posW, negW, beta, alpha, lr, netLr; "
                    + "{} lifts them); default: the run's steer.json, which the workbench writes.")
    Path steer;

    @Option(names = "--static", description = "Static reward window [min, max].")
    Boolean staticWindow;

    @Option(names = "--batch-iter", description = "Interleave the meta-graph step per batch.")
    Boolean batchIter;

    @Option(names = "--true-entropy", description = "Use the Bernoulli entropy instead of the original −p·log p term.")
    Boolean trueEntropy;
    // finetune, evaluate
    @Option(names = "--finetune-lr", description = "Fine-tuning learning rate (default 1e-3).")
    Double finetuneLr;

    @Option(names = "--finetune-wd", description = "Fine-tuning weight decay (default 4e-5).")
    Double finetuneWd;

    @Option(names = "--measure-images", description = "Images timed one by one for measured latency (default 200).")
    Integer measureImages;

    /**
     * The run's stored settings (if any) with the options given on this command line applied. On
     * {@code --resume} the base is what the stage last started with ({@code stages.jsonl}), so a
     * resume without options continues exactly what ran. A new run starts from {@code newRun}
     * applied to the defaults (the demo's sizes), so that an option given still wins.
     */
    /** Set by the sweep command: --patience and --max-epochs apply to all its members. */
    boolean sweep;

    /** {@code --val-split}: a number of images, 0, or "auto". */
    static int parseValSplit(String v) {
        if ("auto".equalsIgnoreCase(v.strip())) {
            return RunConfig.VAL_AUTO;
        }
        try {
            int n = Integer.parseInt(v.strip());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new UserException("--val-split: must be a number of images, 0 (none) or auto (was '" + v + "')");
    }

    RunConfig config(Stage stage, UnaryOperator<RunConfig> newRun) {
        RunConfig c = new RunConfig();
        RunDirectory dir = new RunDirectory(run);
        if (!dir.exists()) {
            c = newRun.apply(c);
        } else {
            c = RunConfig.fromMap(RunInfo.read(dir.runJson()).config());
            StageRecord last = resume ? StageRecord.lastStart(dir.stages(), stage.id()) : null;
            if (last != null && last.config() != null) {
                c = RunConfig.fromMap(last.config());
            }
        }
        if (preset != null) c.preset = preset;
        if (data != null) c.data = data;
        if (epochs != null) {
            switch (stage) {
                case PRETRAIN -> c.pretrainEpochs = epochs;
                case SEARCH -> c.searchEpochs = epochs;
                case FINETUNE -> c.finetuneEpochs = epochs;
                default -> {}
            }
        }
        if ((patience != null || maxEpochs != null) && sweep) {
            // a sweep: the variants' fine-tuning, and every fixed network's training alike
            if (patience != null) c.finetunePatience = patience;
            if (maxEpochs != null) c.finetuneMaxEpochs = maxEpochs;
        } else if (patience != null || maxEpochs != null) {
            switch (stage) {
                case PRETRAIN -> {
                    if (patience != null) c.pretrainPatience = patience;
                    if (maxEpochs != null) c.pretrainMaxEpochs = maxEpochs;
                }
                case FINETUNE -> {
                    if (patience != null) c.finetunePatience = patience;
                    if (maxEpochs != null) c.finetuneMaxEpochs = maxEpochs;
                }
                default ->
                    throw new UserException("--patience / --max-epochs: early stopping is for pretrain "
                            + "(a fixed architecture) and finetune, not " + stage.id());
            }
        }
        if (valSplit != null) c.valSplit = parseValSplit(valSplit);
        if (widthMultiplier != null) c.widthMultiplier = widthMultiplier;
        c.maxSteps = maxSteps != null ? maxSteps : 0;
        c.steerFile = steer != null ? steer.toString() : null;
        if (batchSize != null) c.batchSize = batchSize;
        if (testBatchSize != null) c.testBatchSize = testBatchSize;
        if (trainLimit != null) c.trainLimit = trainLimit;
        if (testLimit != null) c.testLimit = testLimit;
        if (seed != null) c.seed = seed;
        if (device != null) c.device = device;
        if (threads != null) c.threads = threads;
        if (noAugment) c.augment = false;
        if (pretrainLr != null) c.pretrainLr = pretrainLr;
        if (momentum != null) c.momentum = momentum;
        if (pretrainWd != null) c.pretrainWd = pretrainWd;
        if (lrSchedule != null) c.lrSchedule = lrSchedule;
        if (execution != null) c.execution = execution;
        if (allOnFraction != null) c.allOnFraction = allOnFraction;
        if (finalKeep != null) c.finalKeep = finalKeep;
        if (fixedArch != null) c.fixedArch = fixedArch;
        if (profileWarmup != null) c.profileWarmup = profileWarmup;
        if (profileRepeats != null) c.profileRepeats = profileRepeats;
        if (latencyTable != null) c.latencyTable = latencyTable;
        if (lr != null) c.lr = lr;
        if (netLr != null) c.netLr = netLr;
        if (wd != null) c.wd = wd;
        if (alpha != null) c.alpha = alpha;
        if (beta != null) c.beta = beta;
        if (posW != null) c.posW = posW;
        if (negW != null) c.negW = negW;
        if (latExp != null) c.latExp = latExp;
        if (epochStep != null) c.epochStep = epochStep;
        if (lrDecayRatio != null) c.lrDecayRatio = lrDecayRatio;
        if (ubStart != null) c.ubStartFraction = ubStart;
        if (ubEnd != null) c.ubEndFraction = ubEnd;
        if (lbFraction != null) c.lbFraction = lbFraction;
        if (staticWindow != null) c.staticWindow = staticWindow;
        if (windowSchedule != null) c.windowSchedule = windowSchedule;
        if (rewardStatistics != null) c.rewardStatistics = rewardStatistics;
        if (controllerPool != null) c.controllerPool = controllerPool;
        if (controllerWidth != null) c.controllerWidth = controllerWidth;
        if (batchIter != null) c.batchIter = batchIter;
        if (trueEntropy != null) c.trueEntropy = trueEntropy;
        if (finetuneLr != null) c.finetuneLr = finetuneLr;
        if (finetuneWd != null) c.finetuneWd = finetuneWd;
        if (measureImages != null) c.measureImages = measureImages;
        return c;
    }
}
