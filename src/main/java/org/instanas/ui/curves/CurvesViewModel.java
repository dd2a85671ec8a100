// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.curves;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableSet;
import javafx.scene.image.WritableImage;
import org.instanas.app.MetricsBuffer;
import org.instanas.app.RunWatcher;
import org.instanas.figure.CurvesFigure;
import org.instanas.figure.FigureStyle;
import org.instanas.ui.common.FxThread;
import org.instanas.ui.common.Latest;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * State of the reward-curves pane: the runs shown (the current one plus runs added for comparison),
 * the display settings, and the chart built from them by the figure package's {@link CurvesFigure}
 * (the renderer the exports use too). {@link #tick()} runs on the window's ≤ 10 Hz timer: when a run's
 * metrics or a setting changed it takes O(1) snapshots and builds the chart on a background
 * executor; the finished chart is published at a later tick, so the FX thread only draws.
 */
public final class CurvesViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(CurvesViewModel.class);

    /** A run on the chart. */
    public record Source(String name, RunWatcher watcher, boolean primary) {}

    /**
     * A built chart, rendered to an image off the FX thread, and what it holds.
     *
     * @param image   the chart at the pane's size (× the screen's output scale), null without a chart
     * @param info    where the panels were drawn, in the pane's coordinates (for the crosshair)
     * @param records metric records it was built from
     * @param nanos   time taken to build and render it
     */
    public record Built(
            CurvesFigure figure,
            JFreeChart chart,
            WritableImage image,
            ChartRenderingInfo info,
            long records,
            long nanos,
            String stage) {}

    /** Stage filter value for "every stage, one after the other". */
    public static final String ALL_STAGES = "all stages";
    /** Stage filter value that follows the newest stage of the primary run (the default). */
    public static final String CURRENT_STAGE = "current stage";
    /** A run whose metrics grew this recently is live: "current stage" follows its newest stage. */
    static final long LIVE_MS = 30_000;

    // Properties
    private final ObjectProperty<CurvesFigure.XAxis> xAxis = new SimpleObjectProperty<>(CurvesFigure.XAxis.STEP);
    private final BooleanProperty perEpoch = new SimpleBooleanProperty(false);
    private final ObjectProperty<String> stage = new SimpleObjectProperty<>(CURRENT_STAGE);
    private final DoubleProperty smoothing = new SimpleDoubleProperty(0.8);
    private final BooleanProperty logScale = new SimpleBooleanProperty(false);
    private final DoubleProperty width = new SimpleDoubleProperty(1000);
    private final DoubleProperty height = new SimpleDoubleProperty(700);
    private final DoubleProperty outputScale = new SimpleDoubleProperty(1);
    private final DoubleProperty xMin = new SimpleDoubleProperty(Double.NaN);
    private final DoubleProperty xMax = new SimpleDoubleProperty(Double.NaN);
    private final ObjectProperty<FigureStyle> style = new SimpleObjectProperty<>(FigureStyle.screen());
    private final ObservableList<String> keys = FXCollections.observableArrayList();
    private final ObservableSet<String> shown = FXCollections.observableSet();
    private final BooleanProperty autoKeys = new SimpleBooleanProperty(true);
    private final ObservableList<String> stages = FXCollections.observableArrayList(CURRENT_STAGE, ALL_STAGES);
    private final ObservableList<Source> sources = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<Built> built = new ReadOnlyObjectWrapper<>();

    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper shownStage = new ReadOnlyStringWrapper("");

    private final Latest builds;
    private final CurveBuild build = new CurveBuild();
    private boolean building;
    private boolean published;
    private boolean dirty = true;
    private long[] seen = new long[0];
    private long nextBuildNanos;
    private long lastBuildNanos;

    /** @param builder where charts are built: a background thread in the window */
    public CurvesViewModel(Executor builder) {
        this(builder, FxThread::execute);
    }

    /**
     * @param builder where charts are built
     * @param fx      where they are published (the FX thread; {@code Runnable::run} with a {@code Runnable::run}
     *                builder in tests, so a tick builds and publishes at once)
     */
    public CurvesViewModel(Executor builder, Executor fx) {
        this.builds = new Latest(builder, fx);
        for (Observable o : List.of(
                xAxis,
                perEpoch,
                stage,
                smoothing,
                logScale,
                style,
                shown,
                sources,
                width,
                height,
                outputScale,
                xMin,
                xMax)) {
            o.addListener(x -> dirty = true);
        }
        xAxis.addListener(o -> zoomOut());
        stage.addListener(o -> zoomOut());
    }

    public ObjectProperty<CurvesFigure.XAxis> xAxisProperty() {
        return xAxis;
    }

    /** Epoch summaries instead of step records. */
    public BooleanProperty perEpochProperty() {
        return perEpoch;
    }

    public ObjectProperty<String> stageProperty() {
        return stage;
    }

    public DoubleProperty smoothingProperty() {
        return smoothing;
    }

    public BooleanProperty logScaleProperty() {
        return logScale;
    }

    /** Size of the chart area in the pane (layout units); the image is rendered at this size. */
    public DoubleProperty widthProperty() {
        return width;
    }

    public DoubleProperty heightProperty() {
        return height;
    }

    /** The screen's output scale (HiDPI): the image has this many pixels per layout unit. */
    public DoubleProperty outputScaleProperty() {
        return outputScale;
    }

    /** Zoom: the x range shown, NaN = everything. */
    public DoubleProperty xMinProperty() {
        return xMin;
    }

    public DoubleProperty xMaxProperty() {
        return xMax;
    }

    /** Shows x from {@code lo} to {@code hi}; NaN for both shows everything. */
    public void zoom(double lo, double hi) {
        xMin.set(lo);
        xMax.set(hi);
    }

    public void zoomOut() {
        zoom(Double.NaN, Double.NaN);
    }

    public ObjectProperty<FigureStyle> styleProperty() {
        return style;
    }

    /** Every value key seen (except the window bounds), for the show/hide list. */
    public ObservableList<String> keys() {
        return keys;
    }

    /** The keys drawn, one panel each. */
    public ObservableSet<String> shown() {
        return shown;
    }

    public ObservableList<String> stages() {
        return stages;
    }

    public ObservableList<Source> sources() {
        return sources;
    }

    public ReadOnlyObjectProperty<Built> builtProperty() {
        return built.getReadOnlyProperty();
    }

    public Built built() {
        return built.get();
    }

    // Commands

    /** Shows a run as the primary one (replacing the previous primary), or none. */
    public void setPrimary(RunWatcher watcher, String name) {
        sources.removeIf(Source::primary);
        if (watcher != null) {
            sources.add(0, new Source(name, watcher, true));
        }
        autoKeys.set(true);
    }

    /** Adds a run for comparison; its watcher belongs to this pane. */
    public RunWatcher addComparison(Path dir) {
        RunWatcher w = RunWatcher.open(dir).start();
        sources.add(new Source(w.state().name(), w, false));
        return w;
    }

    public void removeComparison(Source s) {
        if (!s.primary() && sources.remove(s)) {
            s.watcher().close();
        }
    }

    public void clearComparisons() {
        for (Source s : List.copyOf(sources)) {
            removeComparison(s);
        }
    }

    /** Shows or hides a key; from then on the user's choice is kept as new keys appear. */
    public void setShown(String key, boolean show) {
        autoKeys.set(false);
        if (show) {
            shown.add(key);
        } else {
            shown.remove(key);
        }
    }

    /**
     * Publishes a chart built since the last call, and starts a new build if something changed and
     * none is running: at once for a changed setting, and for new data at most every 100 ms (or twice
     * the last build's time when builds get slow, so the builder uses at most a third of a core).
     *
     * @return whether a new chart was published
     */
    public boolean tick() {
        long[] now = new long[sources.size()];
        for (int i = 0; i < now.length; i++) {
            now[i] = sources.get(i).watcher().metricsVersion();
        }
        // a changed setting rebuilds at once; new data at most every 100 ms (or 2 × the build time)
        boolean due = dirty || !Arrays.equals(now, seen) && System.nanoTime() >= nextBuildNanos;
        if (due && !building) {
            dirty = false;
            seen = now;
            startBuild();
        }
        boolean p = published;
        published = false;
        return p;
    }

    private void startBuild() {
        List<String> names = new ArrayList<>();
        List<MetricsBuffer.Snapshot> snaps = new ArrayList<>();
        for (Source s : sources) {
            names.add(s.watcher().state().name());
            snaps.add(s.watcher().metrics());
        }
        CurveBuild.Request req = new CurveBuild.Request(
                names,
                snaps,
                Set.copyOf(shown),
                autoKeys.get(),
                stage.get(),
                primaryLive(),
                perEpoch.get(),
                xAxis.get(),
                Math.min(0.99, Math.max(0, smoothing.get())),
                logScale.get(),
                style.get(),
                Math.max(200, width.get()),
                Math.max(150, height.get()),
                Math.max(1, outputScale.get()),
                xMin.get(),
                xMax.get());
        building = true;
        builds.run(() -> build.run(req), this::publish, e -> {
            building = false;
            LOG.warn("curves could not be built", e);
            problem.set("The curves could not be drawn: " + e.getMessage());
        });
    }

    /** Whether the primary run's metrics grew in the last half minute (a stage is running). */
    private boolean primaryLive() {
        for (Source s : sources) {
            if (s.primary()) {
                return s.watcher().state().isLive(LIVE_MS);
            }
        }
        return false;
    }

    /**
     * The stage the chart shows ("" for every stage), which "current stage" resolves to: the newest
     * stage of a live run, the search of a finished one.
     */
    public ReadOnlyStringProperty shownStageProperty() {
        return shownStage.getReadOnlyProperty();
    }

    private void publish(CurveBuild.Result res) {
        building = false;
        published = true;
        problem.set("");
        lastBuildNanos = res.built().nanos();
        nextBuildNanos = System.nanoTime() + Math.max(100_000_000L, 2 * lastBuildNanos);
        if (!keys.equals(res.keys())) {
            keys.setAll(res.keys());
        }
        if (res.auto() && autoKeys.get() && !shown.equals(Set.copyOf(res.shown()))) {
            shown.clear();
            shown.addAll(res.shown());
            dirty = false; // the chart just built shows exactly these
        }
        List<String> st = new ArrayList<>();
        st.add(CURRENT_STAGE);
        st.add(ALL_STAGES);
        st.addAll(res.stages());
        if (!stages.equals(st)) {
            String keep = stage.get();
            stages.setAll(st);
            stage.set(stages.contains(keep) ? keep : CURRENT_STAGE);
        }
        shownStage.set(res.built().stage() == null ? "" : res.built().stage());
        built.set(res.built());
    }

    /** Why the last chart could not be built (empty when it was). */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** Time the last chart build took. */
    public long lastBuildNanos() {
        return lastBuildNanos;
    }
}
