// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.variants;

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
import org.instanas.analysis.VariantsTable;
import org.instanas.app.export.CsvExport;
import org.instanas.engine.Stage;
import org.instanas.figure.VariantsFigure;
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
    private final BiConsumer<String, String> startStage;
    private final ReadOnlyObjectWrapper<RunData> run = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<VariantsTable> table = new ReadOnlyObjectWrapper<>();
    private final ObservableList<VariantsTable.Row> rows = FXCollections.observableArrayList();
    private final BooleanProperty errorPct = new SimpleBooleanProperty(true);
    private final ReadOnlyObjectWrapper<VariantsFigure> figure = new ReadOnlyObjectWrapper<>();
    private final ObjectProperty<VariantsTable.Row> selected = new SimpleObjectProperty<>();
    private final BooleanBinding canAct = Bindings.createBooleanBinding(
            () -> selected.get() != null && !selected.get().baseline() && selected.get().checkpoint() != null, selected);
    private final ReadOnlyStringWrapper placeholder = new ReadOnlyStringWrapper(EvaluationChoice.NO_RUN);
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");

    public VariantsViewModel(Executor background, BiConsumer<String, String> startStage) {
        this.background = background;
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

    // Commands

    public void update(RunData d) {
        run.set(d);
        String keep = selected.get() == null ? null : selected.get().label() + "|" + selected.get().checkpoint();
        if (d == null || d.evaluations().isEmpty()) {
            table.set(null);
            rows.clear();
            selected.set(null);
            figure.set(null);
            placeholder.set(d == null ? EvaluationChoice.NO_RUN : EvaluationChoice.NO_EVALUATION);
            return;
        }
        VariantsTable t = VariantsTable.of(d.evaluations());
        table.set(t);
        rows.setAll(t.rows());
        selected.set(rows.stream().filter(r -> keep != null && keep.equals(r.label() + "|" + r.checkpoint()))
                .findFirst().orElse(null));
        rebuildFigure();
    }

    /** Fine-tunes the selected variant (stage "finetune" from its checkpoint). */
    public void finetune() {
        start(Stage.FINETUNE.id(), "Fine-tuning");
    }

    /** Evaluates the selected variant on the test split again (stage "evaluate"). */
    public void evaluate() {
        start(Stage.EVALUATE.id(), "Evaluating");
    }

    private void start(String stage, String verb) {
        VariantsTable.Row r = selected.get();
        if (!canAct.get()) {
            return;
        }
        try {
            startStage.accept(stage, r.checkpoint());
            status.set(verb + " variant " + r.label() + " (" + r.checkpoint() + ") …");
        } catch (RuntimeException e) {
            status.set("Cannot start " + stage + " of " + r.checkpoint() + ": " + e.getMessage());
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
