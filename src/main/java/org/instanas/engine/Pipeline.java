// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.engine;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.instanas.data.Datasets;
import org.instanas.run.AtomicFiles;
import org.instanas.run.CheckpointInfo;
import org.instanas.run.LatencyTable;
import org.instanas.run.Metric;
import org.instanas.run.MetricRecord;
import org.instanas.run.MetricsFile;
import org.instanas.run.RunConfig;
import org.instanas.run.RunDirectory;
import org.instanas.run.Stage;
import org.instanas.run.StageRecord;
import org.instanas.run.UserException;

/**
 * The stages as plain functions: the CLI and the workbench call these and nothing else of the
 * engine. Each call must run on the engine thread (the one thread that owns DJL); it writes the run
 * directory as it goes and returns when the stage ends, fails or is cancelled (resumable).
 */
public final class Pipeline {
    private Pipeline() {}

    /** How a stage ended. */
    public enum Outcome {
        COMPLETED,
        CANCELLED
    }

    /**
     * Runs one stage on a run directory. Creates the run (run.json) if it does not exist yet.
     *
     * @param checkpoint checkpoint name to start from (search starts from the newest pretrain
     *                   checkpoint, finetune/evaluate from the newest search/finetune one when null)
     * @param resume     continue this stage from its newest complete checkpoint
     */
    public static Outcome run(
            Stage stage,
            RunConfig config,
            Path runDir,
            String checkpoint,
            boolean resume,
            StageListener listener,
            CancelToken cancel)
            throws Exception {
        return run(stage, config, runDir, checkpoint, resume, false, listener, cancel);
    }

    /** What started the stages of this process, for their provenance: the command line, or "workbench". */
    private static volatile String origin = "api";

    public static void setOrigin(String commandLine) {
        origin = commandLine;
    }

    /**
     * {@link #run(Stage, RunConfig, Path, String, boolean, StageListener, CancelToken)}, recording the
     * stage's start and end in {@code stages.jsonl}. A resume whose settings differ from the ones the
     * stage last started with is refused with the differences, unless {@code override} (then the
     * differences are recorded with the start).
     */
    public static Outcome run(
            Stage stage,
            RunConfig config,
            Path runDir,
            String checkpoint,
            boolean resume,
            boolean override,
            StageListener listener,
            CancelToken cancel)
            throws Exception {
        Preflight.check(stage, new RunDirectory(runDir), config, checkpoint, resume);
        Torch.start(config.threads);
        try (RunContext ctx = new RunContext(runDir, config, listener, cancel);
                NDManager root = NDManager.newBaseManager(ctx.device)) {
            ctx.dir.listCheckpoints(problem -> ctx.listener.onMessage("warning: " + problem));
            Path history = ctx.dir.stages();
            Map<String, List<Object>> changed = Map.of();
            StageRecord before = StageRecord.lastStart(history, stage.id());
            if (resume
                    && before != null
                    && before.config() != null
                    && Checkpoints.newest(ctx.dir, stage.id()) != null) {
                changed = StageRecord.differences(before.config(), config.toMap());
                if (!changed.isEmpty() && !override) {
                    throw new UserException("--resume with settings that differ from the ones this " + stage.id()
                            + " started with (" + describe(changed) + "): give the same options, or add --override "
                            + "to continue with the new ones (recorded in " + StageRecord.FILE + ")");
                }
            }
            Map<String, String> versions = Torch.versions();
            StageRecord.append(
                    history,
                    StageRecord.start(
                            stage.id(),
                            now(),
                            resume,
                            checkpoint,
                            config.toMap(),
                            changed,
                            origin,
                            versions,
                            Torch.deviceName(ctx.device),
                            Torch.threads()));
            StageLoop loop = new StageLoop(ctx, root);
            String status = "failed";
            String failure = null;
            try {
                Outcome o = runStage(stage, loop, ctx, checkpoint, resume);
                status = o == Outcome.CANCELLED ? "cancelled" : "completed";
                return o;
            } catch (Exception | Error e) {
                failure = e.getMessage();
                throw e;
            } finally {
                try {
                    StageRecord.append(history, StageRecord.end(stage.id(), now(), status, loop.globalStep(), failure));
                } catch (IOException e) {
                    ctx.listener.onMessage("warning: could not record the end of " + stage.id() + " in "
                            + StageRecord.FILE + ": " + e.getMessage());
                }
            }
        }
    }

