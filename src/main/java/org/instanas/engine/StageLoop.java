// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.engine;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.Map;
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
import org.instanas.run.StageRecord;
import org.instanas.run.Steering;
import org.instanas.run.UserException;

/**
 * The stages of one open run (docs/algorithm.md §7): the one training loop that pretrain, search and
 * finetune share ({@link #train}, each stage a {@link TrainingStage}), latency profiling and the final
 * evaluation.
 */
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

    RunContext context() {
        return ctx;
    }

    NDManager root() {
        return root;
    }

    /** Steps over {@code net} (and {@code ctrl}, may be null) with the run's execution of training passes. */
    Steps newSteps(MetaGraph net, Controller ctrl) {
        return withExecution(new Steps(root, net, ctrl));
    }

    /** Steps of the run's fixed architecture (see {@link RunConfig#fixedArch}), with the run's execution. */
    Steps fixedSteps(MetaGraph net) {
        return withExecution(Steps.fixed(root, net, Arch.fixed(cfg.fixedArch)));
    }

    private Steps withExecution(Steps s) {
        // training passes and the BatchNorm re-estimation of evaluations run as the run trains
        s.setGatheredTraining(cfg.gatheredTraining());
        s.setBatchStatisticsRewards("batch".equals(cfg.rewardStatistics));
        return s;
    }

    MetaGraph newNet() {
        return new MetaGraph(root, ctx.preset, ctx.classes(), cfg.seed);
    }

    Controller newController() {
        return new Controller(
                root, ctx.preset, cfg.seed + 1, new Controller.Size(cfg.controllerPool, cfg.controllerWidth));
    }

    Pipeline.Outcome pretrain(String checkpoint, boolean resume) throws Exception {
        return train(new PretrainStage(this), checkpoint, resume);
    }

    Pipeline.Outcome search(String checkpoint, boolean resume) throws Exception {
        return train(new SearchStage(this), checkpoint, resume);
    }

    Pipeline.Outcome finetune(String checkpoint, boolean resume) throws Exception {
        return train(new FinetuneStage(this), checkpoint, resume);
    }

    // ------------------------------------------------------------------ the training loop

    /**
     * Runs a training stage from its newest checkpoint ({@code resume}) or from the start (weights
     * from {@code checkpoint}, or the stage's default). Epochs of {@link TrainingStage#phases()}
     * passes over shuffled batches; cancel and pause take effect between steps, and a cancelled stage
     * leaves a step checkpoint to resume from; a step checkpoint is also written every ten minutes.
     */
    Pipeline.Outcome train(TrainingStage stage, String checkpoint, boolean resume) throws Exception {
        String id = stage.stage().id();
        TrainingStage.Models m = stage.models();
        LoopState at = LoopState.START;
        CheckpointInfo c = resume ? Checkpoints.newest(ctx.dir, id) : null;
        if (resume && c == null) {
            ctx.listener.onMessage("no " + id + " checkpoint to resume from: starting " + id);
        }
        if (c != null) {
            // weights, optimizer state, the metrics cut back to the checkpoint, the step counter
            Checkpoints.load(c, ctx.preset.name(), m.net(), m.ctrl());
            Checkpoints.restoreOptim(c, m.netOpt(), m.net(), 1, m.ctrlOpt(), m.ctrl(), 2);
            Checkpoints.rewindMetrics(ctx, c);
            globalStep = c.step();
            at = LoopState.of(c.state());
            stage.resumed(at);
            m.netOpt().setSteps(at.netSteps());
            if (m.ctrlOpt() != null) {
                m.ctrlOpt().setSteps(at.ctrlSteps());
            }
            ctx.event(id, at.epoch(), globalStep, id + " resumed from " + c.name());
        } else {
            Checkpoints.dropOrphanRecords(ctx, id);
            stage.start(checkpoint);
        }
        Steering.Session steering = stage.steerable() ? openSteering(id, c != null) : null;
        if (steering != null && !steering.current().isEmpty()) {
            stage.steer(steering.current()); // the overrides in effect at the checkpoint
            ctx.listener.onMessage("steering restored: " + Steering.describe(steering.current()));
        }
        int epochs = stage.epochs();
        int phases = stage.phases();
        int perEpoch = stepsPerEpoch();
        long total = (long) epochs * perEpoch * phases;
        if (at.epoch() > 0 && at.phase() == 0 && at.stepInEpoch() == 0 && stopsEarly(stage, at.epoch(), epochs)) {
            epoch = at.epoch(); // resumed after it had stopped early: nothing left to train
            if (steering != null) {
                steering.finish();
            }
            return Pipeline.Outcome.COMPLETED;
        }
        for (epoch = at.epoch(); epoch < epochs; epoch++) {
            stage.beginEpoch(new Schedule.Progress(globalStep, total, epoch, epochs));
            boolean resumedEpoch = epoch == at.epoch();
            for (int phase = resumedEpoch ? at.phase() : 0; phase < phases; phase++) {
                int first = resumedEpoch && phase == at.phase() ? at.stepInEpoch() : 0;
                try (Batches batches = batches(stage.shuffle(epoch, phase), first, id)) {
                    Batches.Batch b;
                    while ((b = batches.next()) != null) {
                        if (ctx.cancel.isCancelled()) {
                            saveStep(stage, position(stage, epoch, phase, b.step()));
                            ctx.event(id, epoch, globalStep, id + " cancelled at step " + globalStep + " (resumable)");
                            return Pipeline.Outcome.CANCELLED;
                        }
                        ctx.cancel.awaitResumed();
                        if (steering != null) {
                            steer(stage, steering, epoch);
                        }
                        Map<String, Double> v =
                                stage.step(phase, b, new Schedule.Progress(globalStep, total, epoch, epochs));
                        globalStep++;
                        double ips = imagesPerSecond(b.y().length);
                        v.put(Metric.IMAGES_PER_S, ips);
                        ctx.emit(id, MetricRecord.STEP, epoch, globalStep, v, null);
                        ctx.listener.onProgress(id, globalStep, total, ips);
                        if (limitReached()) {
                            break;
                        }
                        if (System.currentTimeMillis() - lastCheckpoint > CHECKPOINT_EVERY_MS
                                && b.step() + 1 < perEpoch) {
                            saveStep(stage, position(stage, epoch, phase, b.step() + 1));
                        }
                    }
                }
                if (limitReached()) {
                    break;
                }
            }
            stage.endEpoch(position(stage, epoch + 1, 0, 0));
            if (limitReached()) {
                break;
            }
            if (stopsEarly(stage, epoch + 1, epochs)) {
                epoch++;
                break;
            }
        }
        if (steering != null) {
            steering.finish();
        }
        ctx.event(id, epoch, globalStep, id + " finished");
        return Pipeline.Outcome.COMPLETED;
    }

    /**
     * Early stopping ({@link TrainingStage#patience()}): after {@code done} epochs, whether the
     * validation accuracy has not improved for the patience's epochs (said once, as an event).
     */
    private boolean stopsEarly(TrainingStage stage, int done, int epochs) throws IOException {
        int patience = stage.patience();
        if (patience <= 0 || done >= epochs) {
            return false;
        }
        String id = stage.stage().id();
        CheckpointInfo best = Checkpoints.best(ctx.dir, id);
        if (best == null || done - best.epoch() < patience) {
            return false;
        }
        ctx.emit(
                id,
                MetricRecord.EVENT,
                done - 1,
                globalStep,
                Map.of(
                        Metric.STOPPED_EARLY,
                        1.0,
                        Metric.VAL_ACCURACY,
                        best.summary().get(Metric.VAL_ACCURACY)),
                String.format(
                        java.util.Locale.ROOT,
                        "%s stopped early after epoch %d of at most %d: validation accuracy has not improved for "
                                + "%d epochs; the best, %.2f %% after epoch %d (%s), is the stage's result",
                        id,
                        done,
                        epochs,
                        patience,
                        100 * best.summary().get(Metric.VAL_ACCURACY),
                        best.epoch(),
                        best.name()));
        ctx.listener.onMessage(id + " stopped early after epoch " + done + ": best " + best.name());
        return true;
    }

    /**
     * Deletes the stage's epoch checkpoints other than the newest and, with a validation split, the
     * validation-selected one (a stage with early stopping keeps just these two).
     */
    void pruneEpochs(String stage, String newest) {
        CheckpointInfo best = Checkpoints.best(ctx.dir, stage);
        for (CheckpointInfo c : ctx.dir.listCheckpoints()) {
            if (c.stage().equals(stage)
                    && !c.name().contains("-step")
                    && !c.name().equals(newest)
                    && (best == null || !c.name().equals(best.name()))) {
                try {
                    Checkpoints.deleteTree(c.dir());
                } catch (IOException e) {
                    // not fatal: an old checkpoint stays on disk
                }
            }
        }
    }

    /** The steering of a stage: the run's steer.json, or the file of {@code --steer}. */
    private Steering.Session openSteering(String id, boolean resume) throws IOException {
        Path inbox = cfg.steerFile == null || cfg.steerFile.isBlank() ? null : Path.of(cfg.steerFile);
        String source = inbox == null ? Steering.INBOX : "steer file " + inbox.getFileName();
        return Steering.open(ctx.dir.root(), id, inbox, source, resume, globalStep);
    }

    /**
     * Between two steps: a steering change due now (replayed from the log on resume) or asked for in
     * the request file is applied, written to metrics.jsonl as an event and to the stage history; a
     * request that cannot be applied is reported once and changes nothing.
     */
    private void steer(TrainingStage stage, Steering.Session s, int epoch) throws IOException {
        String id = stage.stage().id();
        Steering.Poll p = s.poll(globalStep, epoch, stage::steerProblems);
        if (p.refused() != null) {
            ctx.event(
                    id,
                    epoch,
                    globalStep,
                    Steering.REFUSED_PREFIX + " (" + s.inbox().getFileName() + "): " + p.refused());
            return;
        }
        Steering.Change c = p.change();
        if (c == null) {
            return;
        }
        stage.steer(c.set());
        String message = Steering.eventMessage(c, p.replayed());
        ctx.emit(id, MetricRecord.EVENT, epoch, globalStep, Steering.eventValues(c.set()), message);
        ctx.listener.onMessage(message);
        if (!p.replayed()) {
            StageRecord.append(
                    ctx.dir.stages(),
                    StageRecord.steer(id, OffsetDateTime.now().toString(), c.step(), c.set(), c.source()));
        }
    }

    private LoopState position(TrainingStage stage, int epoch, int phase, int stepInEpoch) {
        TrainingStage.Models m = stage.models();
        double[] w = stage.window();
        return new LoopState(
                epoch,
                phase,
                stepInEpoch,
                m.netOpt().steps(),
                m.ctrlOpt() == null ? 0 : m.ctrlOpt().steps(),
                w == null ? Double.NaN : w[0],
                w == null ? Double.NaN : w[1],
                stage.windowFollow());
    }

    /** A mid-epoch checkpoint at {@code at} (it replaces the stage's previous one). */
    private void saveStep(TrainingStage stage, LoopState at) throws IOException {
        String id = stage.stage().id();
        String name = RunDirectory.checkpointName(id, at.epoch()) + "-step" + globalStep;
        save(stage, name, at, Map.of());
        Checkpoints.pruneSteps(ctx.dir, id, name);
    }

    /** The checkpoint at the end of an epoch ({@code next} is the following one); mid-epoch ones are pruned. */
    String saveEpoch(TrainingStage stage, LoopState next, Map<String, Double> summary) throws IOException {
        String name = RunDirectory.checkpointName(stage.stage().id(), next.epoch());
        save(stage, name, next, summary);
        Checkpoints.pruneSteps(ctx.dir, stage.stage().id(), null);
        return name;
    }

    private void save(TrainingStage stage, String name, LoopState at, Map<String, Double> summary) throws IOException {
        TrainingStage.Models m = stage.models();
        Checkpoints.save(
                ctx,
                name,
                stage.stage().id(),
                at.epoch(),
                globalStep,
                m.net(),
                m.ctrl(),
                Checkpoints.optimState(m.netOpt(), m.net(), m.ctrlOpt(), m.ctrl()),
                at.toMap(),
                summary,
                m.table());
        lastCheckpoint = System.currentTimeMillis();
    }

    /**
     * The end of a search or fine-tuning epoch: the epoch checkpoint, then an evaluation on the test
     * split under the same name, so every epoch is a candidate variant.
     */
    void saveAndEvaluateEpoch(TrainingStage stage, Steps steps, LoopState next) throws IOException {
        String id = stage.stage().id();
        String name = RunDirectory.checkpointName(id, next.epoch());
        double[] w = stage.window();
        // evaluated first, so the checkpoint's summary holds the accuracy that selection reads (the
        // evaluation leaves the training statistics as it found them)
        EvalSummary s = Evaluator.evaluate(
                ctx,
                steps,
                steps.net().classes(),
                stage.models().table(),
                name,
                id,
                next.epoch(),
                w[0],
                w[1],
                Math.min(cfg.measureImages, 50),
                true);
        saveEpoch(stage, next, s.onValidation() ? Map.of(Metric.VAL_ACCURACY, s.accuracy()) : Map.of());
        emitEval(id, s);
        if (stage.patience() > 0) {
            pruneEpochs(id, name);
        }
    }

    private Batches batches(int shuffle, int from, String stage) {
        DatasetSplits d = ctx.data();
        long seed = cfg.seed * 31 + stage.hashCode();
        Augment augment = cfg.augment ? Augment.standard(d, ctx.preset.inputSize()) : Augment.NONE;
        int batch = Math.min(cfg.batchSize, ctx.train().size());
        return new Batches(ctx.train(), d.mean(), d.std(), augment, batch, seed, shuffle, from, true);
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
        if (t.check() != null && force) {
            // only a table measured now has a check of this machine (an imported one keeps its own)
            ctx.event(stage, 0, 0, t.check().describe());
        }
        return t;
    }

    // ------------------------------------------------------------------ evaluate

    /** The reward window the search ended with (for logging rewards after the search). */
    double[] lastWindow(LatencyTable table) {
        int e = Math.max(0, cfg.searchEpochs - 1);
        return Reward.window(
                e,
                cfg.searchEpochs,
                Reward.lowerBound(table, cfg),
                table.baseline(),
                table.max(),
                cfg.ubStartFraction,
                cfg.ubEndFraction,
                cfg.staticWindow);
    }

    void evaluate(String from) throws Exception {
        String stage = Stage.EVALUATE.id();
        LatencyTable table = profile(false);
        if (cfg.hasFixedArch()) {
            evaluateFixed(from, table);
            return;
        }
        CheckpointInfo c = Checkpoints.selected(
                ctx.dir, from, java.util.List.of(Stage.FINETUNE.id()), Stage.FINETUNE.id(), Stage.SEARCH.id());
        if (c == null || !Checkpoints.hasController(c)) {
            throw new UserException(
                    ctx.dir.root() + ": no checkpoint with a controller to evaluate; run 'search' first "
                            + "(or pass --checkpoint NAME)");
        }
        MetaGraph net = newNet();
        Controller ctrl = newController();
        Checkpoints.load(c, ctx.preset.name(), net, ctrl);
        double[] w = lastWindow(table);
        ctx.event(
                stage,
                0,
                0,
                "evaluating " + c.name() + " on " + ctx.test().size() + " test images"
                        + (c.summary() != null && c.summary().containsKey(Metric.VAL_ACCURACY)
                                ? " (validation-selected: "
                                        + String.format(
                                                java.util.Locale.ROOT,
                                                "%.2f %%",
                                                100 * c.summary().get(Metric.VAL_ACCURACY))
                                        + " on the validation split)"
                                : ""));
        String name = "final-" + c.name();
        EvalSummary s = Evaluator.evaluate(
                ctx,
                newSteps(net, ctrl),
                net.classes(),
                table,
                name,
                stage,
                c.epoch(),
                w[0],
                w[1],
                cfg.measureImages,
                false);
        emitEval(stage, s);
    }

    /** Evaluates a fixed-architecture run (see {@link RunConfig#fixedArch}): every image takes that architecture. */
    private void evaluateFixed(String from, LatencyTable table) throws Exception {
        String stage = Stage.EVALUATE.id();
        CheckpointInfo c =
                Checkpoints.selected(ctx.dir, from, java.util.List.of(Stage.PRETRAIN.id()), Stage.PRETRAIN.id());
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
                fixedSteps(net),
                net.classes(),
                table,
                "final-" + c.name(),
                stage,
                c.epoch(),
                Double.NaN,
                Double.NaN,
                cfg.measureImages,
                false);
        emitEval(stage, s);
    }

    private void emitEval(String stage, EvalSummary s) throws IOException {
        MetricValues v = new MetricValues();
        if (s.onValidation()) {
            v.put(Metric.VALIDATION, 1.0);
        }
        ctx.emit(
                stage,
                MetricRecord.EPOCH,
                s.epoch() - 1,
                globalStep,
                v.put(Metric.ACCURACY, s.accuracy())
                        .put(Metric.LATENCY, s.latencyMeanMs())
                        .put(Metric.LATENCY_STD, s.latencyStdMs())
                        .put(Metric.MEASURED_MS, s.measuredMeanMs())
                        .put(Metric.MBV2_ACCURACY, s.mbv2Accuracy())
                        .put(Metric.MBV2_LATENCY, s.mbv2LatencyMs())
                        .put(Metric.MBV2_MEASURED_MS, s.mbv2MeasuredMeanMs())
                        .put(Metric.UNIQUE, s.uniqueArchs())
                        .put(Metric.OPTIONS, s.meanActiveOptions())
                        .put(Metric.UB, s.ub())
                        .put(Metric.LB, s.lb())
                        .put(Metric.CONTROLLER_MS, s.controllerMeanMs())
                        .put(Metric.NETWORK_MS, s.networkMeanMs())
                        .map(),
                "evaluated " + s.checkpoint());
        ctx.listener.onMessage(String.format(
                "%s: %s accuracy %.2f %%, latency %.3f ± %.3f ms (MobileNetV2 path %.3f ms, %+.1f %%), "
                        + "%d unique architectures",
                s.checkpoint(),
                s.onValidation() ? "validation" : "test",
                100 * s.accuracy(),
                s.latencyMeanMs(),
                s.latencyStdMs(),
                s.mbv2LatencyMs(),
                100 * s.latencyChange(),
                s.uniqueArchs()));
    }
}
