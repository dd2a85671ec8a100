// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.variants;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.instanas.analysis.Evaluations;
import org.instanas.analysis.SweepEvaluations;
import org.instanas.analysis.VariantsTable;
import org.instanas.app.export.CsvExport;
import org.instanas.figure.VariantsFigure;
import org.instanas.run.EvalSummary;
import org.instanas.run.RunConfig;
import org.instanas.run.RunDirectory;
import org.instanas.run.RunSnapshot;
import org.instanas.run.Stage;
import org.instanas.run.UserException;
import org.instanas.ui.common.FxThread;
import org.instanas.ui.common.Latest;
import org.instanas.ui.routing.CsvSave;
import org.instanas.ui.routing.EvaluationChoice;
import org.instanas.ui.routing.RunData;

/**
 * The paper's result table for the run's evaluated checkpoints (variants A, B, … from slow to fast,
 * against the MobileNetV2 path) and its accuracy–latency plot; a chosen variant can be fine-tuned or
 * evaluated again through the main window's stage callback.
 */
public final class VariantsViewModel {
    private final Executor background;
    private final Latest baselineReading;
    private final Latest sweepReading;
    /** The evaluations of the sweep the open run belongs to, or null (not part of one, or not read yet). */
    private SweepEvaluations sweep;

    private final BiConsumer<Stage, String> startStage;
    private final ReadOnlyObjectWrapper<RunData> run = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<VariantsTable> table = new ReadOnlyObjectWrapper<>();
    private final ObservableList<VariantsTable.Row> rows = FXCollections.observableArrayList();
    private final BooleanProperty errorPct = new SimpleBooleanProperty(true);
    private final ReadOnlyObjectWrapper<VariantsFigure> figure = new ReadOnlyObjectWrapper<>();
    private final ObjectProperty<VariantsTable.Row> selected = new SimpleObjectProperty<>();
    private final BooleanBinding canAct = Bindings.createBooleanBinding(
            () -> selected.get() != null
                    && !selected.get().baseline()
                    && selected.get().checkpoint() != null
                    && !selected.get().checkpoint().contains("/"), // another run of a sweep
            selected);
    private final ReadOnlyStringWrapper placeholder = new ReadOnlyStringWrapper(EvaluationChoice.NO_RUN);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    /** The evaluation of a MobileNetV2 path trained alone (another run), or null: the meta-graph's own path. */
    private final ReadOnlyObjectWrapper<EvalSummary> alone = new ReadOnlyObjectWrapper<>();

    private final ReadOnlyStringWrapper aloneRun = new ReadOnlyStringWrapper("");

    public VariantsViewModel(Executor background, BiConsumer<Stage, String> startStage) {
        this(background, FxThread::execute, startStage);
    }

    /** @param fx where results from the background executor are applied (the FX thread; tests: the caller) */
    VariantsViewModel(Executor background, Executor fx, BiConsumer<Stage, String> startStage) {
        this.background = background;
        this.baselineReading = new Latest(background, fx);
        this.sweepReading = new Latest(background, fx);
        this.startStage = startStage;
        errorPct.addListener(o -> rebuildFigure());
    }

    // Properties

    public ReadOnlyObjectProperty<RunData> runProperty() {
        return run.getReadOnlyProperty();
    }

    /** The MobileNetV2 path first, then A (slowest), B, … */
    public ObservableList<VariantsTable.Row> rows() {
        return rows;
    }

    public ReadOnlyObjectProperty<VariantsTable> tableProperty() {
        return table.getReadOnlyProperty();
    }

    /** Plot error % (the paper's tables) rather than accuracy %. */
    public BooleanProperty errorPctProperty() {
        return errorPct;
    }

    public ReadOnlyObjectProperty<VariantsFigure> figureProperty() {
        return figure.getReadOnlyProperty();
    }

    public ObjectProperty<VariantsTable.Row> selectedProperty() {
        return selected;
    }

    /** A variant (not the MobileNetV2 path) is selected: it can be fine-tuned or evaluated. */
    public BooleanBinding canActProperty() {
        return canAct;
    }

