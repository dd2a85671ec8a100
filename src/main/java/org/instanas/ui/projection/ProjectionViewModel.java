// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.projection;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleConsumer;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.instanas.analysis.Projection;
import org.instanas.analysis.ProjectionResult;
import org.instanas.analysis.Selection;
import org.instanas.app.export.CsvExport;
import org.instanas.figure.Draw;
import org.instanas.figure.ProjectionFigure;
import org.instanas.run.RoutingRow;
import org.instanas.ui.common.Latest;
import org.instanas.ui.routing.CsvSave;
import org.instanas.ui.routing.Evaluation;
import org.instanas.ui.routing.EvaluationChoice;
import org.instanas.ui.routing.RunData;

/**
 * The architecture map: a UMAP or t-SNE embedding of every evaluated image's controller output,
 * computed in the background (cancellable, with progress), cached in the run's {@code projections/}
 * folder and loaded from there when the same parameters come again; the points selected on the map
 * and their images.
 */
public final class ProjectionViewModel {
    public enum State {
        EMPTY,
        COMPUTING,
        READY,
        FAILED
    }

    /** Computes a projection; {@link Projection#run(List, Projection.Params, BooleanSupplier, DoubleConsumer)} by default. */
    @FunctionalInterface
    public interface Projector {
        ProjectionResult run(
                List<RoutingRow> rows, Projection.Params p, BooleanSupplier cancelled, DoubleConsumer progress);
    }

    /** At most this many selected images are shown as thumbnails (all are counted). */
    public static final int MAX_GRID = 400;

    private final EvaluationChoice choice;
    private final Executor background;
    private final Executor fx;
    private final Projector projector;
    private final ObjectProperty<Projection.Method> method = new SimpleObjectProperty<>(Projection.Method.UMAP);
    private final ObjectProperty<Projection.Input> input = new SimpleObjectProperty<>(Projection.Input.PROBS);
    private final IntegerProperty neighbors = new SimpleIntegerProperty(15);
    private final DoubleProperty minDist = new SimpleDoubleProperty(0.1);
    private final DoubleProperty perplexity = new SimpleDoubleProperty(30);
    private final IntegerProperty seed = new SimpleIntegerProperty(0);
    private final ObjectProperty<ProjectionFigure.ColorBy> colorBy =
            new SimpleObjectProperty<>(ProjectionFigure.ColorBy.LATENCY);
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(State.EMPTY);
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper sampleNote = new ReadOnlyStringWrapper("");
    private final ReadOnlyObjectWrapper<ProjectionResult> result = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<ProjectionFigure> figure = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyIntegerWrapper highlightVersion = new ReadOnlyIntegerWrapper();
    private final ObservableList<RoutingRow> selection = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper selectionSummary = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final AtomicInteger computations = new AtomicInteger();
    private int[] selectedPoints = new int[0];
    private Evaluation shown;
    private Projection.Params shownParams;
    private AtomicBoolean cancel;
    private final Latest jobs;

    public ProjectionViewModel(Executor background, Executor fx) {
        this(background, fx, Projection::run);
    }

    public ProjectionViewModel(Executor background, Executor fx, Projector projector) {
        this.background = background;
        this.fx = fx;
        this.jobs = new Latest(background, fx);
        this.projector = projector;
        this.choice = new EvaluationChoice(background, fx);
        choice.evaluationProperty().addListener((obs, old, now) -> evaluationChanged());
        colorBy.addListener(o -> rebuildFigure());
        Runnable changed = this::paramsChanged;
        method.addListener(o -> changed.run());
        input.addListener(o -> changed.run());
        neighbors.addListener(o -> changed.run());
        minDist.addListener(o -> changed.run());
        perplexity.addListener(o -> changed.run());
        seed.addListener(o -> changed.run());
    }

    // Properties

    public EvaluationChoice choice() {
        return choice;
    }

    public ObjectProperty<Projection.Method> methodProperty() {
        return method;
    }

    public ObjectProperty<Projection.Input> inputProperty() {
        return input;
    }

    public IntegerProperty neighborsProperty() {
        return neighbors;
    }

    public DoubleProperty minDistProperty() {
        return minDist;
    }

    public DoubleProperty perplexityProperty() {
        return perplexity;
    }

    public IntegerProperty seedProperty() {
        return seed;
    }

    public ObjectProperty<ProjectionFigure.ColorBy> colorByProperty() {
        return colorBy;
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state.getReadOnlyProperty();
    }

