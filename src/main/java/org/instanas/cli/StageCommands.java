// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.cli;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.instanas.app.DemoConfig;
import org.instanas.engine.CancelToken;
import org.instanas.engine.Pipeline;
import org.instanas.engine.Preflight;
import org.instanas.engine.StageListener;
import org.instanas.engine.Sweep;
import org.instanas.run.RunConfig;
import org.instanas.run.RunDirectory;
import org.instanas.run.Stage;
import org.instanas.run.UserException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The stage commands: pretrain, profile, search, finetune, evaluate, demo and sweep. */
public final class StageCommands {
    private StageCommands() {}

    abstract static class Base implements Callable<Integer> {
        @Mixin
        StageOptions opts;

        @Spec
        CommandSpec spec;

        abstract Stage stage();

        /** The settings a new run starts from, before this command line's options. */
        RunConfig newRunSettings(RunConfig defaults) {
            return defaults;
        }

        @Override
        public Integer call() throws Exception {
            Pipeline.setOrigin(commandLine(spec.commandLine().getParseResult().originalArgs()));
            opts.progressMode();
            preflight();
            RunConfig cfg = opts.config(stage(), this::newRunSettings);
            List<String> problems = cfg.problems();
            if (!problems.isEmpty()) {
                throw new UserException("invalid settings: " + String.join("; ", problems));
            }
            return execute(cfg);
        }

        /**
         * Refuses, before anything is written or measured, what cannot start: a profile of a folder that
         * is not a run, with nothing to say which preset it is for (the stages that continue a run are
         * checked by {@link org.instanas.engine.Preflight} when they start).
         */
        void preflight() {
            if (stage() == Stage.PROFILE
                    && !new RunDirectory(opts.run).exists()
                    && opts.preset == null
                    && opts.data == null) {
                throw new UserException(opts.run + ": not an InstaNAS run (no run.json); to profile a new run say "
                        + "which preset it is for ('instanas profile --run " + opts.run + " --preset tiny'), or "
                        + "create the run with 'instanas pretrain --run " + opts.run + "'");
            }
        }

        Integer execute(RunConfig cfg) throws Exception {
            return runWithProgress(
                    opts,
                    cfg,
                    (l, c) -> Pipeline.run(stage(), cfg, opts.run, opts.checkpoint, opts.resume, opts.override, l, c));
        }
    }

    /** The command as typed, for the stage history: "instanas search --run r --net-lr 0.01". */
    static String commandLine(List<String> args) {
        StringBuilder sb = new StringBuilder("instanas");
        for (String a : args) {
            sb.append(' ')
                    .append(a.isEmpty() || a.matches(".*[\\s'\"$`\\\\].*") ? "'" + a.replace("'", "'\\''") + "'" : a);
        }
        return sb.toString();
    }

    interface Work {
        Pipeline.Outcome run(StageListener listener, CancelToken cancel) throws Exception;
    }

