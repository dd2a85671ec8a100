// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.main;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.instanas.app.JobHandle;
import org.instanas.app.JobState;
import org.instanas.app.MetricsBuffer;
import org.instanas.app.RecentRuns;
import org.instanas.app.RoutedImages;
import org.instanas.app.RunService;
import org.instanas.app.RunState;
import org.instanas.app.RunWatcher;
import org.instanas.app.ShippedDemo;
import org.instanas.run.RouteTrial;
import org.instanas.run.RunConfig;
import org.instanas.run.RunDirectory;
import org.instanas.run.RunFormatException;
import org.instanas.run.RunInfo;
import org.instanas.run.Stage;
import org.instanas.run.StageRecord;
import org.instanas.run.SweepPlan;
import org.instanas.run.UserException;
import org.instanas.ui.common.FxThread;
import org.instanas.ui.curves.CurvesViewModel;
import org.instanas.ui.history.StageHistoryViewModel;
import org.instanas.ui.latency.LatencyViewModel;
import org.instanas.ui.newrun.NewRunViewModel;
import org.instanas.ui.steer.SteerViewModel;
import org.instanas.ui.usage.UsageViewModel;

/**
 * The window's state and commands: which run is shown, starting / pausing / stopping / resuming
 * stages through {@link RunService}, and the ≤ 10 Hz {@link #tick} that refreshes the panes and the
 * status bar from snapshots (never one UI update per metric record).
 */
public final class MainViewModel {
    /** Which pane is in front; only it is refreshed on each tick. */
    public enum PaneId {
        CURVES,
        LATENCY,
        USAGE,
        HISTORY
    }

    private final RunService runs;
    private final RecentRuns recent;
    private final ReadOnlyObjectWrapper<RoutedImages> routed = new ReadOnlyObjectWrapper<>();
    private Dialogs dialogs = Dialogs.NONE;
    private final NewRunViewModel newRun = new NewRunViewModel();
    private final CurvesViewModel curves;
    private final LatencyViewModel latency = new LatencyViewModel();
    private final StageHistoryViewModel history = new StageHistoryViewModel();
    private final UsageViewModel usage;
    private final StatusViewModel status = new StatusViewModel();
    private final SteerViewModel steer;
    private final ObservableList<RecentRuns.Entry> recentRuns = FXCollections.observableArrayList();
    private final ObservableList<JobHandle<?>> jobs = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<RunWatcher> watcher = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("InstaNAS Workbench");
    private final ReadOnlyBooleanWrapper canPause = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper canStop = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper canResume = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private JobHandle<Void> reported;
    private int warningsShown;

    public MainViewModel(RunService runs, RecentRuns recent, Executor io, Executor chartBuilder) {
        this.runs = runs;
        this.recent = recent;
        this.usage = new UsageViewModel(io);
        this.curves = new CurvesViewModel(chartBuilder);
        this.steer = new SteerViewModel(io);
        recentRuns.setAll(recent.entries());
    }

    Dialogs dialogs() {
        return dialogs;
    }

    public void setDialogs(Dialogs d) {
        this.dialogs = d == null ? Dialogs.NONE : d;
    }

    // Properties

    public NewRunViewModel newRun() {
        return newRun;
    }

    public CurvesViewModel curves() {
        return curves;
    }

    public StageHistoryViewModel history() {
        return history;
    }

    public LatencyViewModel latency() {
        return latency;
    }

    public UsageViewModel usage() {
        return usage;
    }

    /** Steering the open run's search while it runs. */
    public SteerViewModel steer() {
        return steer;
    }

    public StatusViewModel status() {
        return status;
    }

    public RunService runService() {
        return runs;
    }

    public ObservableList<RecentRuns.Entry> recentRuns() {
        return recentRuns;
    }

    /** Jobs queued or running on the engine thread. */
    public ObservableList<JobHandle<?>> jobs() {
        return jobs;
    }