    /** 0–1, or −1 while the phase gives no fraction. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** What the map is, how long it took, whether it came from the cache; or what went wrong. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** Non-empty when only a sample of the images was embedded (t-SNE above its limit): says how many. */
    public ReadOnlyStringProperty sampleNoteProperty() {
        return sampleNote.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ProjectionResult> resultProperty() {
        return result.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ProjectionFigure> figureProperty() {
        return figure.getReadOnlyProperty();
    }

    /** Increases whenever the highlighted points change (the map must be redrawn). */
    public ReadOnlyIntegerProperty highlightVersionProperty() {
        return highlightVersion.getReadOnlyProperty();
    }

    /** The selected images, fastest first. */
    public ObservableList<RoutingRow> selection() {
        return selection;
    }

    /** "37 images selected · mean latency 1.234 ms (−12.0 % vs all 500) · 91.9 % correct". */
    public ReadOnlyStringProperty selectionSummaryProperty() {
        return selectionSummary.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** Selected points (positions in the projection), ascending. */
    public int[] selectedPoints() {
        return selectedPoints.clone();
    }

    public Evaluation evaluation() {
        return shown;
    }

    /** How many projections were computed (not loaded from the cache) by this view-model. */
    public int computations() {
        return computations.get();
    }

    Executor background() {
        return background;
    }

    /** The parameters as the form shows them. */
    public Projection.Params params() {
        Projection.Params p = Projection.Params.of(method.get()).withInput(input.get());
        return p.withNeighbors(Math.max(2, neighbors.get()))
                .withMinDist(Math.max(0, minDist.get()))
                .withPerplexity(Math.max(1, perplexity.get()))
                .withSeed(seed.get());
    }

    // Commands

    public void update(RunData d) {
        choice.update(d);
    }

    public void setStatus(String s) {
        status.set(s);
    }

    /** Shows the cached map for the current parameters, or computes it in the background. */
    public void compute() {
        start(true);
    }

    /** Stops the running computation (UMAP stops after its current phase). */
    public void cancel() {
        if (cancel != null && state.get() == State.COMPUTING) {
            cancel.set(true);
            message.set("Cancelling…");
        }
    }

    /** Selects these points of the map (positions in the projection). */
    public void select(int[] points) {
        ProjectionResult r = result.get();
        ProjectionFigure f = figure.get();
        if (r == null || f == null || shown == null) {
            return;
        }
        int[] pts = Arrays.stream(points)
                .filter(i -> i >= 0 && i < r.size())
                .distinct()
                .sorted()
                .toArray();
        selectedPoints = pts;
        f.setHighlighted(pts);
        List<RoutingRow> rows = new ArrayList<>(pts.length);
        for (int row : Selection.rows(r, pts)) {
            rows.add(shown.rows().get(row));
        }
        rows.sort(Comparator.comparingDouble(RoutingRow::latencyMs).thenComparingInt(RoutingRow::index));
        selection.setAll(rows);
        selectionSummary.set(summarize(rows, shown.rows()));
        highlightVersion.set(highlightVersion.get() + 1);
    }

    public void clearSelection() {
        select(new int[0]);
    }

    static String summarize(List<RoutingRow> sel, List<RoutingRow> all) {
        if (sel.isEmpty()) {
            return "";
        }
        double mean = sel.stream().mapToDouble(RoutingRow::latencyMs).average().orElse(Double.NaN);
        double allMean =
                all.stream().mapToDouble(RoutingRow::latencyMs).average().orElse(Double.NaN);
        double acc = sel.stream().filter(RoutingRow::correct).count() / (double) sel.size();
        return String.format(
                Locale.ROOT,
                "%d %s selected · mean latency %.3f ms (%s vs all %d) · %.1f %% correct",
                sel.size(),
                sel.size() == 1 ? "image" : "images",
                mean,
                Draw.signedPercent(mean / allMean - 1),
                all.size(),
                100 * acc);
    }

    private void evaluationChanged() {
        Evaluation ev = choice.evaluation();
        if (ev == shown) {
            return;
        }
        if (cancel != null) {
            cancel.set(true);
        }
        shown = ev;
        show(null, null);
        if (ev == null) {
            state.set(State.EMPTY);
            message.set("");
            return;
        }
        start(false);
    }

    private void paramsChanged() {
        if (shown == null || state.get() == State.COMPUTING) {
            return;
        }
        start(false);
    }

    /** Loads the cached map for the current parameters; computes it when {@code computeIfMissing}. */
    private void start(boolean computeIfMissing) {
        Evaluation ev = shown;
        if (ev == null || (state.get() == State.COMPUTING && computeIfMissing)) {
            return;
        }
        Projection.Params p = params();
        if (p.equals(shownParams) && result.get() != null) {
            return;
        }
        BooleanSupplier current = jobs.next();
        int n = ev.rows().size();
        if (computeIfMissing) {
            state.set(State.COMPUTING);
            progress.set(-1);
            message.set("Looking for a cached map…");
        }
        cancel = ProjectionJob.start(
                ev,
                p,
                computeIfMissing,
                background,
                fx,
                projector,
                computations,
                current,
                new ProjectionJob.Listener() {
                    @Override
                    public void progress(double fraction) {
                        progressed(p, fraction, n);
                    }

                    @Override
                    public void loaded(ProjectionResult r) {
                        cachedLoaded(p, r);
                    }

                    @Override
                    public void computed(ProjectionResult r, String note) {
                        ProjectionViewModel.this.computed(p, r, note);
                    }

                    @Override
                    public void cancelled() {
                        state.set(result.get() == null ? State.EMPTY : State.READY);
                        message.set("Cancelled."
                                + (result.get() == null
                                        ? ""
                                        : " Showing " + result.get().describe() + "."));
                        progress.set(0);
                    }

                    @Override
                    public void failed(Throwable e) {
                        state.set(State.FAILED);
                        message.set("The " + methodName(p) + " failed: " + e);
                        progress.set(0);
                    }
                });
    }

    private void progressed(Projection.Params p, double v, int n) {
        if (state.get() != State.COMPUTING || cancel == null || cancel.get()) {
            return;
        }
        String what = methodName(p) + " of " + group(Math.min(n, p.maxPoints() > 0 ? p.maxPoints() : n)) + " points";
        if (p.method() == Projection.Method.UMAP) {
            progress.set(-1);
            message.set("Computing " + what + (v < 0.3 ? ": nearest-neighbour graph…" : ": layout…"));
        } else {
            progress.set(v);
            message.set(String.format(Locale.ROOT, "Computing %s: %.0f %%", what, 100 * v));
        }
    }

    private void cachedLoaded(Projection.Params p, ProjectionResult r) {
        if (r == null) {
            if (result.get() == null) {
                state.set(State.EMPTY);
                message.set("No map for these parameters yet: press Compute.");
            } else {
                state.set(State.READY);
                message.set(
                        "Showing " + result.get().describe() + ". The parameters changed: press Compute to update.");
            }
            return;
        }
        show(r, p);
        message.set(r.describe() + " · loaded from the run's projections/ folder (computed in " + seconds(r.millis())
                + ")");
    }

    private void computed(Projection.Params p, ProjectionResult r, String note) {
        show(r, p);
        message.set(r.describe() + " · computed in " + seconds(r.millis()) + note
                + (params().equals(p) ? "" : ". The parameters changed since: press Compute to update."));
    }

    private void show(ProjectionResult r, Projection.Params p) {
        result.set(r);
        shownParams = p;
        selectedPoints = new int[0];
        selection.clear();
        selectionSummary.set("");
        progress.set(0);
        state.set(r == null ? State.EMPTY : State.READY);
        sampleNote.set(
                r != null && r.sampled()
                        ? String.format(
                                Locale.ROOT,
                                "%s is exact and needs memory growing with n²: a random sample of %s of %s images (seed %d) was embedded.",
                                r.methodName(),
                                group(r.size()),
                                group(r.sampledFrom()),
                                p.seed())
                        : "");
        rebuildFigure();
    }

    private void rebuildFigure() {
        ProjectionResult r = result.get();
        if (r == null || shown == null) {
            figure.set(null);
            return;
        }
        ProjectionFigure f = new ProjectionFigure(r, shown.rows(), shown.run().classNames(), colorBy.get());
        f.setHighlighted(selectedPoints);
        figure.set(f);
    }

    private static String methodName(Projection.Params p) {
        return p.method() == Projection.Method.UMAP ? "UMAP" : "t-SNE";
    }

    static String seconds(long ms) {
        return ms < 1000 ? ms + " ms" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    static String group(long n) {
        return String.format(Locale.ROOT, "%,d", n).replace(',', '\u2009');
    }

    /** The map's points with what each is, as CSV. */
    public CsvSave.Writer csvWriter() {
        ProjectionResult r = result.get();
        Evaluation ev = shown;
        return file -> CsvExport.projection(file, r, ev.rows(), ev.run().classNames());
    }

    public String csvName() {
        ProjectionResult r = result.get();
        return shown == null || r == null
                ? "map.csv"
                : shown.run().runName() + "-" + shown.checkpoint() + "-" + r.method() + ".csv";
    }
}
