// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.engine;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.instanas.run.CheckpointInfo;
import org.instanas.run.LatencyTable;
import org.instanas.run.Metric;
import org.instanas.run.RunConfig;
import org.instanas.run.Stage;
import org.instanas.run.Steering;
import org.instanas.run.UserException;

/**
 * The search (docs/algorithm.md §6, §7.2): per epoch a controller phase (REINFORCE on the reward
 * of sampled architectures, with the reward window of that epoch) and a meta-graph phase (SGD on
 * the sampled policies, permuted across the batch); with {@code batchIter} both on every batch.
 * Each epoch ends with a checkpoint that is evaluated on the test split.
 */
final class SearchStage implements TrainingStage {
    private final StageLoop loop;
    private final RunContext ctx;
    private final RunConfig cfg;
    private final LatencyTable table;
    private final MetaGraph net;
    private final Controller ctrl;
    private final Optim netOpt;
    private final Optim ctrlOpt;
    private final Steps steps;
    private final double netLr;
    private final Schedule ctrlLr;
    private Schedule ub;
    private double ubNow;
    /** The overrides a user steered in (see {@link Steering}); empty: the run's settings and schedules. */
    private Map<String, Double> steered = Map.of();
    /** The controller's progress at the last step or epoch start, for re-asking the window when steered. */
    private Schedule.Progress progress;

    private Schedule.Progress epochStart;
    /** The last controller step's mean sampled latency: a following window's UB stays at or above it. */
    private double follow = Double.NaN;

    private double ctrlLrNow;

    SearchStage(StageLoop loop) throws IOException {
        this.loop = loop;
        this.ctx = loop.context();
        this.cfg = ctx.cfg;
        if (cfg.hasFixedArch()) {
            throw new UserException(ctx.dir.root() + ": this run trains the fixed architecture '"
                    + cfg.fixedArch.strip() + "'; a search needs a one-shot run (a new run without --fixed-arch)");
        }
        this.table = loop.profile(false);
        checkWindow(table, cfg);
        this.net = loop.newNet();
        this.ctrl = loop.newController();
        this.netLr = cfg.netLr > 0 ? cfg.netLr : cfg.lr;
        this.netOpt = new Optim.Sgd(loop.root(), netLr, 0, false, cfg.wd);
        this.ctrlOpt = new Optim.Adam(loop.root(), cfg.lr, cfg.wd);
        this.steps = loop.newSteps(net, ctrl);
        this.ctrlLr = Schedule.decayEvery(cfg.lr, cfg.lrDecayRatio, cfg.epochStep);
        this.ub = Reward.upperBound(table, cfg);
    }

    @Override
    public Stage stage() {
        return Stage.SEARCH;
    }

    @Override
    public Models models() {
        return new Models(net, ctrl, netOpt, ctrlOpt, table);
    }

    @Override
    public int epochs() {
        return cfg.searchEpochs;
    }

    @Override
    public int phases() {
        return cfg.batchIter ? 1 : 2;
    }

    @Override
    public int shuffle(int epoch, int phase) {
        return epoch * 2 + phase;
    }

    @Override
    public void start(String checkpoint) throws IOException {
        CheckpointInfo start = Checkpoints.namedOrNewest(ctx.dir, checkpoint, Stage.PRETRAIN.id());
        if (start == null) {
            throw new UserException(ctx.dir.root() + ": no pretrained meta-graph to search on; run 'pretrain' first "
                    + "(or pass --checkpoint NAME)");
        }
        Checkpoints.load(start, ctx.preset.name(), net, null);
        ctx.event(Stage.SEARCH.id(), 0, 0, "search started from " + start.name() + ": " + cfg.searchEpochs + " epochs");
    }

    @Override
    public void beginEpoch(Schedule.Progress at) {
        epochStart = at;
        progress = controllerProgress(at, 0);
        ubNow = windowAt(progress);
        ctrlLrNow = setting(Steering.LR, ctrlLr.at(at));
        ctrlOpt.setLr(ctrlLrNow);
    }