    /** ISO-8601 to the second, seconds always written ("…T18:27:00Z", where toString() gives "…T18:27Z"). */
    private static String now() {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                OffsetDateTime.now().withNano(0));
    }

    private static String describe(Map<String, List<Object>> changed) {
        StringBuilder sb = new StringBuilder();
        changed.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ")
                .append(k)
                .append(' ')
                .append(v.get(0))
                .append(" → ")
                .append(v.get(1)));
        return sb.toString();
    }

    private static Outcome runStage(Stage stage, StageLoop loop, RunContext ctx, String checkpoint, boolean resume)
            throws Exception {
        try {
            return switch (stage) {
                case PRETRAIN -> loop.pretrain(checkpoint, resume);
                case PROFILE -> {
                    loop.profile(true);
                    yield Outcome.COMPLETED;
                }
                case SEARCH -> loop.search(checkpoint, resume);
                case FINETUNE -> loop.finetune(checkpoint, resume);
                case EVALUATE -> {
                    loop.evaluate(checkpoint);
                    yield Outcome.COMPLETED;
                }
            };
        } catch (Steps.NumericalFault e) {
            CheckpointInfo last = Checkpoints.newest(
                    ctx.dir, stage.id(), Stage.PRETRAIN.id(), Stage.SEARCH.id(), Stage.FINETUNE.id());
            String msg = stage.id() + " stopped at step " + loop.globalStep() + ": " + e.getMessage()
                    + "; the last good checkpoint is " + (last == null ? "none" : last.name())
                    + " (if the training diverged, lower the learning rate and resume; 'instanas --version' "
                    + "shows the CPU kernel self-check)";
            ctx.emit(stage.id(), MetricRecord.EVENT, loop.epoch(), loop.globalStep(), Map.of(Metric.FAULT, 1.0), msg);
            throw new UserException(msg, e);
        }
    }

    /** pretrain → profile → search → finetune → evaluate on the bundled sample with the tiny preset. */
    public static Outcome demo(RunConfig config, Path runDir, StageListener listener, CancelToken cancel)
            throws Exception {
        RunDirectory dir = new RunDirectory(runDir);
        if (!dir.exists()) {
            seedPretrained(config, runDir, listener);
        }
        return runRemaining(
                config,
                runDir,
                listener,
                cancel,
                Stage.PRETRAIN,
                Stage.PROFILE,
                Stage.SEARCH,
                Stage.FINETUNE,
                Stage.EVALUATE);
    }

    /**
     * Runs the stages one after the other as a scripted pipeline (the demo, a sweep's runs): a stage
     * already finished is skipped, one with a checkpoint resumes from its newest, and a difference
     * from the settings a stage started with is recorded rather than refused; stops when one is
     * cancelled.
     */
    static Outcome runRemaining(
            RunConfig config, Path runDir, StageListener listener, CancelToken cancel, Stage... stages)
            throws Exception {
        RunDirectory dir = new RunDirectory(runDir);
        for (Stage s : stages) {
            if (done(dir, s, config)) {
                continue;
            }
            boolean resume = Checkpoints.newest(dir, s.id()) != null;
            Outcome o = run(s, config, runDir, null, resume, true, listener, cancel);
            if (o == Outcome.CANCELLED) {
                return o;
            }
        }
        return Outcome.COMPLETED;
    }

    /**
     * The bundled sample ships a meta-graph pretrained by this project's own {@code pretrain}
     * ({@code samples/pretrained/tiny/}, see its README): a new demo run starts from it, with its
     * pretraining curves, instead of spending most of its ten minutes on pretraining.
     */
    static void seedPretrained(RunConfig config, Path runDir, StageListener listener) throws Exception {
        if (!"tiny".equals(config.preset) || !"samples".equals(config.data) || config.trainLimit > 0) {
            return;
        }
        Path shipped;
        try {
            shipped = Datasets.resolve("samples")
                    .getParent()
                    .resolve("pretrained")
                    .resolve("tiny");
        } catch (RuntimeException e) {
            return;
        }
        Path meta = shipped.resolve(CheckpointInfo.META);
        if (!Files.isRegularFile(meta)) {
            return;
        }
        CheckpointInfo c = CheckpointInfo.read(shipped);
        config.pretrainEpochs = c.epoch();
        try (RunContext ctx = new RunContext(runDir, config, listener, null)) {
            importCheckpoint(
                    ctx,
                    c,
                    shipped.resolve("metrics.jsonl"),
                    "demo starts from the bundled pretrained meta-graph " + c.name() + " (samples/pretrained/tiny)");
        }
    }

    /**
     * Copies a checkpoint's meta-graph weights into a new run (the run's first checkpoint, written
     * atomically) with the records of its stage from {@code metricsFrom} (when that file exists), so
     * the new run starts from it with its curves; an event says where it came from.
     */
    static void importCheckpoint(RunContext ctx, CheckpointInfo c, Path metricsFrom, String event) throws IOException {
        if (!Files.isRegularFile(c.dir().resolve(Checkpoints.NET))) {
            throw new UserException(c.dir() + ": this checkpoint keeps its description only, not its weights ("
                    + Checkpoints.NET + " is missing; the shipped demo keeps only its final weights): start from a "
                    + "run whose pretraining checkpoint has them");
        }
        Path target = ctx.dir.checkpoints().resolve(c.name());
        Path tmp = ctx.dir.checkpoints().resolve("." + c.name() + AtomicFiles.TMP_SUFFIX);
        Files.createDirectories(tmp);
        if (Files.isRegularFile(metricsFrom)) {
            for (MetricRecord r : MetricsFile.readAll(metricsFrom, w -> {})) {
                if (c.stage().equals(r.stage()) && r.step() <= c.step()) {
                    ctx.metrics.append(r);
                }
            }
        }
        ctx.metrics.sync();
        Files.copy(c.dir().resolve(Checkpoints.NET), tmp.resolve(Checkpoints.NET));
        new CheckpointInfo(
                        c.name(),
                        c.stage(),
                        c.epoch(),
                        c.step(),
                        c.preset(),
                        System.currentTimeMillis() / 1000.0,
                        Files.size(ctx.dir.metrics()),
                        c.state(),
                        c.summary(),
                        c.formatVersion(),
                        null)
                .write(tmp);
        AtomicFiles.move(tmp, target);
        ctx.event(c.stage(), c.epoch(), c.step(), event);
    }

    /** Whether a stage of the demo (or of a sweep's run) has finished, so running it again continues it. */
    static boolean done(RunDirectory dir, Stage s, RunConfig cfg) {
        return switch (s) {
            case PROFILE -> Files.isRegularFile(dir.latencyJson());
            case EVALUATE -> dir.listEvaluations().stream().anyMatch(n -> n.startsWith("final-"));
            default -> {
                CheckpointInfo c = Checkpoints.newest(dir, s.id());
                int patience = switch (s) {
                    case PRETRAIN -> cfg.hasFixedArch() ? cfg.pretrainPatience : 0;
                    case FINETUNE -> cfg.finetunePatience;
                    default -> 0;
                };
                int epochs = switch (s) {
                    case PRETRAIN -> RunConfig.stageEpochs(cfg.pretrainEpochs, patience, cfg.pretrainMaxEpochs);
                    case SEARCH -> cfg.searchEpochs;
                    default -> RunConfig.stageEpochs(cfg.finetuneEpochs, patience, cfg.finetuneMaxEpochs);
                };
                if (c == null || c.name().contains("-step")) {
                    yield false;
                }
                CheckpointInfo best = patience > 0 ? Checkpoints.best(dir, s.id()) : null;
                // finished its epochs, or stopped early (no better validation accuracy for the patience)
                yield c.epoch() >= epochs || best != null && c.epoch() - best.epoch() >= patience;
            }
        };
    }

    /** Summary values of a latency table, for metrics. */
    static Map<String, Double> tableValues(LatencyTable t) {
        Map<String, Double> v = new LinkedHashMap<>();
        v.put("baseline", t.baseline());
        v.put("min", t.min());
        v.put("max", t.max());
        return v;
    }

    static void requireRun(Path runDir) throws IOException {
        if (!Files.isRegularFile(new RunDirectory(runDir).runJson())) {
            throw new UserException(runDir + ": not an InstaNAS run (no run.json)");
        }
    }
}
