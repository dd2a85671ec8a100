// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.instanas.run.AtomicFiles;
import org.instanas.run.CheckpointInfo;
import org.instanas.run.LatencyTable;
import org.instanas.run.RunConfig;
import org.instanas.run.RunDirectory;
import org.instanas.run.RunInfo;
import org.instanas.run.RunLockedException;
import org.instanas.run.Stage;
import org.instanas.run.SweepPlan;
import org.instanas.run.UserException;

/**
 * A sweep of reward windows, the paper's variants A–E: from one pretrained meta-graph (a run with a
 * pretrain checkpoint and a latency table), one search per setting of {@code ub-end-fraction}, each
 * in its own run directory, each fine-tuned and evaluated; and the baseline, the MobileNetV2 path
 * trained alone for the same number of epochs as the variants' weights saw, evaluated with the same
 * latency table. The runs lie side by side in {@code RUN-sweep/} with {@code sweep.json}, the plan; a
 * sweep started again continues where it stopped (each member's stages resume from their newest
 * checkpoint, finished ones are skipped). The same sweep started in two processes at once shares the
 * members out: each passes over a member whose run the other one holds (its lock), so two cores can
 * run two members side by side.
 */
public final class Sweep {
    private Sweep() {}

    /**
     * Runs (or continues) the sweep of {@code source}.
     *
     * @param config        the search and fine-tuning settings (the source run's, with the command line's)
     * @param ubEnds        the settings of {@code ub-end-fraction}, one variant each; empty: continue the
     *                      stored plan
     * @param baseline      also train the MobileNetV2 path alone
     * @param baselineEpochs the baseline's epochs; 0: the variants' budget (pretraining + search +
     *                      fine-tuning epochs)
     */
    public static Pipeline.Outcome run(
            Path source,
            RunConfig config,
            List<Double> ubEnds,
            boolean baseline,
            int baselineEpochs,
            StageListener listener,
            CancelToken cancel)
            throws Exception {
        StageListener l = listener == null ? StageListener.NONE : listener;
        Path folder = SweepPlan.folderOf(source);
        SweepPlan plan = SweepPlan.read(folder);
        if (plan == null) {
            plan = newPlan(source, config, ubEnds, baseline, baselineEpochs);
            Files.createDirectories(folder);
            AtomicFiles.writeJson(folder.resolve(SweepPlan.FILE), plan);
        } else if (!ubEnds.isEmpty() && !sameSettings(plan, ubEnds)) {
            plan = amend(plan, folder, source, config, ubEnds, l);
        }
        RunDirectory src = new RunDirectory(source);
        CheckpointInfo start = Checkpoints.namedOrNewest(src, plan.checkpoint(), Stage.PRETRAIN.id());
        if (start == null) {
            throw new UserException(source + ": the sweep's starting checkpoint " + plan.checkpoint() + " is gone");
        }
        List<String> elsewhere = new ArrayList<>();
        for (SweepPlan.Member m : plan.members()) {
            if (cancel != null && cancel.isCancelled()) {
                return Pipeline.Outcome.CANCELLED;
            }
            Path dir = folder.resolve(m.name());
            l.onMessage(SweepPlan.startMessage(m));
            Pipeline.Outcome o;
            try {
                o = m.baseline()
                        ? runBaseline(src, start, dir, config, m, l, cancel)
                        : runVariant(src, start, dir, config, m, l, cancel);
            } catch (RunLockedException e) {
                // the same sweep started again in another process (one per core): leave it that member
                l.onMessage("sweep: " + m.name() + " is being run by another process; on to the next");
                elsewhere.add(m.name());
                continue;
            }
            if (o == Pipeline.Outcome.CANCELLED) {
                return o;
            }
        }
        if (!elsewhere.isEmpty()) {
            l.onMessage("sweep: done here; still running in another process: " + String.join(", ", elsewhere));
        }
        return Pipeline.Outcome.COMPLETED;
    }

