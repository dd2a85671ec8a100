// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.engine;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.instanas.data.Augment;
import org.instanas.data.DatasetSplits;
import org.instanas.run.Arch;
import org.instanas.run.CheckpointInfo;
import org.instanas.run.EvalSummary;
import org.instanas.run.LatencyTable;
import org.instanas.run.Metric;
import org.instanas.run.MetricRecord;
import org.instanas.run.RunConfig;
import org.instanas.run.RunDirectory;
import org.instanas.run.Stage;
import org.instanas.run.UserException;

/** The loops of pretrain, profile, search, finetune and evaluate (docs/algorithm.md §7) over one open run. */
final class StageLoop {
    private static final long CHECKPOINT_EVERY_MS = 10 * 60 * 1000L;

    private final RunContext ctx;
    private final RunConfig cfg;
    private final NDManager root;
    private long globalStep;
    private int epoch;
    private long lastCheckpoint = System.currentTimeMillis();
    private long stepTimer = System.nanoTime();

    StageLoop(RunContext ctx, NDManager root) {
        this.ctx = ctx;
        this.cfg = ctx.cfg;
        this.root = root;
    }

    long globalStep() {
        return globalStep;
    }

    int epoch() {
        return epoch;
    }

    private MetaGraph newNet() {
        return new MetaGraph(root, ctx.preset, ctx.classes(), cfg.seed);
    }

    private Controller newController() {
        return new Controller(root, ctx.preset, cfg.seed + 1);
    }

    private Augment augment() {
        DatasetSplits d = ctx.data();
        return cfg.augment ? Augment.standard(d, ctx.preset.inputSize()) : Augment.NONE;
    }

    private Batches batches(int e, int from, String stage) {
        DatasetSplits d = ctx.data();
        long seed = cfg.seed * 31 + stage.hashCode();
        return new Batches(
                ctx.train(),
                d.mean(),
                d.std(),
                augment(),
                Math.min(cfg.batchSize, ctx.train().size()),
                seed,
                e,
                from,
                true);
    }

    private double imagesPerSecond(int batch) {
        long now = System.nanoTime();
        double dt = (now - stepTimer) / 1e9;
        stepTimer = now;
        return dt > 0 ? batch / dt : Double.NaN;
    }

    private boolean limitReached() {
        return cfg.maxSteps > 0 && globalStep >= cfg.maxSteps;
    }

    private int stepsPerEpoch() {
        return Math.max(
                1, ctx.train().size() / Math.min(cfg.batchSize, ctx.train().size()));
    }