    public ReadOnlyStringProperty placeholderProperty() {
        return placeholder.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    Executor background() {
        return background;
    }

    /** The run folder of the baseline trained alone, empty when none is chosen. */
    public ReadOnlyStringProperty baselineRunProperty() {
        return aloneRun.getReadOnlyProperty();
    }

    /**
     * Uses the newest evaluation of another run, the MobileNetV2 path trained alone
     * ({@code pretrain --fixed-arch mbv2}, then {@code evaluate}), as the baseline row; null goes back to
     * the meta-graph's own MobileNetV2 path. The run is read on the background executor.
     */
    public void chooseBaseline(Path dir) {
        if (dir == null) {
            baselineReading.cancel();
            alone.set(null);
            aloneRun.set("");
            rebuild(run.get());
            return;
        }
        baselineReading.run(
                () -> baselineOf(dir),
                found -> {
                    alone.set(found);
                    aloneRun.set(dir.getFileName().toString());
                    status.set("Baseline: the MobileNetV2 path trained alone in " + dir.getFileName() + " ("
                            + String.format(Locale.ROOT, "%.2f %%", VariantsTable.percent(found.accuracy()))
                            + ")");
                    rebuild(run.get());
                },
                e -> status.set("Baseline not used: " + e.getMessage()));
    }

    /** The newest evaluation of a run that trains the MobileNetV2 path alone; a user error says why not. */
    private static EvalSummary baselineOf(Path dir) {
        try {
            RunSnapshot snap = RunSnapshot.load(new RunDirectory(dir));
            EvalSummary e = Evaluations.newest(snap.evaluations());
            if (e == null) {
                throw new UserException(dir.getFileName() + " has no evaluation: run 'evaluate' on it first");
            }
            if (!RunConfig.fromMap(snap.info().config()).trainsMobileNetV2Alone()) {
                throw new UserException(
                        dir.getFileName() + " is not a MobileNetV2 path trained alone (pretrain --fixed-arch mbv2)");
            }
            return e;
        } catch (UserException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new UserException(dir.getFileName() + ": " + e.getMessage(), e);
        }
    }

    // Commands

    public void update(RunData d) {
        run.set(d);
        Path dir = d == null ? null : d.dir().root();
        if (sweep != null
                && (dir == null
                        || !sweep.folder()
                                .equals(dir.toAbsolutePath().normalize().getParent()))) {
            sweep = null;
        }
        rebuild(d);
        if (dir == null) {
            sweepReading.cancel();
            return;
        }
        // a run of a sweep shows the whole sweep against its baseline (read off the FX thread)
        sweepReading.run(
                () -> Optional.ofNullable(SweepEvaluations.ofRun(dir)),
                found -> {
                    boolean sameRun = run.get() == d
                            || (run.get() != null && run.get().dir().root().equals(dir));
                    // rebuild only when the sweep changed: a run outside any sweep is already shown
                    if (sameRun && !Objects.equals(sweep, found.orElse(null))) {
                        sweep = found.orElse(null);
                        rebuild(run.get());
                    }
                },
                e -> status.set("The sweep of this run is not shown: " + e.getMessage()));
    }

    /** Whether the table shows a whole sweep (the open run is one of its runs). */
    public boolean showsSweep() {
        return sweep != null;
    }

    private void rebuild(RunData d) {
        String keep = selected.get() == null
                ? null
                : selected.get().label() + "|" + selected.get().checkpoint();
        if (d == null || (d.evaluations().isEmpty() && sweep == null)) {
            table.set(null);
            rows.clear();
            selected.set(null);
            figure.set(null);
            placeholder.set(d == null ? EvaluationChoice.NO_RUN : EvaluationChoice.NO_EVALUATION);
            return;
        }
        VariantsTable t = sweep != null ? sweep.table(alone.get()) : VariantsTable.of(d.evaluations(), alone.get());
        table.set(t);
        rows.setAll(t.rows());
        selected.set(rows.stream()
                .filter(r -> keep != null && keep.equals(r.label() + "|" + r.checkpoint()))
                .findFirst()
                .orElse(null));
        if (sweep != null) {
            VariantsTable.Row base = t.baseline();
            status.set("Sweep " + sweep.folder().getFileName() + ": "
                    + sweep.runs().size() + " runs, "
                    + t.variants().size() + " variants, against "
                    + (base == null
                            ? "no baseline yet (its MobileNetV2 path trained alone is not evaluated)"
                            : base.label()));
        }
        rebuildFigure();
    }

    /** Fine-tunes the selected variant (the fine-tuning stage from its checkpoint). */
    public void finetune() {
        start(Stage.FINETUNE, "Fine-tuning");
    }

    /** Evaluates the selected variant on the test split again (the evaluation stage). */
    public void evaluate() {
        start(Stage.EVALUATE, "Evaluating");
    }

    private void start(Stage stage, String verb) {
        VariantsTable.Row r = selected.get();
        if (!canAct.get()) {
            return;
        }
        try {
            startStage.accept(stage, r.checkpoint());
            status.set(verb + " variant " + r.label() + " (" + r.checkpoint() + ") …");
        } catch (RuntimeException e) {
            status.set("Cannot start " + stage.id() + " of " + r.checkpoint() + ": " + e.getMessage());
        }
    }

    public void setStatus(String s) {
        status.set(s);
    }

    public CsvSave.Writer csvWriter() {
        VariantsTable t = table.get();
        return file -> CsvExport.variants(file, t);
    }

    public String csvName() {
        return (run.get() == null ? "" : run.get().runName() + "-") + "variants.csv";
    }

    private void rebuildFigure() {
        VariantsTable t = table.get();
        figure.set(t == null || t.variants().isEmpty() ? null : new VariantsFigure(t, errorPct.get()));
    }
}
