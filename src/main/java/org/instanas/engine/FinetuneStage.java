// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.engine;

import java.io.IOException;
import java.util.Map;
import org.instanas.run.CheckpointInfo;
import org.instanas.run.LatencyTable;
import org.instanas.run.Metric;
import org.instanas.run.RunConfig;
import org.instanas.run.Stage;
import org.instanas.run.UserException;

/**
 * Fine-tuning (docs/algorithm.md §7.3): the controller is frozen and the meta-graph is trained, with
 * SGD and a cosine learning rate, on the controller's greedy architecture of every image. Each epoch
 * ends with a checkpoint that is evaluated on the validation split (the test split in a run without
 * one; in the search's final reward window); with a patience it stops when that stops improving.
 */
final class FinetuneStage implements TrainingStage {
    private final StageLoop loop;
    private final RunContext ctx;
    private final RunConfig cfg;
    private final LatencyTable table;
    private final MetaGraph net;
    private final Controller ctrl;
    private final Optim opt;
    private final Steps steps;
    private final Schedule lr;
    private final double[] window;

    FinetuneStage(StageLoop loop) throws IOException {
        this.loop = loop;
        this.ctx = loop.context();
        this.cfg = ctx.cfg;
        this.table = loop.profile(false);
        this.net = loop.newNet();
        this.ctrl = loop.newController();
        this.opt = new Optim.Sgd(loop.root(), cfg.finetuneLr, 0.9, true, cfg.finetuneWd);
        this.steps = loop.newSteps(net, ctrl);
        this.lr = Schedule.cosine(cfg.finetuneLr);
        this.window = loop.lastWindow(table);
    }

    @Override
    public Stage stage() {
        return Stage.FINETUNE;
    }

    @Override
    public Models models() {
        return new Models(net, ctrl, opt, null, table);
    }

    @Override
    public int epochs() {
        return RunConfig.stageEpochs(cfg.finetuneEpochs, cfg.finetunePatience, cfg.finetuneMaxEpochs);
    }

    @Override
    public int patience() {
        return cfg.finetunePatience;
    }

    @Override
    public double[] window() {
        return window;
    }

    @Override
    public void start(String checkpoint) throws IOException {
        CheckpointInfo start = Checkpoints.namedOrNewest(ctx.dir, checkpoint, Stage.SEARCH.id());
        if (start == null || !Checkpoints.hasController(start)) {
            throw new UserException(
                    ctx.dir.root() + ": no search checkpoint with a controller to fine-tune; run 'search' first "
                            + "(or pass --checkpoint NAME of a search checkpoint)");
        }
        Checkpoints.load(start, ctx.preset.name(), net, ctrl);
        ctx.event(
                Stage.FINETUNE.id(),
                0,
                0,
                "finetune started from " + start.name() + ": "
                        + (patience() > 0
                                ? "up to " + epochs()
                                        + " epochs, stopping when validation accuracy has not improved for "
                                        + patience()
                                : epochs() + " epochs"));
    }

    @Override
    public Map<String, Double> step(int phase, Batches.Batch b, Schedule.Progress at) {
        double rate = lr.at(at);
        opt.setLr(rate);
        int n = b.y().length;
        float[] greedy = steps.policy(b.x(), n, false, cfg.alpha, null);
        Steps.NetResult r = steps.trainNet(b.x(), b.y(), greedy, opt);
        return new MetricValues()
                .put(Metric.LOSS, r.loss())
                .put(Metric.ACCURACY, r.accuracy())
                .put(Metric.LR, rate)
                .map();
    }

    @Override
    public void endEpoch(LoopState next) throws IOException {
        loop.saveAndEvaluateEpoch(this, steps, next);
    }
}
