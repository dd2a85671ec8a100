// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.engine;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import org.instanas.data.Augment;
import org.instanas.data.Batcher;
import org.instanas.data.DatasetSplits;
import org.instanas.data.ImageSet;
import org.instanas.run.Arch;
import org.instanas.run.Metric;
import org.instanas.run.MetricRecord;
import org.instanas.run.RunConfig;
import org.instanas.run.Stage;

/**
 * Pretraining of the one-shot meta-graph (docs/algorithm.md §7.1): SGD with every option on, then
 * options dropped at random with a keep probability falling step by step; or, in a fixed-architecture
 * run, that one architecture trained alone. Each epoch ends with the accuracy of all options (or the
 * fixed architecture) and of the MobileNetV2 path on the validation split (the test split in a run
 * without one); the newest epoch checkpoint and the validation-selected one are kept.
 */
final class PretrainStage implements TrainingStage {
    private final StageLoop loop;
    private final RunContext ctx;
    private final RunConfig cfg;
    private final MetaGraph net;
    private final Optim opt;
    private final Steps steps;
    private final Schedule lr;
    private final Schedule keep;
    private double keepNow = 1.0;

    PretrainStage(StageLoop loop) {
        this.loop = loop;
        this.ctx = loop.context();
        this.cfg = ctx.cfg;
        this.net = loop.newNet();
        this.opt = new Optim.Sgd(loop.root(), cfg.pretrainLr, cfg.momentum, cfg.nesterov, cfg.pretrainWd);
        this.steps = cfg.hasFixedArch() ? loop.fixedSteps(net) : loop.newSteps(net, null);
        this.lr = "step".equals(cfg.lrSchedule) ? Schedule.stepDrops(cfg.pretrainLr) : Schedule.cosine(cfg.pretrainLr);
        this.keep = Schedule.keep(cfg.allOnFraction, cfg.finalKeep);
    }

    @Override
    public Stage stage() {
        return Stage.PRETRAIN;
    }

    @Override
    public Models models() {
        return new Models(net, null, opt, null, null);
    }

    @Override
    public int epochs() {
        return RunConfig.stageEpochs(cfg.pretrainEpochs, cfg.pretrainPatience, cfg.pretrainMaxEpochs);
    }

    @Override
    public int patience() {
        return cfg.pretrainPatience;
    }

    @Override
    public void start(String checkpoint) throws IOException {
        if (checkpoint != null) {
            Checkpoints.load(Checkpoints.byName(ctx.dir, checkpoint), ctx.preset.name(), net, null);
        }
        ctx.event(
                Stage.PRETRAIN.id(),
                0,
                0,
                "pretrain started: "
                        + (patience() > 0
                                ? "up to " + epochs()
                                        + " epochs (stopping when validation accuracy has not improved for "
                                        + patience() + ")"
                                : epochs() + " epochs")
                        + ", "
                        + net.params().count()
                        + " parameters, " + ctx.train().size() + " training images"
                        + (cfg.hasFixedArch() ? ", fixed architecture " + cfg.fixedArch.strip() : ""));
    }

    @Override
    public void beginEpoch(Schedule.Progress at) {
        keepNow = keep.at(at);
    }

    @Override
    public Map<String, Double> step(int phase, Batches.Batch b, Schedule.Progress at) {
        double rate = lr.at(at);
        opt.setLr(rate);
        int n = b.y().length;
        keepNow = keep.at(at);
        float[] policy = cfg.hasFixedArch()
                ? steps.fixedPolicy(n)
                : keepNow >= 1.0
                        ? Steps.constantPolicy(n, -1)
                        : randomPolicy(
                                n, keepNow, new SplittableRandom(Batches.mix(cfg.seed + 7, at.epoch(), b.step())));
        Steps.NetResult r = steps.trainNet(b.x(), b.y(), policy, opt);
        return new MetricValues()
                .put(Metric.LOSS, r.loss())
                .put(Metric.ACCURACY, r.accuracy())
                .put(Metric.LR, rate)
                .put(Metric.KEEP, keepNow)
                .map();
    }

    @Override
    public void endEpoch(LoopState next) throws IOException {
        // accuracy on the selection split (validation, or test in a run without one) with every option
        // on (or of the fixed architecture), and of the MobileNetV2 path
        double[] acc = selectionAccuracy();
        boolean validation = ctx.validation() != null;
        int epoch = next.epoch() - 1;
        MetricValues record = new MetricValues();
        if (validation) {
            record.put(Metric.VALIDATION, 1.0);
        }
        ctx.emit(
                Stage.PRETRAIN.id(),
                MetricRecord.EPOCH,
                epoch,
                loop.globalStep(),
                record.put(Metric.ACCURACY, acc[0])
                        .put(Metric.MBV2_ACCURACY, acc[1])
                        .put(Metric.KEEP, keepNow)
                        .map(),
                null);
        MetricValues summary = new MetricValues().put(Metric.ACCURACY, acc[0]).put(Metric.MBV2_ACCURACY, acc[1]);
        if (validation) {
            summary.put(Metric.VAL_ACCURACY, acc[0]);
        }
        String name = loop.saveEpoch(this, next, summary.map());
        loop.pruneEpochs(Stage.PRETRAIN.id(), name);
        ctx.listener.onMessage(String.format(
                "pretrain epoch %d/%d: %s accuracy %.2f %% (%s), %.2f %% (MobileNetV2 path)",
                epoch + 1,
                epochs(),
                validation ? "validation" : "test",
                100 * acc[0],
                cfg.hasFixedArch() ? "fixed architecture" : "all options",
                100 * acc[1]));
    }

    private static float[] randomPolicy(int b, double keep, SplittableRandom rng) {
        float[] p = new float[b * Arch.LENGTH];
        for (int i = 0; i < p.length; i++) {
            p[i] = rng.nextDouble() < keep ? 1f : 0f;
        }
        return p;
    }

    /**
     * Accuracy on the selection split with every option on (or of the run's fixed architecture) and
     * with option 0 only.
     */
    private double[] selectionAccuracy() {
        // each path is evaluated with BatchNorm statistics recalibrated for it; the training-time
        // statistics are put back afterwards
        Map<String, float[]> saved = net.params().bufferValues();
        int calibrationBatch = Math.min(64, ctx.train().size());
        List<float[]> cal = ctx.calibrationBatches(RunContext.CALIBRATION_BATCHES, calibrationBatch);
        double all = cfg.hasFixedArch()
                ? pathAccuracy(cal, calibrationBatch, steps::fixedPolicy)
                : pathAccuracy(cal, calibrationBatch, b -> Steps.constantPolicy(b, -1));
        double mobileNetV2 = pathAccuracy(cal, calibrationBatch, b -> Steps.constantPolicy(b, 0));
        net.params().setBufferValues(saved);
        return new double[] {all, mobileNetV2};
    }

    private double pathAccuracy(List<float[]> cal, int calibrationBatch, IntFunction<float[]> policy) {
        float[] calPolicy = policy.apply(calibrationBatch);
        steps.recalibrate(cal, calibrationBatch, x -> calPolicy);
        ImageSet test = ctx.selectionSplit();
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
            Batcher.fill(test, idx, d.mean(), d.std(), Augment.NONE, new SplittableRandom(0), x);
            float[] out = steps.inferPolicy(x, b, policy.apply(b));
            for (int i = 0; i < b; i++) {
                ok += Steps.argmax(out, i, net.classes()) == test.labels()[start + i] ? 1 : 0;
            }
        }
        return (double) ok / n;
    }
}
