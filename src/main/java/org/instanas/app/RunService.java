// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.instanas.analysis.Difficulty;
import org.instanas.app.export.RunImages;
import org.instanas.data.OwnImages;
import org.instanas.engine.Preset;
import org.instanas.engine.Router;
import org.instanas.engine.StageListener;
import org.instanas.run.Arch;
import org.instanas.run.MetricRecord;
import org.instanas.run.RouteTrial;
import org.instanas.run.RunConfig;
import org.instanas.run.RunDirectory;
import org.instanas.run.RunInfo;
import org.instanas.run.Stage;
import org.instanas.run.SweepPlan;
import org.instanas.run.UserException;

/**
 * Starts, pauses, stops and resumes the engine's stages on a run directory: the one door of the
 * front ends to {@code org.instanas.engine}. Jobs run on the given {@link TaskExecutor} (the engine
 * thread in the workbench); the run directory they write is followed with a {@link RunWatcher}.
 */
public final class RunService {
    /** What is (or was last) started here. */
    public record ActiveRun(Path runDir, String what, Stage stage, RunConfig config, JobHandle<Void> job) {
        static final String SWEEP = "sweep";

        public boolean isDemo() {
            return stage == null && !isSweep();
        }

        /** A sweep of reward windows from the pretrained run {@link #runDir}. */
        public boolean isSweep() {
            return SWEEP.equals(what);
        }
    }

    private final TaskExecutor executor;
    private final StageRunner runner;
    private final AtomicReference<ActiveRun> last = new AtomicReference<>();
    private final AtomicReference<LiveProgress> progress = new AtomicReference<>();
    private final AtomicReference<String> lastMessage = new AtomicReference<>("");
    private final AtomicReference<String> sweepMember = new AtomicReference<>();

    public RunService(TaskExecutor executor, StageRunner runner) {
        this.executor = executor;
        this.runner = runner;
    }

    public TaskExecutor executor() {
        return executor;
    }

    // Commands

    /** Runs one stage on a run directory (created if new). Refuses an invalid config with its problems. */
    public JobHandle<Void> start(Stage stage, RunConfig config, Path runDir) {
        return submit(stage, config, runDir, null, false);
    }

    /** Continues a stage from its newest complete checkpoint. */
    public JobHandle<Void> resume(Stage stage, RunConfig config, Path runDir) {
        return submit(stage, config, runDir, null, true);
    }

    /** Runs a stage starting from a given checkpoint (e.g. evaluate one search epoch). */
    public JobHandle<Void> startFrom(Stage stage, RunConfig config, Path runDir, String checkpoint) {
        return submit(stage, config, runDir, checkpoint, false);
    }

    /** The whole pipeline (pretrain → profile → search → finetune → evaluate) on a run directory. */
    public JobHandle<Void> demo(RunConfig config, Path runDir) {
        validate(config);
        RunConfig cfg = config.copy();
        return track(
                new ActiveRun(runDir, "demo", null, cfg, null),
                l -> runner.demo(cfg, runDir, l.listener, l.handle.token()));
    }

    /**
     * Runs (or, with no settings, continues) the sweep of reward windows from the pretrained run
     * {@code source}: one search, fine-tuning and evaluation per UB-end setting and the MobileNetV2
     * path trained alone, in {@code SOURCE-sweep/}. {@link #sweepMember} names the member it is on.
     */
    public JobHandle<Void> sweep(Path source, RunConfig config, List<Double> ubEnds) {
        validate(config);
        RunConfig cfg = config.copy();
        List<Double> settings = List.copyOf(ubEnds);
        refuseWhileRunning("stop it first"); // before the running sweep's member is forgotten
        sweepMember.set(null);
        return track(
                new ActiveRun(source, ActiveRun.SWEEP, null, cfg, null),
                l -> runner.sweep(source, cfg, settings, l.listener, l.handle.token()));
    }

    /** The member run the sweep started last is on (its folder), or null when no sweep has reached one. */
    public Path sweepMember() {
        ActiveRun a = last.get();
        String m = sweepMember.get();
        return a == null || !a.isSweep() || m == null
                ? null
                : SweepPlan.folderOf(a.runDir()).resolve(m);
    }

    /** Pauses the running job at its next step boundary. */
    public void pause() {
        JobHandle<Void> j = running();
        if (j != null) {
            j.pause();
        }
    }

    /** Lifts a pause. */
    public void unpause() {
        JobHandle<Void> j = running();
        if (j != null) {
            j.resume();
        }
    }

    /** Asks the running job to stop at its next step boundary (the run stays resumable). */
    public void cancel() {
        JobHandle<Void> j = running();
        if (j != null) {
            j.cancel();
        }
    }

    /** Cancels and waits for the running job to stop; true when nothing runs any more. */
    public boolean cancelAndWait(Duration timeout) throws InterruptedException {
        JobHandle<Void> j = running();
        if (j == null) {
            return true;
        }
        j.cancel();
        return j.await(timeout);
    }

    // Properties

    /** The job started last, running or not; null before the first start. */
    public ActiveRun last() {
        return last.get();
    }

    /** The job started here that is queued or running, else null. */
    public JobHandle<Void> running() {
        ActiveRun a = last.get();
        return a != null && a.job() != null && !a.job().isDone() ? a.job() : null;
    }

    /** Whether the job started here writes {@code runDir} (for a sweep: the member it is on). */
    public boolean isRunning(Path runDir) {
        ActiveRun a = last.get();
        if (running() == null) {
            return false;
        }
        Path dir = runDir.toAbsolutePath().normalize();
        Path member = sweepMember();
        return a.isSweep() && member != null
                ? member.equals(dir)
                : a.runDir().toAbsolutePath().normalize().equals(dir);
    }