    /** Runs engine work with a progress bar (or log lines) and Ctrl-C → cancel at a step boundary. */
    static int runWithProgress(StageOptions opts, RunConfig cfg, Work work) throws Exception {
        CancelToken cancel = new CancelToken();
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(
                () -> {
                    System.err.println("\nstopping at the next step boundary (the run stays resumable)…");
                    cancel.cancel();
                    try {
                        // the JVM exits when the hook returns: wait for the step checkpoint, no longer
                        finished.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "instanas-ctrl-c");
        Runtime.getRuntime().addShutdownHook(hook);
        ProgressListener listener = new ProgressListener(opts.progressMode(), opts.progressInterval, System.err);
        try {
            Pipeline.Outcome o = EngineThread.call(cfg.threads, () -> work.run(listener, cancel));
            listener.close();
            System.err.println(
                    o == Pipeline.Outcome.CANCELLED ? "cancelled; resume with --resume" : "done: " + opts.run);
            return o == Pipeline.Outcome.CANCELLED ? 130 : 0;
        } finally {
            listener.close();
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down (Ctrl-C): the hook is running
            }
        }
    }

    @Command(
            name = Stage.Ids.PRETRAIN,
            description = "Train the one-shot meta-graph (all options on, then random option dropping).")
    public static final class Pretrain extends Base {
        Stage stage() {
            return Stage.PRETRAIN;
        }
    }

    @Command(
            name = Stage.Ids.PROFILE,
            description = "Measure the per-(cell, option) latency table on this device (or import one).")
    public static final class Profile extends Base {
        Stage stage() {
            return Stage.PROFILE;
        }
    }

    @Command(
            name = Stage.Ids.SEARCH,
            description = "Train the controller with REINFORCE and the meta-graph on its policies.")
    public static final class Search extends Base {
        Stage stage() {
            return Stage.SEARCH;
        }
    }

    @Command(
            name = Stage.Ids.FINETUNE,
            description = "Fine-tune the meta-graph on the frozen controller's greedy policies.")
    public static final class Finetune extends Base {
        Stage stage() {
            return Stage.FINETUNE;
        }
    }

    @Command(
            name = Stage.Ids.EVALUATE,
            description = "Evaluate a checkpoint on the test split; write routing/<checkpoint>.csv.")
    public static final class Evaluate extends Base {
        @Option(
                names = "--runtime",
                paramLabel = "R",
                description = "djl (the engine's batch-1 timing, the default: the one every existing record and the "
                        + "latency table use) or onnxruntime (also time the exported controller and routed networks "
                        + "in ONNX Runtime, one thread, image by image against the MobileNetV2 path; written to "
                        + "routing/final-<checkpoint>.onnxruntime.json).")
        String runtime = "djl";

        Stage stage() {
            return Stage.EVALUATE;
        }

        @Override
        void preflight() {
            if (!runtime.equals("djl") && !runtime.equals("onnxruntime")) {
                throw new UserException("--runtime " + runtime + ": expected djl or onnxruntime");
            }
        }

        @Override
        Integer execute(RunConfig cfg) throws Exception {
            int code = super.execute(cfg);
            if (code == 0 && runtime.equals("onnxruntime")) {
                org.instanas.deploy.OrtTiming.Result r =
                        org.instanas.deploy.OnnxRunExport.time(opts.run, opts.checkpoint, cfg.measureImages);
                System.err.println("deployment runtime: " + org.instanas.deploy.OrtTiming.describe(r));
            }
            return code;
        }
    }

    @Command(
            name = "demo",
            description =
                    "The whole pipeline on the bundled sample with the tiny preset (about 10 minutes on 2 cores).")
    public static final class Demo extends Base {
        Stage stage() {
            return Stage.PRETRAIN;
        }

        @Override
        RunConfig newRunSettings(RunConfig defaults) {
            return DemoConfig.apply(defaults, opts.run);
        }

        @Override
        Integer execute(RunConfig cfg) throws Exception {
            return runWithProgress(opts, cfg, (l, k) -> Pipeline.demo(cfg, opts.run, l, k));
        }
    }

    @Command(
            name = "sweep",
            description = "The paper's variants A–E: from one pretrained run, one search per reward-window "
                    + "setting (each in its own run in RUN-sweep/), each fine-tuned and evaluated, and the "
                    + "MobileNetV2 path trained alone with the same budget. Run it again to continue.")
    public static final class SweepRuns extends Base {
        @Option(
                names = "--ub-end",
                split = ",",
                paramLabel = "F",
                description = "The ub-end-fraction of each variant, e.g. 0.95,0.8,0.65,0.5,0.45 (needed to start a "
                        + "sweep, each checked against the run's latency table; a sweep started before continues "
                        + "without it; other settings replace the variants that have not started).")
        List<Double> ubEnds = List.of();

        @Option(names = "--finetune-epochs", description = "Fine-tuning epochs of each variant (default: the run's).")
        Integer finetuneEpochs;

        @Option(
                names = "--baseline-epochs",
                description = "Training epochs of the MobileNetV2 path trained alone (default: the variants' "
                        + "pretraining + search + fine-tuning epochs).")
        int baselineEpochs;

        @Option(names = "--no-baseline", description = "Do not train the MobileNetV2 path alone.")
        boolean noBaseline;

        @Option(
                names = "--baseline-widths",
                split = ",",
                paramLabel = "W",
                description = "The MobileNetV2 width curve: the MobileNetV2 path trained alone at each width "
                        + "multiplier of the preset's widths, e.g. 0.5,0.75,1.0,1.4 (default 1.0: the baseline alone; "
                        + "for a new sweep).")
        List<Double> baselineWidths = List.of(1.0);

        @Option(
                names = "--controls",
                paramLabel = "K",
                description = "Per variant, its K most frequent test architectures trained alone from scratch as "
                        + "fixed networks (the control that tells routing from a smaller network; default 0; for a "
                        + "new sweep).")
        int controls;

        Stage stage() {
            return Stage.SEARCH;
        }

        @Override
        void preflight() {
            Preflight.requireRun(new RunDirectory(opts.run), "sweep");
            opts.sweep = true;
        }

        @Override
        Integer execute(RunConfig cfg) throws Exception {
            if (finetuneEpochs != null) {
                cfg.finetuneEpochs = finetuneEpochs;
            }
            Sweep.Fixed fixed = new Sweep.Fixed(noBaseline ? List.of() : baselineWidths, controls);
            return runWithProgress(opts, cfg, (l, k) -> Sweep.run(opts.run, cfg, ubEnds, fixed, baselineEpochs, l, k));
        }
    }
}