    private static Map<String, Object> state(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static int intOf(Map<String, Object> s, String k) {
        Object v = s.get(k);
        return v == null ? 0 : ((Number) v).intValue();
    }

    private static long longOf(Map<String, Object> s, String k) {
        Object v = s.get(k);
        return v == null ? 0 : ((Number) v).longValue();
    }

    private void progress(String stage, long total, double ips) {
        ctx.listener.onProgress(stage, globalStep, total, ips);
    }

    /**
     * Continues a stage from its own checkpoint: weights (and controller), optimizer state, the
     * metrics stream cut back to the checkpoint, and the step counter. The caller reads its loop
     * position and optimizer step counts from {@code c.state()}.
     */
    private void resumeFrom(CheckpointInfo c, MetaGraph net, Controller ctrl, Optim netOpt, Optim ctrlOpt)
            throws IOException {
        Checkpoints.load(c, ctx.preset.name(), net, ctrl);
        Checkpoints.restoreOptim(c, netOpt, net, 1, ctrlOpt, ctrl, 2);
        Checkpoints.rewindMetrics(ctx, c);
        globalStep = c.step();
        ctx.event(c.stage(), intOf(c.state(), "epoch"), globalStep, c.stage() + " resumed from " + c.name());
    }

    // ------------------------------------------------------------------ pretrain

    Pipeline.Outcome pretrain(String from, boolean resume) throws Exception {
        String stage = Stage.PRETRAIN.id();
        MetaGraph net = newNet();
        Optim opt = new Optim.Sgd(root, cfg.pretrainLr, cfg.momentum, cfg.nesterov, cfg.pretrainWd);
        int startEpoch = 0;
        int startStep = 0;
        CheckpointInfo c = resume ? Checkpoints.newest(ctx.dir, stage) : null;
        if (resume && c == null) {
            ctx.listener.onMessage("no pretrain checkpoint to resume from: starting pretraining");
        }
        if (c != null) {
            resumeFrom(c, net, null, opt, null);
            startEpoch = intOf(c.state(), "epoch");
            startStep = intOf(c.state(), "stepInEpoch");
            opt.setSteps(longOf(c.state(), "optSteps"));
        } else {
            Checkpoints.dropOrphanRecords(ctx, stage);
            if (from != null) {
                Checkpoints.load(Checkpoints.byName(ctx.dir, from), ctx.preset.name(), net, null);
            }
            ctx.event(
                    stage,
                    0,
                    0,
                    "pretrain started: " + cfg.pretrainEpochs + " epochs, "
                            + net.params().count()
                            + " parameters, " + ctx.train().size() + " training images"
                            + (cfg.hasFixedArch() ? ", fixed architecture " + cfg.fixedArch.strip() : ""));
        }
        Steps steps =
                cfg.hasFixedArch() ? Steps.fixed(root, net, Arch.fixed(cfg.fixedArch)) : new Steps(root, net, null);
        int epochs = cfg.pretrainEpochs;
        int spe = stepsPerEpoch();
        long total = (long) epochs * spe;
        long allOn = Math.round(cfg.allOnFraction * total);
        for (epoch = startEpoch; epoch < epochs; epoch++) {
            double keep = keepAt(globalStep, allOn, total, cfg.finalKeep);
            try (Batches bs = batches(epoch, epoch == startEpoch ? startStep : 0, stage)) {
                Batches.Batch b;
                while ((b = bs.next()) != null) {
                    if (ctx.cancel.isCancelled()) {
                        saveStep(stage, net, null, opt, null, b.step(), null, Map.of(Metric.LR, opt.lr()));
                        ctx.event(
                                stage, epoch, globalStep, "pretrain cancelled at step " + globalStep + " (resumable)");
                        return Pipeline.Outcome.CANCELLED;
                    }
                    ctx.cancel.awaitResumed();
                    double lr = schedule(cfg.pretrainLr, globalStep, total, epoch, epochs);
                    opt.setLr(lr);
                    int n = b.y().length;
                    keep = keepAt(globalStep, allOn, total, cfg.finalKeep);
                    float[] policy = cfg.hasFixedArch()
                            ? steps.fixedPolicy(n)
                            : keep >= 1.0
                                    ? Steps.constantPolicy(n, -1)
                                    : randomPolicy(
                                            n, keep, new SplittableRandom(Batches.mix(cfg.seed + 7, epoch, b.step())));
                    Steps.NetResult r = steps.trainNet(b.x(), b.y(), policy, opt);
                    globalStep++;
                    double ips = imagesPerSecond(n);
                    ctx.emit(
                            stage,
                            MetricRecord.STEP,
                            epoch,
                            globalStep,
                            values(
                                    Metric.LOSS,
                                    r.loss(),
                                    Metric.ACCURACY,
                                    r.accuracy(),
                                    Metric.LR,
                                    lr,
                                    Metric.KEEP,
                                    keep,
                                    Metric.IMAGES_PER_S,
                                    ips),
                            null);
                    progress(stage, total, ips);
                    if (limitReached()) {
                        break;
                    }
                    maybePeriodic(stage, net, null, opt, null, b.step() + 1, spe);
                }
            }
            // end of epoch: test accuracy with every option on, and of the MobileNetV2 path
            double[] acc = testAccuracy(steps, net.classes());
            ctx.emit(
                    stage,
                    MetricRecord.EPOCH,
                    epoch,
                    globalStep,
                    values(Metric.ACCURACY, acc[0], Metric.MBV2_ACCURACY, acc[1], Metric.KEEP, keep),
                    null);
            String name = RunDirectory.checkpointName(stage, epoch + 1);
            Checkpoints.save(
                    ctx,
                    name,
                    stage,
                    epoch + 1,
                    globalStep,
                    net,
                    null,
                    Checkpoints.optimState(opt, net, null, null),
                    state("epoch", epoch + 1, "stepInEpoch", 0, "optSteps", opt.steps()),
                    values(Metric.ACCURACY, acc[0], Metric.MBV2_ACCURACY, acc[1]),
                    null);
            Checkpoints.pruneSteps(ctx.dir, stage, null);
            pruneOlderEpochs(stage, name);
            lastCheckpoint = System.currentTimeMillis();
            ctx.listener.onMessage(String.format(
                    "pretrain epoch %d/%d: test accuracy %.2f %% (%s), %.2f %% (MobileNetV2 path)",
                    epoch + 1,
                    epochs,
                    100 * acc[0],
                    cfg.hasFixedArch() ? "fixed architecture" : "all options",
                    100 * acc[1]));
            if (limitReached()) {
                break;
            }
        }
        ctx.event(stage, epoch, globalStep, "pretrain finished");
        return Pipeline.Outcome.COMPLETED;
    }

    /**
     * Keep probability of each option at pretraining step {@code s} (from 0): 1 for the first
     * {@code allOn} steps, then falling linearly, step by step, to {@code finalKeep} at the last step.
     * (Per epoch, a two-epoch run with half of it all-on jumped from 1 to the final keep at once and
     * collapsed to chance accuracy on Fashion-MNIST.)
     */
    static double keepAt(long s, long allOn, long total, double finalKeep) {
        if (s < allOn) {
            return 1.0;
        }
        return 1.0 - (1.0 - finalKeep) * Math.min(1.0, (double) (s - allOn + 1) / Math.max(1, total - allOn));
    }

    private static float[] randomPolicy(int b, double keep, SplittableRandom rng) {
        float[] p = new float[b * Arch.LENGTH];
        for (int i = 0; i < p.length; i++) {
            p[i] = rng.nextDouble() < keep ? 1f : 0f;
        }
        return p;
    }

    private double schedule(double lr0, long step, long total, int e, int epochs) {
        if ("step".equals(cfg.lrSchedule)) {
            double f = (double) e / Math.max(1, epochs);
            return lr0 * (f >= 0.75 ? 0.01 : f >= 0.5 ? 0.1 : 1.0);
        }
        return 0.5 * lr0 * (1 + Math.cos(Math.PI * Math.min(1.0, (double) step / Math.max(1, total))));
    }

    /**
     * Test accuracy of the meta-graph with every option on (or of the run's fixed architecture) and
     * with option 0 only.
     */
    private double[] testAccuracy(Steps steps, int classes) {
        // each path is evaluated with BatchNorm statistics recalibrated for it; the training-time
        // statistics are put back afterwards
        Map<String, float[]> saved = steps.net().params().bufferValues();
        int cb = Math.min(64, ctx.train().size());
        java.util.List<float[]> cal = ctx.calibrationBatches(RunContext.CALIBRATION_BATCHES, cb);
        double all = cfg.hasFixedArch()
                ? pathAccuracy(steps, classes, cal, cb, steps::fixedPolicy)
                : pathAccuracy(steps, classes, cal, cb, b -> Steps.constantPolicy(b, -1));
        double mb = pathAccuracy(steps, classes, cal, cb, b -> Steps.constantPolicy(b, 0));
        steps.net().params().setBufferValues(saved);
        return new double[] {all, mb};
    }

    private double pathAccuracy(
            Steps steps,
            int classes,
            java.util.List<float[]> cal,
            int cb,
            java.util.function.IntFunction<float[]> policy) {
        float[] calPolicy = policy.apply(cb);
        steps.recalibrate(cal, cb, xb -> calPolicy);
        var test = ctx.test();
        DatasetSplits d = ctx.data();
        int n = test.size();
        int bs = Math.min(cfg.testBatchSize, n);
        int ok = 0;
        for (int start = 0; start < n; start += bs) {
            int b = Math.min(bs, n - start);
            int[] idx = new int[b];
            for (int i = 0; i < b; i++) {
                idx[i] = start + i;
            }
            float[] x = new float[b * test.imageBytes()];
            org.instanas.data.Batcher.fill(test, idx, d.mean(), d.std(), Augment.NONE, new SplittableRandom(0), x);
            float[] out = steps.inferPolicy(x, b, policy.apply(b));
            for (int i = 0; i < b; i++) {
                ok += Steps.argmax(out, i, classes) == test.labels()[start + i] ? 1 : 0;
            }
        }
        return (double) ok / n;
    }

    // ------------------------------------------------------------------ profile

    LatencyTable profile(boolean force) throws IOException {
        Path f = ctx.dir.latencyJson();
        if (!force && Files.isRegularFile(f)) {
            return LatencyTable.read(f);
        }
        String stage = Stage.PROFILE.id();
        LatencyTable t;
        if (cfg.latencyTable != null && !cfg.latencyTable.isBlank()) {
            Path src = Path.of(cfg.latencyTable);
            t = LatencyTable.read(src);
            ctx.event(stage, 0, 0, "latency table imported from " + src.getFileName() + " (" + t.device() + ")");
        } else {
            ctx.event(
                    stage,
                    0,
                    0,
                    "profiling latency on " + Torch.deviceName(ctx.device) + " with " + Torch.threads() + " threads");
            MetaGraph net = newNet();
            t = LatencyProfiler.measure(
                    net,
                    root,
                    Torch.deviceName(ctx.device),
                    Torch.threads(),
                    cfg.profileWarmup,
                    cfg.profileRepeats,
                    ctx.cancel::isCancelled);
        }
        t.write(f);
        ctx.emit(stage, MetricRecord.EPOCH, 0, 0, Pipeline.tableValues(t), null);
        ctx.listener.onMessage(String.format(
                "latency table: MobileNetV2 path %.3f ms, min %.3f ms, max %.3f ms", t.baseline(), t.min(), t.max()));
        return t;
    }

    // ------------------------------------------------------------------ search

    Pipeline.Outcome search(String from, boolean resume) throws Exception {
        String stage = Stage.SEARCH.id();
        if (cfg.hasFixedArch()) {
            throw new UserException(ctx.dir.root() + ": this run trains the fixed architecture '"
                    + cfg.fixedArch.strip() + "'; a search needs a one-shot run (a new run without --fixed-arch)");
        }
        LatencyTable table = profile(false);
        checkWindow(table);
        MetaGraph net = newNet();
        Controller ctrl = newController();
        double netLr = cfg.netLr > 0 ? cfg.netLr : cfg.lr;
        Optim netOpt = new Optim.Sgd(root, netLr, 0, false, cfg.wd);
        Optim ctrlOpt = new Optim.Adam(root, cfg.lr, cfg.wd);
        int startEpoch = 0;
        int startPhase = 0;
        int startStep = 0;
        CheckpointInfo c = resume ? Checkpoints.newest(ctx.dir, stage) : null;
        if (c != null) {
            resumeFrom(c, net, ctrl, netOpt, ctrlOpt);
            startEpoch = intOf(c.state(), "epoch");
            startPhase = intOf(c.state(), "phase");
            startStep = intOf(c.state(), "stepInEpoch");
            ctrlOpt.setSteps(longOf(c.state(), "ctrlSteps"));
            netOpt.setSteps(longOf(c.state(), "netSteps"));
        } else {
            Checkpoints.dropOrphanRecords(ctx, stage);
            CheckpointInfo start =
                    from != null ? Checkpoints.byName(ctx.dir, from) : Checkpoints.newest(ctx.dir, Stage.PRETRAIN.id());
            if (start == null) {
                throw new UserException(
                        ctx.dir.root() + ": no pretrained meta-graph to search on; run 'pretrain' first "
                                + "(or pass --checkpoint NAME)");
            }
            Checkpoints.load(start, ctx.preset.name(), net, null);
            ctx.event(stage, 0, 0, "search started from " + start.name() + ": " + cfg.searchEpochs + " epochs");
        }
        Steps steps = new Steps(root, net, ctrl);
        int epochs = cfg.searchEpochs;
        int spe = stepsPerEpoch();
        long total = (long) epochs * spe * (cfg.batchIter ? 1 : 2);
        for (epoch = startEpoch; epoch < epochs; epoch++) {
            double[] w = Reward.window(
                    epoch,
                    epochs,
                    table.min(),
                    table.baseline(),
                    table.max(),
                    cfg.ubStartFraction,
                    cfg.ubEndFraction,
                    cfg.staticWindow);
            double lb = w[0];
            double ub = w[1];
            double ctrlLr = cfg.lr * Math.pow(cfg.lrDecayRatio, Math.floor((double) epoch / cfg.epochStep));
            ctrlOpt.setLr(ctrlLr);
            for (int phase = epoch == startEpoch ? startPhase : 0; phase < (cfg.batchIter ? 1 : 2); phase++) {
                int from0 = epoch == startEpoch && phase == startPhase ? startStep : 0;
                try (Batches bs = batches(epoch * 2 + phase, from0, stage)) {
                    Batches.Batch b;
                    while ((b = bs.next()) != null) {
                        if (ctx.cancel.isCancelled()) {
                            saveSearchStep(net, ctrl, netOpt, ctrlOpt, phase, b.step(), lb, ub);
                            ctx.event(
                                    stage,
                                    epoch,
                                    globalStep,
                                    "search cancelled at step " + globalStep + " (resumable)");
                            return Pipeline.Outcome.CANCELLED;
                        }
                        ctx.cancel.awaitResumed();
                        int n = b.y().length;
                        SplittableRandom rng =
                                new SplittableRandom(Batches.mix(cfg.seed + 11 + phase, epoch, b.step()));
                        if (phase == 0) {
                            Steps.ControllerResult r = steps.trainController(
                                    b.x(),
                                    b.y(),
                                    table,
                                    lb,
                                    ub,
                                    cfg.alpha,
                                    cfg.beta,
                                    cfg.posW,
                                    cfg.negW,
                                    cfg.latExp,
                                    cfg.trueEntropy,
                                    ctrlOpt,
                                    rng);
                            globalStep++;
                            Map<String, Double> v = values(
                                    Metric.REWARD,
                                    r.rewardSampled(),
                                    Metric.REWARD_GREEDY,
                                    r.rewardGreedy(),
                                    Metric.ADVANTAGE,
                                    r.advantage(),
                                    Metric.ENTROPY,
                                    r.entropy(),
                                    Metric.ACCURACY,
                                    r.accGreedy(),
                                    Metric.ACCURACY_SAMPLED,
                                    r.accSampled(),
                                    Metric.LATENCY,
                                    r.latGreedy(),
                                    Metric.LATENCY_SAMPLED,
                                    r.latSampled(),
                                    Metric.OPTIONS,
                                    r.optionsGreedy(),
                                    Metric.UNIQUE,
                                    r.uniqueGreedy(),
                                    Metric.UB,
                                    ub,
                                    Metric.LB,
                                    lb,
                                    Metric.LOSS,
                                    r.loss(),
                                    Metric.LR,
                                    ctrlLr,
                                    Metric.PHASE,
                                    0);
                            if (cfg.batchIter) {
                                Steps.NetResult nr =
                                        steps.trainNet(b.x(), b.y(), Steps.permuteRows(r.sampled(), n, rng), netOpt);
                                v.put(Metric.NET_LOSS, nr.loss());
                                v.put(Metric.NET_ACCURACY, nr.accuracy());
                                v.put(Metric.NET_LR, netLr);
                            }
                            v.put(Metric.IMAGES_PER_S, imagesPerSecond(n));
                            ctx.emit(stage, MetricRecord.STEP, epoch, globalStep, v, null);
                            progress(stage, total, v.get(Metric.IMAGES_PER_S));
                        } else {
                            float[] sampled = steps.policy(b.x(), n, true, cfg.alpha, rng);
                            Steps.NetResult nr =
                                    steps.trainNet(b.x(), b.y(), Steps.permuteRows(sampled, n, rng), netOpt);
                            globalStep++;
                            double ips = imagesPerSecond(n);
                            ctx.emit(
                                    stage,
                                    MetricRecord.STEP,
                                    epoch,
                                    globalStep,
                                    values(
                                            Metric.NET_LOSS,
                                            nr.loss(),
                                            Metric.NET_ACCURACY,
                                            nr.accuracy(),
                                            Metric.NET_LR,
                                            netLr,
                                            Metric.UB,
                                            ub,
                                            Metric.LB,
                                            lb,
                                            Metric.PHASE,
                                            1,
                                            Metric.IMAGES_PER_S,
                                            ips),
                                    null);
                            progress(stage, total, ips);
                        }
                        if (limitReached()) {
                            break;
                        }
                        if (System.currentTimeMillis() - lastCheckpoint > CHECKPOINT_EVERY_MS && b.step() + 1 < spe) {
                            saveSearchStep(net, ctrl, netOpt, ctrlOpt, phase, b.step() + 1, lb, ub);
                        }
                    }
                }
                if (limitReached()) {
                    break;
                }
            }
            endEpoch(
                    stage,
                    steps,
                    net,
                    ctrl,
                    Checkpoints.optimState(netOpt, net, ctrlOpt, ctrl),
                    state(
                            "epoch",
                            epoch + 1,
                            "phase",
                            0,
                            "stepInEpoch",
                            0,
                            "ctrlSteps",
                            ctrlOpt.steps(),
                            "netSteps",
                            netOpt.steps(),
                            "ub",
                            ub,
                            "lb",
                            lb),
                    table,
                    lb,
                    ub);
            if (limitReached()) {
                break;
            }
        }
        ctx.event(stage, epoch, globalStep, "search finished");
        return Pipeline.Outcome.COMPLETED;
    }

    /**
     * The end of a search or fine-tuning epoch: the epoch checkpoint (mid-epoch ones pruned), then an
     * evaluation on the test split under the same name, so every epoch is a candidate variant.
     */
    private void endEpoch(
            String stage,
            Steps steps,
            MetaGraph net,
            Controller ctrl,
            Map<String, ai.djl.ndarray.NDArray> optim,
            Map<String, Object> state,
            LatencyTable table,
            double lb,
            double ub)
            throws IOException {
        String name = RunDirectory.checkpointName(stage, epoch + 1);
        Checkpoints.save(ctx, name, stage, epoch + 1, globalStep, net, ctrl, optim, state, Map.of(), table);
        Checkpoints.pruneSteps(ctx.dir, stage, null);
        lastCheckpoint = System.currentTimeMillis();
        EvalSummary s = Evaluator.evaluate(
                ctx, steps, net.classes(), table, name, stage, epoch + 1, lb, ub, Math.min(cfg.measureImages, 50));
        emitEval(stage, s);
    }

    /** The reward window must not be empty: UB has to stay above LB (the cheapest network's latency). */
    private void checkWindow(LatencyTable t) {
        if (cfg.staticWindow) {
            return;
        }
        double lb = t.min();
        if (cfg.ubEndFraction * t.baseline() <= lb || cfg.ubStartFraction * t.max() <= lb) {
            throw new UserException(String.format(
                    java.util.Locale.ROOT,
                    "the reward window would be empty: UB ends at ub-end-fraction %.3g × the MobileNetV2-path latency "
                            + "(%.3f ms) = %.3f ms, and starts at ub-start-fraction %.3g × max (%.3f ms) = %.3f ms, but LB (the "
                            + "cheapest network) is %.3f ms; raise --ub-end-fraction above %.3f (or use --static)",
                    cfg.ubEndFraction,
                    t.baseline(),
                    cfg.ubEndFraction * t.baseline(),
                    cfg.ubStartFraction,
                    t.max(),
                    cfg.ubStartFraction * t.max(),
                    lb,
                    lb / t.baseline()));
        }
    }

    private void emitEval(String stage, EvalSummary s) throws IOException {
        ctx.emit(
                stage,
                MetricRecord.EPOCH,
                s.epoch() - 1,
                globalStep,
                values(
                        Metric.ACCURACY,
                        s.accuracy(),
                        Metric.LATENCY,
                        s.latencyMeanMs(),
                        Metric.LATENCY_STD,
                        s.latencyStdMs(),
                        Metric.MEASURED_MS,
                        s.measuredMeanMs(),
                        Metric.MBV2_ACCURACY,
                        s.mbv2Accuracy(),
                        Metric.MBV2_LATENCY,
                        s.mbv2LatencyMs(),
                        Metric.MBV2_MEASURED_MS,
                        s.mbv2MeasuredMeanMs(),
                        Metric.UNIQUE,
                        s.uniqueArchs(),
                        Metric.OPTIONS,
                        s.meanActiveOptions(),
                        Metric.UB,
                        s.ub(),
                        Metric.LB,
                        s.lb(),
                        Metric.CONTROLLER_MS,
                        s.controllerMeanMs(),
                        Metric.NETWORK_MS,
                        s.networkMeanMs()),
                "evaluated " + s.checkpoint());
        ctx.listener.onMessage(String.format(
                "%s: accuracy %.2f %%, latency %.3f ± %.3f ms (MobileNetV2 path %.3f ms, %+.1f %%), "
                        + "%d unique architectures",
                s.checkpoint(),
                100 * s.accuracy(),
                s.latencyMeanMs(),
                s.latencyStdMs(),
                s.mbv2LatencyMs(),
                100 * s.latencyChange(),
                s.uniqueArchs()));
    }

    private void saveSearchStep(
            MetaGraph net,
            Controller ctrl,
            Optim netOpt,
            Optim ctrlOpt,
            int phase,
            int stepInEpoch,
            double lb,
            double ub)
            throws IOException {
        String name = RunDirectory.checkpointName(Stage.SEARCH.id(), epoch) + "-step" + globalStep;
        Checkpoints.save(
                ctx,
                name,
                Stage.SEARCH.id(),
                epoch,
                globalStep,
                net,
                ctrl,
                Checkpoints.optimState(netOpt, net, ctrlOpt, ctrl),
                state(
                        "epoch",
                        epoch,
                        "phase",
                        phase,
                        "stepInEpoch",
                        stepInEpoch,
                        "ctrlSteps",
                        ctrlOpt.steps(),
                        "netSteps",
                        netOpt.steps(),
                        "ub",
                        ub,
                        "lb",
                        lb),
                Map.of(),
                null);
        Checkpoints.pruneSteps(ctx.dir, Stage.SEARCH.id(), name);
        lastCheckpoint = System.currentTimeMillis();
    }

    private void saveStep(
            String stage,
            MetaGraph net,
            Controller ctrl,
            Optim opt,
            Optim ctrlOpt,
            int stepInEpoch,
            LatencyTable table,
            Map<String, Double> summary)
            throws IOException {
        String name = RunDirectory.checkpointName(stage, epoch) + "-step" + globalStep;
        Checkpoints.save(
                ctx,
                name,
                stage,
                epoch,
                globalStep,
                net,
                ctrl,
                Checkpoints.optimState(opt, net, ctrlOpt, ctrl),
                state("epoch", epoch, "stepInEpoch", stepInEpoch, "optSteps", opt.steps()),
                summary,
                table);
        Checkpoints.pruneSteps(ctx.dir, stage, name);
        lastCheckpoint = System.currentTimeMillis();
    }

    private void maybePeriodic(
            String stage, MetaGraph net, Controller ctrl, Optim opt, Optim ctrlOpt, int next, int spe)
            throws IOException {
        if (System.currentTimeMillis() - lastCheckpoint > CHECKPOINT_EVERY_MS && next < spe) {
            saveStep(stage, net, ctrl, opt, ctrlOpt, next, null, Map.of());
        }
    }

    private void pruneOlderEpochs(String stage, String keep) {
        for (CheckpointInfo c : ctx.dir.listCheckpoints()) {
            if (c.stage().equals(stage) && !c.name().equals(keep)) {
                try {
                    Checkpoints.deleteTree(c.dir());
                } catch (IOException e) {
                    // not fatal
                }
            }
        }
    }

    // ------------------------------------------------------------------ finetune

    Pipeline.Outcome finetune(String from, boolean resume) throws Exception {
        String stage = Stage.FINETUNE.id();
        LatencyTable table = profile(false);
        MetaGraph net = newNet();
        Controller ctrl = newController();
        Optim opt = new Optim.Sgd(root, cfg.finetuneLr, 0.9, true, cfg.finetuneWd);
        int startEpoch = 0;
        int startStep = 0;
        CheckpointInfo c = resume ? Checkpoints.newest(ctx.dir, stage) : null;
        double lb;
        double ub;
        if (c != null) {
            resumeFrom(c, net, ctrl, opt, null);
            startEpoch = intOf(c.state(), "epoch");
            startStep = intOf(c.state(), "stepInEpoch");
            opt.setSteps(longOf(c.state(), "optSteps"));
        } else {
            Checkpoints.dropOrphanRecords(ctx, stage);
            CheckpointInfo start =
                    from != null ? Checkpoints.byName(ctx.dir, from) : Checkpoints.newest(ctx.dir, Stage.SEARCH.id());
            if (start == null || !Checkpoints.hasController(start)) {
                throw new UserException(
                        ctx.dir.root() + ": no search checkpoint with a controller to fine-tune; run 'search' first "
                                + "(or pass --checkpoint NAME of a search checkpoint)");
            }
            Checkpoints.load(start, ctx.preset.name(), net, ctrl);
            ctx.event(stage, 0, 0, "finetune started from " + start.name() + ": " + cfg.finetuneEpochs + " epochs");
        }
        double[] w = lastWindow(table);
        lb = w[0];
        ub = w[1];
        Steps steps = new Steps(root, net, ctrl);
        int epochs = cfg.finetuneEpochs;
        int spe = stepsPerEpoch();
        long total = (long) epochs * spe;
        for (epoch = startEpoch; epoch < epochs; epoch++) {
            try (Batches bs = batches(epoch, epoch == startEpoch ? startStep : 0, stage)) {
                Batches.Batch b;
                while ((b = bs.next()) != null) {
                    if (ctx.cancel.isCancelled()) {
                        saveStep(stage, net, ctrl, opt, null, b.step(), table, Map.of());
                        ctx.event(
                                stage, epoch, globalStep, "finetune cancelled at step " + globalStep + " (resumable)");
                        return Pipeline.Outcome.CANCELLED;
                    }
                    ctx.cancel.awaitResumed();
                    double lr = 0.5
                            * cfg.finetuneLr
                            * (1 + Math.cos(Math.PI * Math.min(1.0, (double) globalStep / Math.max(1, total))));
                    opt.setLr(lr);
                    int n = b.y().length;
                    float[] greedy = steps.policy(b.x(), n, false, cfg.alpha, null);
                    Steps.NetResult r = steps.trainNet(b.x(), b.y(), greedy, opt);
                    globalStep++;
                    double ips = imagesPerSecond(n);
                    ctx.emit(
                            stage,
                            MetricRecord.STEP,
                            epoch,
                            globalStep,
                            values(
                                    Metric.LOSS,
                                    r.loss(),
                                    Metric.ACCURACY,
                                    r.accuracy(),
                                    Metric.LR,
                                    lr,
                                    Metric.IMAGES_PER_S,
                                    ips),
                            null);
                    progress(stage, total, ips);
                    if (limitReached()) {
                        break;
                    }
                    maybePeriodic(stage, net, ctrl, opt, null, b.step() + 1, spe);
                }
            }
            endEpoch(
                    stage,
                    steps,
                    net,
                    ctrl,
                    Checkpoints.optimState(opt, net, null, null),
                    state("epoch", epoch + 1, "stepInEpoch", 0, "optSteps", opt.steps(), "ub", ub, "lb", lb),
                    table,
                    lb,
                    ub);
            if (limitReached()) {
                break;
            }
        }
        ctx.event(stage, epoch, globalStep, "finetune finished");
        return Pipeline.Outcome.COMPLETED;
    }

    /** The reward window the search ended with (for logging rewards after the search). */
    private double[] lastWindow(LatencyTable table) {
        int e = Math.max(0, cfg.searchEpochs - 1);
        return Reward.window(
                e,
                cfg.searchEpochs,
                table.min(),
                table.baseline(),
                table.max(),
                cfg.ubStartFraction,
                cfg.ubEndFraction,
                cfg.staticWindow);
    }

    // ------------------------------------------------------------------ evaluate

    void evaluate(String from) throws Exception {
        String stage = Stage.EVALUATE.id();
        LatencyTable table = profile(false);
        if (cfg.hasFixedArch()) {
            evaluateFixed(from, table);
            return;
        }
        CheckpointInfo c = from != null
                ? Checkpoints.byName(ctx.dir, from)
                : Checkpoints.newest(ctx.dir, Stage.FINETUNE.id(), Stage.SEARCH.id());
        if (c == null || !Checkpoints.hasController(c)) {
            throw new UserException(
                    ctx.dir.root() + ": no checkpoint with a controller to evaluate; run 'search' first "
                            + "(or pass --checkpoint NAME)");
        }
        MetaGraph net = newNet();
        Controller ctrl = newController();
        Checkpoints.load(c, ctx.preset.name(), net, ctrl);
        double[] w = lastWindow(table);
        ctx.event(stage, 0, 0, "evaluating " + c.name() + " on " + ctx.test().size() + " test images");
        String name = "final-" + c.name();
        EvalSummary s = Evaluator.evaluate(
                ctx,
                new Steps(root, net, ctrl),
                net.classes(),
                table,
                name,
                stage,
                c.epoch(),
                w[0],
                w[1],
                cfg.measureImages);
        emitEval(stage, s);
    }

    /** Evaluates a fixed-architecture run (see {@link RunConfig#fixedArch}): every image takes that architecture. */
    private void evaluateFixed(String from, LatencyTable table) throws Exception {
        String stage = Stage.EVALUATE.id();
        CheckpointInfo c =
                from != null ? Checkpoints.byName(ctx.dir, from) : Checkpoints.newest(ctx.dir, Stage.PRETRAIN.id());
        if (c == null) {
            throw new UserException(
                    ctx.dir.root() + ": no checkpoint of the fixed architecture to evaluate; run 'pretrain' "
                            + "first (or pass --checkpoint NAME)");
        }
        MetaGraph net = newNet();
        Checkpoints.load(c, ctx.preset.name(), net, null);
        ctx.event(
                stage,
                0,
                0,
                "evaluating " + c.name() + " (fixed architecture " + cfg.fixedArch.strip() + ") on "
                        + ctx.test().size() + " test images");
        EvalSummary s = Evaluator.evaluate(
                ctx,
                Steps.fixed(root, net, Arch.fixed(cfg.fixedArch)),
                net.classes(),
                table,
                "final-" + c.name(),
                stage,
                c.epoch(),
                Double.NaN,
                Double.NaN,
                cfg.measureImages);
        emitEval(stage, s);
    }

    static Map<String, Double> values(Object... kv) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], ((Number) kv[i + 1]).doubleValue());
        }
        return m;
    }
}