    private static SweepPlan newPlan(Path source, RunConfig config, List<Double> ubEnds, boolean baseline, int epochs)
            throws IOException {
        if (ubEnds.isEmpty()) {
            throw new UserException("a new sweep needs its settings: --ub-end 0.95,0.8,0.65,0.5,0.45");
        }
        RunDirectory src = new RunDirectory(source);
        if (!src.exists()) {
            throw new UserException(source + ": not an InstaNAS run (no run.json)");
        }
        RunConfig stored = RunConfig.fromMap(RunInfo.read(src.runJson()).config());
        if (stored.hasFixedArch()) {
            throw new UserException(source + ": trains a fixed architecture; a sweep needs a one-shot run");
        }
        CheckpointInfo start = Checkpoints.newest(src, Stage.PRETRAIN.id());
        if (start == null || start.name().contains("-step")) {
            throw new UserException(
                    source + ": no finished pretraining to sweep from; make one with 'instanas pretrain --run " + source
                            + "'");
        }
        List<SweepPlan.Member> members = variants(src, config, ubEnds);
        if (baseline) {
            int budget = epochs > 0 ? epochs : start.epoch() + config.searchEpochs + config.finetuneEpochs;
            members.add(new SweepPlan.Member(SweepPlan.BASELINE, Double.NaN, true, budget));
        }
        return new SweepPlan(
                SweepPlan.FORMAT_VERSION,
                "../" + source.toAbsolutePath().normalize().getFileName(),
                start.name(),
                members);
    }

    /**
     * The variants of the settings {@code ubEnds}, each checked against the source's latency table
     * when the plan is written: a setting whose reward window would be empty (UB below the cheapest
     * network) fails here, not hours later when the sweep reaches it.
     */
    private static List<SweepPlan.Member> variants(RunDirectory src, RunConfig config, List<Double> ubEnds) {
        SweepPlan.checkSettings(ubEnds, "--ub-end");
        if (!Files.isRegularFile(src.latencyJson())) {
            throw new UserException(src.root() + ": has no latency table yet; run 'profile' on it first");
        }
        LatencyTable table = LatencyTable.read(src.latencyJson());
        List<SweepPlan.Member> members = new ArrayList<>();
        for (double v : ubEnds) {
            RunConfig c = config.copy();
            c.ubEndFraction = v;
            try {
                SearchStage.checkWindow(table, c);
            } catch (UserException e) {
                throw new UserException("--ub-end " + v + ": " + e.getMessage());
            }
            members.add(new SweepPlan.Member(SweepPlan.memberName(v), v, false, 0));
        }
        return members;
    }

    /**
     * The stored plan with other settings: allowed while every variant it drops or changes has not
     * started (has no run directory yet), so that a setting found impossible or unwanted can be
     * replaced without losing the members that ran; the baseline stays as planned.
     */
    private static SweepPlan amend(
            SweepPlan plan, Path folder, Path source, RunConfig config, List<Double> ubEnds, StageListener l)
            throws IOException {
        List<String> started = new ArrayList<>();
        List<String> dropped = new ArrayList<>();
        for (SweepPlan.Member m : plan.members()) {
            if (!m.baseline() && !ubEnds.contains(m.ubEnd())) {
                (Files.exists(folder.resolve(m.name())) ? started : dropped).add(m.name());
            }
        }
        if (!started.isEmpty()) {
            throw new UserException(folder + " already holds a sweep of " + settings(plan) + " and "
                    + String.join(", ", started) + " started; continue it without --ub-end (or list every "
                    + "started setting), or sweep other settings from a copy of the run");
        }
        List<SweepPlan.Member> members = variants(new RunDirectory(source), config, ubEnds);
        List<String> added = members.stream()
                .map(SweepPlan.Member::name)
                .filter(n -> plan.members().stream().noneMatch(m -> m.name().equals(n)))
                .toList();
        if (plan.baseline() != null) {
            members.add(plan.baseline());
        }
        SweepPlan changed = new SweepPlan(plan.formatVersion(), plan.source(), plan.checkpoint(), members);
        AtomicFiles.writeJson(folder.resolve(SweepPlan.FILE), changed);
        l.onMessage("sweep: plan changed to " + settings(changed) + " (dropped, not started: "
                + (dropped.isEmpty() ? "none" : String.join(", ", dropped)) + "; added: "
                + (added.isEmpty() ? "none" : String.join(", ", added)) + ")");
        return changed;
    }

