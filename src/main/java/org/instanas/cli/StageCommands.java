// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.cli;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.instanas.app.DemoConfig;
import org.instanas.engine.CancelToken;
import org.instanas.engine.Pipeline;
import org.instanas.engine.StageListener;
import org.instanas.engine.Sweep;
import org.instanas.run.Metric;
import org.instanas.run.MetricRecord;
import org.instanas.run.RunConfig;
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
            RunConfig cfg = opts.config(stage(), this::newRunSettings);
            List<String> problems = cfg.problems();
            if (!problems.isEmpty()) {
                throw new UserException("invalid settings: " + String.join("; ", problems));
            }
            return execute(cfg);
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
        ProgressListener listener = new ProgressListener(opts.quiet);
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

    /** Progress bar with ETA and the live reward / accuracy / latency. */
    static final class ProgressListener implements StageListener {
        private final boolean quiet;
        private ProgressBar bar;
        private String stage;
        private String extra = "";
        private long lastLog;

        ProgressListener(boolean quiet) {
            this.quiet = quiet;
        }

        @Override
        public synchronized void onMetric(MetricRecord r) {
            if (r.kind().equals(MetricRecord.STEP)) {
                StringBuilder sb = new StringBuilder();
                if (r.has(Metric.REWARD)) {
                    sb.append(String.format("R %.2f ", r.value(Metric.REWARD)));
                }
                if (r.has(Metric.ACCURACY)) {
                    sb.append(String.format("acc %.1f%% ", 100 * r.value(Metric.ACCURACY)));
                }
                if (r.has(Metric.LATENCY)) {
                    sb.append(String.format("lat %.2f ", r.value(Metric.LATENCY)));
                }
                if (r.has(Metric.LOSS)) {
                    sb.append(String.format("loss %.3f", r.value(Metric.LOSS)));
                } else if (r.has(Metric.NET_LOSS)) {
                    sb.append(String.format("net loss %.3f", r.value(Metric.NET_LOSS)));
                }
                extra = sb.toString().trim();
            }
        }

        @Override
        public synchronized void onProgress(String stage, long step, long total, double ips) {
            if (quiet) {
                long now = System.currentTimeMillis();
                if (now - lastLog > 5000) {
                    System.err.printf("%s step %d/%d  %.0f img/s  %s%n", stage, step, total, ips, extra);
                    lastLog = now;
                }
                return;
            }
            if (bar == null || !stage.equals(this.stage)) {
                close();
                this.stage = stage;
                bar = new ProgressBarBuilder()
                        .setTaskName(stage)
                        .setInitialMax(total)
                        .setStyle(ProgressBarStyle.ASCII)
                        .setUpdateIntervalMillis(500)
                        .continuousUpdate()
                        .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err, 110))
                        .build();
            }
            bar.maxHint(total);
            bar.stepTo(step);
            bar.setExtraMessage(extra);
        }

        @Override
        public synchronized void onMessage(String message) {
            if (bar != null) {
                System.err.print("\r");
            }
            System.err.println(message);
        }

        synchronized void close() {
            if (bar != null) {
                bar.close();
                bar = null;
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
        Stage stage() {
            return Stage.EVALUATE;
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

        Stage stage() {
            return Stage.SEARCH;
        }

        @Override
        Integer execute(RunConfig cfg) throws Exception {
            if (finetuneEpochs != null) {
                cfg.finetuneEpochs = finetuneEpochs;
            }
            return runWithProgress(
                    opts, cfg, (l, k) -> Sweep.run(opts.run, cfg, ubEnds, !noBaseline, baselineEpochs, l, k));
        }
    }
}