    /** Latest progress of the running stage, or null. */
    public LiveProgress progress() {
        return running() == null ? null : progress.get();
    }

    public String lastMessage() {
        return lastMessage.get();
    }

    public static void validate(RunConfig config) {
        List<String> problems = config.problems();
        if (!problems.isEmpty()) {
            throw new UserException("The settings are not valid:\n  " + String.join("\n  ", problems));
        }
    }

    /**
     * Routes the user's own images (files or folders) through the run's newest checkpoint with a
     * controller, on the engine thread; refused while a job runs. Unreadable files are reported in the
     * result, one message each.
     */
    public JobHandle<RoutedImages> route(Path runDir, List<Path> files) {
        refuseWhileRunning("route your images when it has finished");
        return executor.submit("route " + files.size() + (files.size() == 1 ? " file" : " files"), ctx -> {
            RunInfo info = RunInfo.read(new RunDirectory(runDir).runJson());
            RunConfig cfg = RunConfig.fromMap(info.config());
            Preset preset = Preset.load(cfg.preset);
            List<String> classNames = RunImages.load(info).classNames(); // null when the dataset is gone
            OwnImages own = OwnImages.read(files, preset.inputChannels(), preset.inputSize());
            List<RoutedImages.Image> rows = new ArrayList<>();
            if (!own.files().isEmpty()) {
                for (Router.Routed r : runner.route(cfg, runDir, null, own)) {
                    rows.add(new RoutedImages.Image(
                            r.file(),
                            Difficulty.className(classNames, r.prediction()),
                            r.classProbabilities()[r.prediction()],
                            Arch.activeOptions(r.arch()),
                            r.latencyMs(),
                            r.percentile(),
                            r.arch(),
                            r.nearestText()));
                }
            }
            return new RoutedImages(rows, own.problems());
        });
    }

    /**
     * What-if routing: test images of the run through an edited architecture and their own routes,
     * on the engine thread ({@link Router#tryArchitecture}); refused while a job runs.
     */
    public JobHandle<RouteTrial> tryArchitecture(
            Path runDir, String checkpoint, int[] testIndices, boolean[][] arch, boolean reestimate) {
        refuseWhileRunning("try the route when it has finished");
        int[] idx = testIndices.clone();
        boolean[][] a = Arch.parse(Arch.format(arch));
        return executor.submit("what if: " + idx.length + (idx.length == 1 ? " image" : " images"), ctx -> {
            RunConfig cfg = RunConfig.fromMap(
                    RunInfo.read(new RunDirectory(runDir).runJson()).config());
            return runner.tryArchitecture(cfg, runDir, checkpoint, idx, a, reestimate);
        });
    }

    // Internals

    /** The engine runs one job at a time: a user error naming the running one and what to do instead. */
    private void refuseWhileRunning(String instead) {
        if (running() != null) {
            ActiveRun a = last.get();
            throw new UserException("A job is already running (" + a.what() + " on "
                    + a.runDir().getFileName() + "); " + instead + ".");
        }
    }

    private JobHandle<Void> submit(Stage stage, RunConfig config, Path runDir, String checkpoint, boolean resume) {
        validate(config);
        RunConfig cfg = config.copy();
        String what = (resume ? "resume " : "") + stage.id();
        return track(
                new ActiveRun(runDir, what, stage, cfg, null),
                l -> runner.run(stage, cfg, runDir, checkpoint, resume, l.listener, l.handle.token()));
    }

    private interface Body {
        void run(Bound b) throws Exception;
    }

    private record Bound(JobHandle<Void> handle, StageListener listener) {}

    private JobHandle<Void> track(ActiveRun spec, Body body) {
        refuseWhileRunning("stop it first");
        String title = spec.what();
        progress.set(null);
        JobHandle<Void> h = executor.submit(title, ctx -> {
            body.run(new Bound(asHandle(ctx), listener(ctx)));
            return null;
        });
        last.set(new ActiveRun(spec.runDir(), spec.what(), spec.stage(), spec.config(), h));
        return h;
    }

    @SuppressWarnings("unchecked")
    private static JobHandle<Void> asHandle(JobContext ctx) {
        return (JobHandle<Void>) ctx;
    }

    private StageListener listener(JobContext ctx) {
        return new StageListener() {
            @Override
            public void onProgress(String stage, long step, long totalSteps, double imagesPerSecond) {
                long now = System.nanoTime();
                LiveProgress p = progress.get();
                boolean same = p != null && p.stage().equals(stage) && step >= p.step();
                progress.set(new LiveProgress(
                        stage,
                        step,
                        totalSteps,
                        imagesPerSecond,
                        same ? p.startedNanos() : now,
                        same ? p.startStep() : step,
                        now));
                ctx.updateProgress(totalSteps > 0 ? (double) step / totalSteps : -1);
                ctx.updateMessage(stage + " · step " + step + (totalSteps > 0 ? " / " + totalSteps : ""));
            }

            @Override
            public void onMessage(String message) {
                lastMessage.set(message);
                String member = SweepPlan.startedMember(message);
                if (member != null) {
                    sweepMember.set(member);
                }
                ctx.updateMessage(message);
            }

            @Override
            public void onMetric(MetricRecord record) {
                // the run directory carries the metrics; the UI reads them through a RunWatcher
            }
        };
    }
}