    private static boolean sameSettings(SweepPlan plan, List<Double> ubEnds) {
        List<Double> had = plan.members().stream()
                .filter(m -> !m.baseline())
                .map(SweepPlan.Member::ubEnd)
                .toList();
        return had.equals(ubEnds);
    }

    private static String settings(SweepPlan plan) {
        return "ub-end "
                + String.join(
                        ",",
                        plan.members().stream()
                                .filter(m -> !m.baseline())
                                .map(m -> Double.toString(m.ubEnd()))
                                .toList());
    }

    /** A variant: a copy of the pretrained start, then search → finetune → evaluate (those not done yet). */
    private static Pipeline.Outcome runVariant(
            RunDirectory src,
            CheckpointInfo start,
            Path dir,
            RunConfig config,
            SweepPlan.Member m,
            StageListener l,
            CancelToken cancel)
            throws Exception {
        RunDirectory run = new RunDirectory(dir);
        RunConfig cfg;
        if (!run.exists()) {
            cfg = config.copy();
            cfg.ubEndFraction = m.ubEnd();
            cfg.latencyTable = null;
            seed(src, start, dir, cfg, l);
        } else {
            cfg = RunConfig.fromMap(RunInfo.read(run.runJson()).config());
        }
        return Pipeline.runRemaining(cfg, dir, l, cancel, Stage.SEARCH, Stage.FINETUNE, Stage.EVALUATE);
    }

    /** The baseline: the MobileNetV2 path trained alone for the variants' budget, on the same latency table. */
    private static Pipeline.Outcome runBaseline(
            RunDirectory src,
            CheckpointInfo start,
            Path dir,
            RunConfig config,
            SweepPlan.Member m,
            StageListener l,
            CancelToken cancel)
            throws Exception {
        RunDirectory run = new RunDirectory(dir);
        RunConfig cfg;
        if (!run.exists()) {
            cfg = config.copy();
            cfg.fixedArch = "mbv2";
            cfg.pretrainEpochs = m.epochs();
            cfg.latencyTable = null;
            try (RunContext ctx = new RunContext(dir, cfg, l, null)) {
                Files.copy(src.latencyJson(), ctx.dir.latencyJson());
            }
        } else {
            cfg = RunConfig.fromMap(RunInfo.read(run.runJson()).config());
        }
        return Pipeline.runRemaining(cfg, dir, l, cancel, Stage.PRETRAIN, Stage.EVALUATE);
    }

    /** A new member run: its run.json, the source's latency table and pretraining records, the start checkpoint. */
    private static void seed(RunDirectory src, CheckpointInfo start, Path dir, RunConfig cfg, StageListener l)
            throws IOException {
        if (!Files.isRegularFile(src.latencyJson())) {
            throw new UserException(src.root() + ": has no latency table yet; run 'profile' on it first");
        }
        try (RunContext ctx = new RunContext(dir, cfg, l, null)) {
            Files.copy(src.latencyJson(), ctx.dir.latencyJson());
            Pipeline.importCheckpoint(
                    ctx,
                    start,
                    src.metrics(),
                    "sweep member " + dir.getFileName() + " starts from " + start.name() + " of "
                            + src.root().getFileName() + " (ub-end-fraction " + cfg.ubEndFraction + ")");
        }
    }
}
