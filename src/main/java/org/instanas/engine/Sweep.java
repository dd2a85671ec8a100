// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.instanas.run.Arch;
import org.instanas.run.AtomicFiles;
import org.instanas.run.CheckpointInfo;
import org.instanas.run.LatencyTable;
import org.instanas.run.RoutingCsv;
import org.instanas.run.RoutingRow;
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
 * in its own run directory, each fine-tuned and evaluated; and the fixed networks it is compared
 * with: the baseline, the MobileNetV2 path trained alone (at the widths of the width curve, the
 * preset's own the reference), and each variant's most frequent architectures trained alone (its
 * controls), each for the variants' budget or until its validation accuracy stops improving. The runs lie side by side in {@code RUN-sweep/} with {@code sweep.json}, the plan; a
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
        return run(source, config, ubEnds, baseline ? Fixed.REFERENCE : Fixed.NONE, baselineEpochs, listener, cancel);
    }

    /**
     * The fixed networks a new sweep trains besides its variants.
     *
     * @param widths   the width multipliers of the MobileNetV2 path trained alone (the width curve; 1 is
     *                 the reference baseline); empty: none
     * @param controls per variant, its most frequent test architectures trained alone (0: none)
     */
    public record Fixed(List<Double> widths, int controls) {
        public static final Fixed NONE = new Fixed(List.of(), 0);
        public static final Fixed REFERENCE = new Fixed(List.of(1.0), 0);

        public Fixed {
            widths = List.copyOf(widths);
            for (double w : widths) {
                if (!(w >= 0.1 && w <= 4)) {
                    throw new UserException("--baseline-widths: every width must be between 0.1 and 4 (was " + w + ")");
                }
            }
            if (widths.stream().distinct().count() != widths.size()) {
                throw new UserException("--baseline-widths: a width is given twice");
            }
            if (controls < 0 || controls > 10) {
                throw new UserException("--controls: must be between 0 and 10 (was " + controls + ")");
            }
        }
    }

    /**
     * {@link #run(Path, RunConfig, List, boolean, int, StageListener, CancelToken)} with the width
     * curve and the controls of {@code fixed} (for a new plan; a stored plan keeps its own). Early
     * stopping ({@code finetunePatience}, {@code finetuneMaxEpochs} of {@code config}) applies to
     * the variants' fine-tuning and to every fixed network's training alike.
     */
    public static Pipeline.Outcome run(
            Path source,
            RunConfig config,
            List<Double> ubEnds,
            Fixed fixed,
            int baselineEpochs,
            StageListener listener,
            CancelToken cancel)
            throws Exception {
        StageListener l = listener == null ? StageListener.NONE : listener;
        Path folder = SweepPlan.folderOf(source);
        SweepPlan plan = SweepPlan.read(folder);
        if (plan == null) {
            plan = newPlan(source, config, ubEnds, fixed, baselineEpochs);
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
                if (m.control()) {
                    String arch = controlArch(folder, m, l);
                    if (arch == null) {
                        continue;
                    }
                    o = runFixed(src, dir, config, m, arch, l, cancel);
                } else {
                    o = m.baseline()
                            ? runFixed(src, dir, config, m, Arch.MBV2, l, cancel)
                            : runVariant(src, start, dir, config, m, l, cancel);
                }
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

    private static SweepPlan newPlan(Path source, RunConfig config, List<Double> ubEnds, Fixed fixed, int epochs)
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
        int budget = epochs > 0 ? epochs : start.epoch() + config.searchEpochs + config.finetuneEpochs;
        for (double w : fixed.widths()) {
            members.add(new SweepPlan.Member(SweepPlan.widthName(w), Double.NaN, true, budget, w, null, 0));
        }
        for (SweepPlan.Member v : List.copyOf(members)) {
            if (!v.variant()) {
                continue;
            }
            for (int r = 1; r <= fixed.controls(); r++) {
                members.add(new SweepPlan.Member(
                        SweepPlan.controlName(v.name(), r), Double.NaN, false, budget, 0, v.name(), r));
            }
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
        for (SweepPlan.Member m : plan.members()) {
            if (!m.variant()
                    && (!m.control()
                            || ubEnds.stream()
                                    .anyMatch(v -> SweepPlan.memberName(v).equals(m.controlOf())))) {
                members.add(m); // the fixed networks stay as planned (a dropped variant's controls go with it)
            }
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
            cfg.pretrainPatience = 0; // the meta-graph's pretraining is the source's
            cfg.pretrainMaxEpochs = 0;
            seed(src, start, dir, cfg, l);
        } else {
            cfg = RunConfig.fromMap(RunInfo.read(run.runJson()).config());
        }
        return Pipeline.runRemaining(cfg, dir, l, cancel, Stage.SEARCH, Stage.FINETUNE, Stage.EVALUATE);
    }

    /**
     * A fixed network: the MobileNetV2 path at a width of the curve (the baseline) or a variant's
     * architecture (its control), trained alone from scratch for the variants' budget or, with early
     * stopping, until validation accuracy stops improving; evaluated on the source's latency table
     * where the architecture is in it (the preset's widths), else on a table of its own widths.
     */
    private static Pipeline.Outcome runFixed(
            RunDirectory src,
            Path dir,
            RunConfig config,
            SweepPlan.Member m,
            String arch,
            StageListener l,
            CancelToken cancel)
            throws Exception {
        RunDirectory run = new RunDirectory(dir);
        RunConfig cfg;
        if (!run.exists()) {
            cfg = config.copy();
            cfg.fixedArch = arch;
            cfg.widthMultiplier = m.baseline() ? m.widthOrOne() : 1.0;
            cfg.pretrainEpochs = m.epochs();
            cfg.pretrainPatience = config.finetunePatience;
            cfg.pretrainMaxEpochs = config.finetuneMaxEpochs;
            cfg.latencyTable = null;
            try (RunContext ctx = new RunContext(dir, cfg, l, null)) {
                if (!cfg.widthScaled()) {
                    Files.copy(src.latencyJson(), ctx.dir.latencyJson());
                }
            }
        } else {
            cfg = RunConfig.fromMap(RunInfo.read(run.runJson()).config());
        }
        return Pipeline.runRemaining(cfg, dir, l, cancel, Stage.PRETRAIN, Stage.EVALUATE);
    }

    /**
     * The architecture a control trains: its variant's rank-th most frequent architecture on the test
     * split (the newest final evaluation; ties by the architecture string); null, said, when the
     * variant is not evaluated yet or has fewer architectures.
     */
    static String controlArch(Path folder, SweepPlan.Member m, StageListener l) {
        Path variant = folder.resolve(m.controlOf());
        RunDirectory vd = new RunDirectory(variant);
        RunDirectory own = new RunDirectory(folder.resolve(m.name()));
        if (own.exists()) {
            return RunConfig.fromMap(RunInfo.read(own.runJson()).config()).fixedArch;
        }
        String eval = vd.exists()
                ? vd.listEvaluations().stream()
                        .filter(n -> n.startsWith("final-"))
                        .reduce((a, b) -> b)
                        .orElse(null)
                : null;
        if (eval == null) {
            l.onMessage("sweep: " + m.name() + " waits for " + m.controlOf() + " to be evaluated; run the sweep again "
                    + "after it");
            return null;
        }
        Map<String, Integer> counts = new HashMap<>();
        for (RoutingRow r : RoutingCsv.read(vd.routingCsv(eval))) {
            counts.merge(r.arch(), 1, Integer::sum);
        }
        List<String> ranked = counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue()
                        .reversed()
                        .thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey)
                .toList();
        if (m.rank() > ranked.size()) {
            l.onMessage("sweep: " + m.name() + " skipped: " + m.controlOf() + " routes through " + ranked.size()
                    + " architecture(s) only");
            return null;
        }
        String arch = ranked.get(m.rank() - 1);
        l.onMessage(String.format(
                java.util.Locale.ROOT,
                "sweep: %s trains %s's architecture no. %d alone (%d of %d test images of %s take it)",
                m.name(),
                m.controlOf(),
                m.rank(),
                counts.get(arch),
                counts.values().stream().mapToInt(Integer::intValue).sum(),
                eval));
        return arch;
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