    public ReadOnlyObjectProperty<RunWatcher> watcherProperty() {
        return watcher.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canPauseProperty() {
        return canPause.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canStopProperty() {
        return canStop.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canResumeProperty() {
        return canResume.getReadOnlyProperty();
    }

    /** A job runs here (used to confirm closing the window). */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    // Commands

    /** The bundled sample project: a prefilled new-run form, nothing started yet. */
    public void openSampleProject() {
        newRun.loadSampleProject();
        show(null);
        title.set("InstaNAS Workbench — sample project (press Run demo)");
    }

    /**
     * A first start: the bundled sample project in the new-run form and, when this installation ships
     * it, the finished demo run open read-only, so every pane shows a real search at once.
     */
    public void openFirstStart() {
        openSampleProject();
        Path shipped = ShippedDemo.find();
        if (shipped != null) {
            openRun(shipped);
        }
    }

    /** Opens a run directory, live or finished; an unreadable one is reported and nothing changes. */
    public boolean openRun(Path dir) {
        RunWatcher w;
        try {
            w = RunWatcher.open(dir.toAbsolutePath().normalize());
        } catch (RunFormatException | UserException e) {
            dialogs.error("Cannot open run", "This folder cannot be opened as a run:\n" + e.getMessage(), null);
            return false;
        } catch (RuntimeException e) {
            dialogs.error("Cannot open run", dir + ": " + e.getMessage(), e);
            return false;
        }
        show(w.start());
        remember(w);
        return true;
    }

    /**
     * Routes the user's own images (dropped files or folders) through the open run's newest checkpoint
     * with a controller, on the engine thread; the result arrives in {@link #routedProperty()}.
     */
    public JobHandle<RoutedImages> routeImages(List<Path> files) {
        RunWatcher w = watcher.get();
        if (w == null) {
            dialogs.info("No run open", "Open a searched run first: its controller routes the images.");
            return null;
        }
        JobHandle<RoutedImages> h;
        try {
            h = runs.route(w.root(), files);
        } catch (UserException e) {
            dialogs.error("Cannot route the images", e.getMessage(), null);
            return null;
        }
        status.setMessage("Routing " + files.size() + (files.size() == 1 ? " file" : " files") + " through "
                + w.state().name() + " …");
        Consumer<JobHandle<RoutedImages>> done = j -> FxThread.execute(() -> {
            if (j.state() == JobState.SUCCEEDED && routed.get() != j.result()) {
                routed.set(j.result());
                RoutedImages r = j.result();
                status.setMessage(r.images().size() + " routed, " + r.problems().size() + " skipped");
            } else if (j.state() == JobState.FAILED) {
                Throwable t = j.failure();
                boolean user = t instanceof UserException || t instanceof RunFormatException;
                dialogs.error("Routing failed", user ? t.getMessage() : String.valueOf(t), user ? null : t);
            }
        });
        h.onStateChange(done);
        if (h.isDone()) {
            done.accept(h); // finished before the listener was added
        }
        return h;
    }

    /**
     * What-if routing for the routing panes: runs on the engine thread; the future fails with the
     * reason when it cannot run (a job is running, the checkpoint has no weights, ...).
     */
    public CompletableFuture<RouteTrial> tryArchitecture(
            Path run, String checkpoint, int[] indices, boolean[][] arch, boolean reestimate) {
        CompletableFuture<RouteTrial> f = new CompletableFuture<>();
        JobHandle<RouteTrial> h;
        try {
            h = runs.tryArchitecture(run, checkpoint, indices, arch, reestimate);
        } catch (UserException e) {
            f.completeExceptionally(e);
            return f;
        }
        Consumer<JobHandle<RouteTrial>> done = j -> {
            if (j.state() == JobState.SUCCEEDED) {
                f.complete(j.result());
            } else if (j.isDone()) {
                f.completeExceptionally(
                        j.failure() != null ? j.failure() : new UserException("the trial was " + j.state()));
            }
        };
        h.onStateChange(done);
        if (h.isDone()) {
            done.accept(h);
        }
        return f;
    }

    /** The newest images routed with {@link #routeImages}, or null. */
    public ReadOnlyObjectProperty<RoutedImages> routedProperty() {
        return routed.getReadOnlyProperty();
    }

    /** Adds a run for comparison on the curves pane. */
    public boolean compareWith(Path dir) {
        try {
            curves.addComparison(dir.toAbsolutePath().normalize());
            return true;
        } catch (RunFormatException | UserException e) {
            dialogs.error("Cannot compare", "This folder cannot be opened as a run:\n" + e.getMessage(), null);
            return false;
        }
    }

    /** Starts the whole pipeline on the new-run form's settings and folder, and watches it. */
    public JobHandle<Void> runDemo() {
        if (!newRun.isValid()) {
            dialogs.warning("The new run has problems", String.join("\n", newRun.problems()));
            return null;
        }
        Path dir = newRun.runDirPath().toAbsolutePath().normalize();
        return startWatching(dir, () -> runs.demo(newRun.config(), dir));
    }

    /**
     * Starts one stage: on the open run with its own settings (run.json), or, with no run open, on the
     * new-run form's folder and settings.
     */
    public JobHandle<Void> startStage(Stage stage) {
        RunWatcher w = watcher.get();
        if (w != null && w.state().info() != null) {
            RunConfig cfg = RunConfig.fromMap(w.state().info().config());
            Path root = writableRoot(w);
            return root == null ? null : startWatching(root, () -> runs.start(stage, cfg, root));
        }
        if (!newRun.isValid()) {
            dialogs.warning("The new run has problems", String.join("\n", newRun.problems()));
            return null;
        }
        Path dir = newRun.runDirPath().toAbsolutePath().normalize();
        return startWatching(dir, () -> runs.start(stage, newRun.config(), dir));
    }

    /**
     * Continues the whole pipeline on the open run: the stages not finished yet, each from its newest
     * checkpoint (what a demo does when it finds its run directory).
     */
    public JobHandle<Void> continuePipeline() {
        RunWatcher w = watcher.get();
        if (w == null || w.state().info() == null) {
            return runDemo();
        }
        RunConfig cfg = RunConfig.fromMap(w.state().info().config());
        Path root = writableRoot(w);
        return root == null ? null : startWatching(root, () -> runs.demo(cfg, root));
    }

    /**
     * The run a sweep of the open run starts from: the open run itself, or, when it is a member of a
     * sweep, that sweep's pretrained run; null with no run open.
     */
    public Path sweepSource() {
        RunWatcher w = watcher.get();
        if (w == null || w.state().info() == null) {
            return null;
        }
        Path folder = SweepPlan.sweepOf(w.root());
        if (folder != null) {
            SweepPlan plan = SweepPlan.read(folder);
            if (plan != null && plan.source() != null) {
                return folder.resolve(plan.source()).normalize();
            }
        }
        return w.root();
    }

    /**
     * Starts (or, with no settings, continues) the sweep of reward windows from {@link #sweepSource}:
     * one search per UB-end setting, each fine-tuned and evaluated, and the MobileNetV2 path trained
     * alone with the same budget, in {@code SOURCE-sweep/}; the window follows the member being run.
     *
     * @return null when started, else what is wrong (for the form)
     */
    public String startSweep(String settings, String searchEpochs, String finetuneEpochs) {
        Path source = sweepSource();
        if (source == null) {
            return "Open the pretrained run to sweep from first.";
        }
        List<Double> ubEnds;
        int se;
        int fe;
        try {
            ubEnds = SweepPlan.parseSettings(settings);
            se = Integer.parseInt(searchEpochs.trim());
            fe = Integer.parseInt(finetuneEpochs.trim());
        } catch (UserException e) {
            return e.getMessage();
        } catch (NumberFormatException e) {
            return "Epochs must be whole numbers (search " + searchEpochs + ", fine-tuning " + finetuneEpochs + ").";
        }
        if (se < 1 || fe < 1) {
            return "A sweep needs at least one search epoch and one fine-tuning epoch.";
        }
        Path folder = SweepPlan.folderOf(source);
        if (ubEnds.isEmpty() && SweepPlan.read(folder) == null) {
            return "Give the UB-end settings of the variants, e.g. 0.95, 0.8, 0.65, 0.5, 0.45.";
        }
        RunConfig cfg;
        try {
            cfg = RunConfig.fromMap(
                    RunInfo.read(new RunDirectory(source).runJson()).config());
        } catch (RunFormatException | UserException e) {
            return source + ": " + e.getMessage();
        }
        cfg.searchEpochs = se;
        cfg.finetuneEpochs = fe;
        Path root = source;
        if (ShippedDemo.isShipped(source)) {
            RunWatcher w = watcher.get();
            root = w != null && w.root().equals(source) ? writableRoot(w) : null;
            if (root == null) {
                return "The shipped demo run is read-only; open it and start the sweep again to work on a copy.";
            }
        }
        Path from = root;
        RunConfig c = cfg;
        return startWatching(from, () -> runs.sweep(from, c, ubEnds)) == null ? "The sweep did not start." : null;
    }

    /** Runs a stage on the open run starting from a given checkpoint (e.g. evaluate one search epoch). */
    public JobHandle<Void> startStageFrom(Stage stage, String checkpoint) {
        RunWatcher w = watcher.get();
        if (w == null || w.state().info() == null) {
            dialogs.info("No run open", "Open a run first.");
            return null;
        }
        RunConfig cfg = RunConfig.fromMap(w.state().info().config());
        Path root = writableRoot(w);
        return root == null ? null : startWatching(root, () -> runs.startFrom(stage, cfg, root, checkpoint));
    }

    public void pause() {
        runs.pause();
    }

    public void stop() {
        runs.cancel();
        status.setMessage("Stopping at the next step…");
    }

    /** Lifts a pause, or continues a stopped stage of the open run from its newest checkpoint. */
    public JobHandle<Void> resume() {
        JobHandle<Void> j = runs.running();
        if (j != null) {
            runs.unpause();
            return j;
        }
        RunWatcher w = watcher.get();
        if (w == null || w.state().info() == null) {
            return null;
        }
        if (ShippedDemo.isShipped(w.root())) {
            return continuePipeline(); // on a copy
        }
        RunService.ActiveRun last = runs.last();
        if (last != null && last.isSweep() && last.runDir().equals(sweepSource())) {
            RunConfig c = last.config();
            return startWatching(w.root(), () -> runs.sweep(last.runDir(), c, List.of()));
        }
        RunConfig cfg = RunConfig.fromMap(w.state().info().config());
        if (last != null && last.runDir().equals(w.root())) {
            cfg = last.config();
            if (last.isDemo()) {
                RunConfig c = cfg;
                return startWatching(w.root(), () -> runs.demo(c, w.root()));
            }
            RunConfig c = cfg;
            return startWatching(w.root(), () -> runs.resume(last.stage(), c, w.root()));
        }
        MetricsBuffer.Snapshot m = w.metrics();
        if (m.last() == null) {
            dialogs.info("Nothing to resume", "This run has no metrics yet; start a stage instead.");
            return null;
        }
        Stage s = Stage.of(m.last().stage());
        // continue with what the stage started with, not the settings the run was created with
        StageRecord started = StageRecord.lastStart(w.root().resolve(StageRecord.FILE), s.id());
        RunConfig c = started != null && started.config() != null ? RunConfig.fromMap(started.config()) : cfg;
        return startWatching(w.root(), () -> runs.resume(s, c, w.root()));
    }

    /** Called by the window's timer (≤ 10 Hz): refreshes the front pane and the status bar. */
    public void tick(PaneId front) {
        followSweep();
        RunWatcher w = watcher.get();
        RunState s = w == null ? null : w.state();
        steer.update(s, w == null ? null : w.metrics());
        if (front == PaneId.CURVES) {
            curves.tick();
        } else if (front == PaneId.LATENCY) {
            latency.update(s);
        } else if (front == PaneId.USAGE) {
            usage.update(s);
        } else if (front == PaneId.HISTORY) {
            history.update(s);
        }
        JobHandle<Void> running = runs.running();
        boolean here = w != null && running != null && runs.isRunning(w.root());
        boolean ranHere = here;
        String jobState = running == null ? null : running.isPaused() ? "paused" : "running here";
        RunService.ActiveRun last = runs.last();
        if (running == null
                && w != null
                && last != null
                && last.job().isDone()
                && last.runDir().equals(w.root())
                && s.lastChangeMillis() <= last.job().endedMillis() + 1000) {
            // the stage started here has ended and nobody else writes to the run
            jobState = switch (last.job().state()) {
                case CANCELLED -> "stopped";
                case FAILED -> "failed";
                default -> "finished";
            };
            here = true;
        }
        status.update(
                s,
                w == null ? null : w.metrics(),
                ranHere ? runs.progress() : null,
                here || w == null ? jobState : null);
        if (running != null && !running.message().isEmpty() && !running.isPaused()) {
            status.setMessage(running.message());
        }
        canPause.set(running != null && !running.isPaused());
        canStop.set(running != null);
        boolean resumable = running == null && w != null && s.info() != null && (s.loaded() && w.metricsVersion() > 0);
        canResume.set(running != null && running.isPaused() || resumable);
        busy.set(running != null);
        List<JobHandle<?>> active = runs.executor().activeJobs();
        if (!jobs.equals(active)) {
            jobs.setAll(active);
        }
        reportEnd();
        if (s != null && s.warnings().size() > warningsShown) {
            List<String> fresh =
                    s.warnings().subList(warningsShown, s.warnings().size());
            warningsShown = s.warnings().size();
            dialogs.warning(
                    "Problems reading " + s.name(),
                    String.join("\n", fresh.subList(0, Math.min(12, fresh.size())))
                            + (fresh.size() > 12 ? "\n… and " + (fresh.size() - 12) + " more" : "")
                            + "\n\nThese lines were skipped; everything else is shown.");
        }
    }

    /**
     * Cancels a running stage and waits for it to stop at a step boundary; true when stopped. Touches
     * no JavaFX state: may run on any thread (the window calls it off the FX thread while closing).
     */
    public boolean stopRunning(Duration timeout) {
        try {
            return runs.cancelAndWait(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Closes the watchers (FX thread). */
    public void dispose() {
        show(null);
        curves.clearComparisons();
    }

    // Internals

    private JobHandle<Void> startWatching(Path dir, Supplier<JobHandle<Void>> start) {
        JobHandle<Void> h;
        try {
            h = start.get();
        } catch (UserException e) {
            dialogs.error("Cannot start", e.getMessage(), null);
            return null;
        }
        RunWatcher w = watcher.get();
        if (w == null || !w.root().equals(dir)) {
            show(RunWatcher.expect(dir).start());
        }
        recent.add(dir, String.valueOf(dir.getFileName()));
        recentRuns.setAll(recent.entries());
        status.setMessage(h.title() + " started on " + dir.getFileName());
        return h;
    }

    /**
     * Where a stage of the open run may write: the run itself, or, for the shipped (read-only) demo
     * run, a copy under the runs folder, which is opened in its place; null when the copy failed
     * (reported).
     */
    private Path writableRoot(RunWatcher w) {
        if (!ShippedDemo.isShipped(w.root())) {
            return w.root();
        }
        try {
            Path copy = ShippedDemo.copy(w.root());
            openRun(copy);
            status.setMessage("The shipped demo run is read-only: working on a copy in " + copy);
            return copy;
        } catch (IOException | RuntimeException e) {
            dialogs.error(
                    "Cannot copy the demo run",
                    "The shipped demo run is read-only and could not be copied: " + e.getMessage(),
                    e);
            return null;
        }
    }

    private void show(RunWatcher w) {
        RunWatcher old = watcher.get();
        if (old != null && old != w) {
            old.close();
        }
        watcher.set(w);
        warningsShown = 0;
        curves.setPrimary(w, w == null ? "" : w.state().name());
        title.set(
                w == null
                        ? "InstaNAS Workbench"
                        : "InstaNAS Workbench — " + w.state().name() + " (" + w.root() + ")"
                                + (ShippedDemo.isShipped(w.root())
                                        ? " — the shipped demo, read-only: a stage started here runs on a copy"
                                        : ""));
    }

    /**
     * While a sweep started here runs, the window turns to each member when the sweep reaches it (and
     * stays on whatever run the user opens in between, until the next member).
     */
    private void followSweep() {
        RunService.ActiveRun last = runs.last();
        if (last == null || !last.isSweep() || runs.running() == null) {
            return;
        }
        Path member = runs.sweepMember();
        if (member == null || member.equals(followedMember) || !new RunDirectory(member).exists()) {
            return;
        }
        followedMember = member;
        RunWatcher w = watcher.get();
        if (w == null || !w.root().equals(member)) {
            show(RunWatcher.expect(member).start());
            status.setMessage("Sweep: now on " + member.getFileName());
        }
    }

    /** The sweep member the window last turned to ({@link #followSweep}). */
    private Path followedMember;

    private void remember(RunWatcher w) {
        recent.add(w.root(), w.state().name());
        recentRuns.setAll(recent.entries());
    }

    /** Tells the user once how the last job ended, if it failed. */
    private void reportEnd() {
        RunService.ActiveRun last = runs.last();
        JobHandle<Void> j = last == null ? null : last.job();
        if (j == null || j == reported || !j.isDone()) {
            return;
        }
        reported = j;
        if (j.state() == JobState.FAILED) {
            Throwable t = j.failure();
            boolean user = t instanceof UserException
                    || t instanceof RunFormatException
                    || t instanceof IllegalArgumentException
                    || t instanceof UnsupportedOperationException;
            dialogs.error(j.title() + " failed", String.valueOf(t.getMessage()), user ? null : t);
            status.setMessage(j.title() + " failed: " + t.getMessage());
        } else if (j.state() == JobState.CANCELLED) {
            status.setMessage(j.title() + " stopped; Resume continues from the newest checkpoint");
        } else {
            status.setMessage(j.title() + " finished");
        }
    }
}