    @Override
    public double[] window() {
        return new double[] {lb(), ubNow};
    }

    @Override
    public Map<String, Double> step(int phase, Batches.Batch b, Schedule.Progress at) {
        int n = b.y().length;
        double lb = lb();
        SplittableRandom rng = new SplittableRandom(Batches.mix(cfg.seed + 11 + phase, at.epoch(), b.step()));
        if (phase == 0) {
            progress = controllerProgress(at, b.step());
            ubNow = windowAt(progress);
        }
        if (phase == 1) {
            float[] sampled = steps.policy(b.x(), n, true, setting(Steering.ALPHA, cfg.alpha), rng);
            Steps.NetResult nr = steps.trainNet(b.x(), b.y(), Steps.permuteRows(sampled, n, rng), netOpt);
            return new MetricValues()
                    .put(Metric.NET_LOSS, nr.loss())
                    .put(Metric.NET_ACCURACY, nr.accuracy())
                    .put(Metric.NET_LR, setting(Steering.NET_LR, netLr))
                    .put(Metric.UB, ubNow)
                    .put(Metric.LB, lb)
                    .put(Metric.PHASE, 1)
                    .map();
        }
        Steps.ControllerResult r = steps.trainController(
                b.x(),
                b.y(),
                table,
                lb,
                ubNow,
                setting(Steering.ALPHA, cfg.alpha),
                setting(Steering.BETA, cfg.beta),
                setting(Steering.POS_W, cfg.posW),
                setting(Steering.NEG_W, cfg.negW),
                cfg.latExp,
                cfg.trueEntropy,
                ctrlOpt,
                rng);
        if (cfg.windowFollows()) {
            follow = r.latSampled();
        }
        MetricValues v = new MetricValues()
                .put(Metric.REWARD, r.rewardSampled())
                .put(Metric.REWARD_GREEDY, r.rewardGreedy())
                .put(Metric.ADVANTAGE, r.advantage())
                .put(Metric.ENTROPY, r.entropy())
                .put(Metric.ACCURACY, r.accGreedy())
                .put(Metric.ACCURACY_SAMPLED, r.accSampled())
                .put(Metric.LATENCY, r.latGreedy())
                .put(Metric.LATENCY_SAMPLED, r.latSampled())
                .put(Metric.OPTIONS, r.optionsGreedy())
                .put(Metric.UNIQUE, r.uniqueGreedy())
                .put(Metric.IN_WINDOW, r.inWindowSampled())
                .put(Metric.UB, ubNow)
                .put(Metric.LB, lb)
                .put(Metric.LOSS, r.loss())
                .put(Metric.LR, ctrlLrNow)
                .put(Metric.PHASE, 0);
        if (cfg.batchIter) {
            Steps.NetResult nr = steps.trainNet(b.x(), b.y(), Steps.permuteRows(r.sampled(), n, rng), netOpt);
            v.put(Metric.NET_LOSS, nr.loss())
                    .put(Metric.NET_ACCURACY, nr.accuracy())
                    .put(Metric.NET_LR, setting(Steering.NET_LR, netLr));
        }
        return v.map();
    }

    /**
     * The window's UB at a controller step: the schedule's, or, when the window follows the
     * controller, never below the mean latency the controller sampled at its previous step (so about
     * half of its samples stay inside the window and the reward keeps a signal), never above the
     * schedule's start.
     */
    private double windowAt(Schedule.Progress p) {
        Double fixed = steered.get(Steering.UB);
        if (fixed != null) {
            return fixed;
        }
        double scheduled = ub.at(p);
        if (!cfg.windowFollows() || !Double.isFinite(follow)) {
            return scheduled;
        }
        double start = ub.at(new Schedule.Progress(0, p.steps(), 0, p.epochs()));
        return Math.max(scheduled, Math.min(follow, start));
    }

