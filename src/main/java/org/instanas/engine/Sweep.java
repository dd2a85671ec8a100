// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.engine;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.instanas.run.AtomicFiles;
import org.instanas.run.CheckpointInfo;
import org.instanas.run.Json;
import org.instanas.run.RunConfig;
import org.instanas.run.RunDirectory;
import org.instanas.run.RunInfo;
import org.instanas.run.Stage;
import org.instanas.run.UserException;

/**
 * A sweep of reward windows, the paper's variants A–E: from one pretrained meta-graph (a run with a
 * pretrain checkpoint and a latency table), one search per setting of {@code ub-end-fraction}, each
 * in its own run directory, each fine-tuned and evaluated; and the baseline, the MobileNetV2 path
 * trained alone for the same number of epochs as the variants' weights saw, evaluated with the same
 * latency table. The runs lie side by side in {@code RUN-sweep/} with {@code sweep.json}, the plan; a
 * sweep started again continues where it stopped (each member's stages resume from their newest
 * checkpoint, finished ones are skipped).
 */
public final class Sweep {
    public static final String FILE = "sweep.json";
    public static final String BASELINE = "baseline";
    /** The format of sweep.json; a newer one is refused. */
    public static final int FORMAT_VERSION = 1;

    private Sweep() {}

    /**
     * What a sweep runs.
     *
     * @param source     the pretrained run, relative to the sweep folder ("../NAME")
     * @param checkpoint the pretrain checkpoint every search starts from
     * @param members    the runs of the sweep: the variants in the order given, then the baseline
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Plan(int formatVersion, String source, String checkpoint, List<Member> members) {
        public Member baseline() {
            return members.stream().filter(Member::baseline).findFirst().orElse(null);
        }

        /** The plan of a sweep folder, or null when it has none; a damaged or newer one is a user error. */
        public static Plan read(Path sweepDir) {
            Path f = sweepDir.resolve(FILE);
            if (!Files.isRegularFile(f)) {
                return null;
            }
            Plan p;
            try {
                p = Json.MAPPER.readValue(f.toFile(), Plan.class);
            } catch (IOException e) {
                throw new UserException(f + ": not a readable sweep plan (" + e.getMessage() + ")", e);
            }
            if (p.formatVersion() > FORMAT_VERSION || p.members() == null) {
                throw new UserException(f + ": written by a newer version (format " + p.formatVersion() + ")");
            }
            return p;
        }
    }

    /**
     * One run of a sweep.
     *
     * @param name     its folder in the sweep folder ("ub-0.65", "baseline")
     * @param ubEnd    the setting it searches with (NaN for the baseline)
     * @param baseline the MobileNetV2 path trained alone
     * @param epochs   the baseline's training epochs (0 for a variant)
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Member(String name, double ubEnd, boolean baseline, int epochs) {}

    /** The sweep folder of a pretrained run: {@code RUN-sweep} beside it. */
    public static Path folderOf(Path run) {
        Path abs = run.toAbsolutePath().normalize();
        return abs.resolveSibling(abs.getFileName() + "-sweep");
    }

    /** The sweep a run belongs to (the folder holding its sweep.json), or null. */
    public static Path sweepOf(Path run) {
        Path parent = run.toAbsolutePath().normalize().getParent();
        return parent != null && Files.isRegularFile(parent.resolve(FILE)) ? parent : null;
    }

    /** The member name of an {@code ub-end-fraction} setting. */
    public static String memberName(double ubEnd) {
        return "ub-"
                + String.format(Locale.ROOT, "%.3f", ubEnd)
                        .replaceAll("0+$", "")
                        .replaceAll("\\.$", "");
    }

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
        Path folder = folderOf(source);
        Plan plan = Plan.read(folder);
        if (plan == null) {
            plan = newPlan(source, config, ubEnds, baseline, baselineEpochs);
            Files.createDirectories(folder);
            AtomicFiles.writeJson(folder.resolve(FILE), plan);
        } else if (!ubEnds.isEmpty() && !sameSettings(plan, ubEnds)) {
            throw new UserException(folder + " already holds a sweep of " + settings(plan)
                    + "; continue it without --ub-end, or sweep other settings from a copy of the run");
        }
        RunDirectory src = new RunDirectory(source);
        CheckpointInfo start = Checkpoints.namedOrNewest(src, plan.checkpoint(), Stage.PRETRAIN.id());
        if (start == null) {
            throw new UserException(source + ": the sweep's starting checkpoint " + plan.checkpoint() + " is gone");
        }
        for (Member m : plan.members()) {
            if (cancel != null && cancel.isCancelled()) {
                return Pipeline.Outcome.CANCELLED;
            }
            Path dir = folder.resolve(m.name());
            l.onMessage("sweep: " + m.name() + (m.baseline() ? " (the MobileNetV2 path trained alone)" : ""));
            Pipeline.Outcome o = m.baseline()
                    ? runBaseline(src, start, dir, config, m, l, cancel)
                    : runVariant(src, start, dir, config, m, l, cancel);
            if (o == Pipeline.Outcome.CANCELLED) {
                return o;
            }
        }
        return Pipeline.Outcome.COMPLETED;
    }

    private static Plan newPlan(Path source, RunConfig config, List<Double> ubEnds, boolean baseline, int epochs)
            throws IOException {
        if (ubEnds.isEmpty()) {
            throw new UserException("a new sweep needs its settings: --ub-end 0.95,0.8,0.65,0.5,0.35");
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
            throw new UserException(source + ": no finished pretraining to sweep from; run 'pretrain' first");
        }
        List<Member> members = new ArrayList<>();
        for (double v : ubEnds) {
            if (!(v > 0 && v <= 10)) {
                throw new UserException("--ub-end: every value must be between 0 and 10 (was " + v + ")");
            }
            String name = memberName(v);
            if (members.stream().anyMatch(m -> m.name().equals(name))) {
                throw new UserException("--ub-end: " + v + " is given twice");
            }
            members.add(new Member(name, v, false, 0));
        }
        if (baseline) {
            int budget = epochs > 0 ? epochs : start.epoch() + config.searchEpochs + config.finetuneEpochs;
            members.add(new Member(BASELINE, Double.NaN, true, budget));
        }
        return new Plan(
                FORMAT_VERSION, "../" + source.toAbsolutePath().normalize().getFileName(), start.name(), members);
    }

    private static boolean sameSettings(Plan plan, List<Double> ubEnds) {
        List<Double> had = plan.members().stream()
                .filter(m -> !m.baseline())
                .map(Member::ubEnd)
                .toList();
        return had.equals(ubEnds);
    }

    private static String settings(Plan plan) {
        return "ub-end "
                + String.join(
                        ",",
                        plan.members().stream()
                                .filter(m -> !m.baseline())
                                .map(m -> Double.toString(m.ubEnd()))
                                .toList());
    }

    /** A variant: a copy of the pretrained start, then search → finetune → evaluate, each skipped once done. */
    private static Pipeline.Outcome runVariant(
            RunDirectory src,
            CheckpointInfo start,
            Path dir,
            RunConfig config,
            Member m,
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
        for (Stage s : new Stage[] {Stage.SEARCH, Stage.FINETUNE, Stage.EVALUATE}) {
            if (Pipeline.done(run, s, cfg)) {
                continue;
            }
            boolean resume = s != Stage.EVALUATE && Checkpoints.newest(run, s.id()) != null;
            Pipeline.Outcome o = Pipeline.run(s, cfg, dir, null, resume, true, l, cancel);
            if (o == Pipeline.Outcome.CANCELLED) {
                return o;
            }
        }
        return Pipeline.Outcome.COMPLETED;
    }

    /** The baseline: the MobileNetV2 path trained alone for the variants' budget, on the same latency table. */
    private static Pipeline.Outcome runBaseline(
            RunDirectory src,
            CheckpointInfo start,
            Path dir,
            RunConfig config,
            Member m,
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
        for (Stage s : new Stage[] {Stage.PRETRAIN, Stage.EVALUATE}) {
            if (Pipeline.done(run, s, cfg)) {
                continue;
            }
            boolean resume = s == Stage.PRETRAIN && Checkpoints.newest(run, s.id()) != null;
            Pipeline.Outcome o = Pipeline.run(s, cfg, dir, null, resume, true, l, cancel);
            if (o == Pipeline.Outcome.CANCELLED) {
                return o;
            }
        }
        return Pipeline.Outcome.COMPLETED;
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

    /** Every member run of the sweep that exists, by name, in the plan's order. */
    public static Map<String, Path> members(Path sweepDir) {
        Plan p = Plan.read(sweepDir);
        Map<String, Path> out = new LinkedHashMap<>();
        if (p == null) {
            return out;
        }
        for (Member m : p.members()) {
            Path d = sweepDir.resolve(m.name());
            if (new RunDirectory(d).exists()) {
                out.put(m.name(), d);
            }
        }
        return out;
    }
}