    private double setting(String key, double configured) {
        Double v = steered.get(key);
        return v == null ? configured : v;
    }

    /** LB of the window: the cheapest network's latency (or the lb-fraction's), or a steered value. */
    private double lb() {
        return setting(Steering.LB, Reward.lowerBound(table, cfg));
    }

    @Override
    public boolean steerable() {
        return true;
    }

    @Override
    public List<String> steerProblems(Map<String, Double> set) {
        List<String> p = new ArrayList<>();
        double lb = set.getOrDefault(Steering.LB, Reward.lowerBound(table, cfg));
        Double ubSet = set.get(Steering.UB);
        Double end = set.get(Steering.UB_END);
        if (ubSet != null && !(ubSet > lb)) {
            p.add(String.format(Locale.ROOT, "UB %.4g ms must be above LB %.4g ms", ubSet, lb));
        }
        if (ubSet == null && !(ubNow > lb)) {
            p.add(String.format(Locale.ROOT, "LB %.4g ms must be below the UB in use (%.4g ms)", lb, ubNow));
        }
        if (end != null && !(end * table.baseline() > lb)) {
            p.add(String.format(
                    Locale.ROOT,
                    "UB end %.3g × the MobileNetV2 path (%.4g ms) = %.4g ms must be above LB %.4g ms",
                    end,
                    table.baseline(),
                    end * table.baseline(),
                    lb));
        }
        return p;
    }

    @Override
    public void steer(Map<String, Double> set) {
        steered = Map.copyOf(set);
        RunConfig c = cfg;
        if (set.containsKey(Steering.UB_END)) {
            c = cfg.copy();
            c.ubEndFraction = set.get(Steering.UB_END);
        }
        ub = Reward.upperBound(table, c);
        if (progress != null) {
            ubNow = windowAt(progress);
        }
        if (epochStart != null) {
            ctrlLrNow = setting(Steering.LR, ctrlLr.at(epochStart));
            ctrlOpt.setLr(ctrlLrNow);
        }
        netOpt.setLr(setting(Steering.NET_LR, netLr));
    }

    @Override
    public double windowFollow() {
        return follow;
    }

    @Override
    public void resumed(LoopState at) {
        follow = at.follow();
    }

    /**
     * Where the controller stands: its step {@code stepInEpoch} of epoch {@code at.epoch()} among the
     * controller steps of the whole search (the meta-graph phase's steps do not move the window).
     */
    private Schedule.Progress controllerProgress(Schedule.Progress at, int stepInEpoch) {
        long perEpoch = at.steps() / Math.max(1, (long) at.epochs() * phases());
        return new Schedule.Progress(
                at.epoch() * perEpoch + stepInEpoch, perEpoch * at.epochs(), at.epoch(), at.epochs());
    }

    @Override
    public void endEpoch(LoopState next) throws IOException {
        loop.saveAndEvaluateEpoch(this, steps, next);
    }

    /** The reward window must not be empty: UB has to stay above LB (the cheapest network's latency). */
    static void checkWindow(LatencyTable t, RunConfig cfg) {
        if (cfg.staticWindow) {
            return;
        }
        double lb = Reward.lowerBound(t, cfg);
        if (cfg.ubEndFraction * t.baseline() <= lb || cfg.ubStartFraction * t.max() <= lb) {
            throw new UserException(String.format(
                    Locale.ROOT,
                    "the reward window would be empty: UB ends at ub-end-fraction %.3g × the MobileNetV2-path latency "
                            + "(%.3f ms) = %.3f ms, and starts at ub-start-fraction %.3g × max (%.3f ms) = %.3f ms, but LB (the "
                            + "cheapest network, or --lb-fraction × the MobileNetV2 path) is %.3f ms; raise "
                            + "--ub-end-fraction above %.3f (or use --static)",
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
}
