// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.routing;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.instanas.run.EvalSummary;
import org.instanas.ui.common.Latest;

/**
 * The evaluated checkpoint a pane shows: the choices (newest first), the chosen one (kept across
 * refreshes while it exists, else the newest) and its routing rows, read in the background.
 * FX-thread confined; {@code fx} delivers background results (Platform::runLater, or Runnable::run in tests).
 */
public final class EvaluationChoice {
    public static final String NO_RUN = "No run open.";
    public static final String NO_EVALUATION = "No evaluated checkpoint yet. Evaluate a checkpoint (stage "
            + "'evaluate', or the search's evaluation after each epoch) to see how each test image is routed.";

    private final Executor background;
    private final Latest reading;
    private final ObservableList<String> checkpoints = FXCollections.observableArrayList();
    private final StringProperty checkpoint = new SimpleStringProperty();
    private final ReadOnlyObjectWrapper<RunData> run = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Evaluation> evaluation = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper placeholder = new ReadOnlyStringWrapper(NO_RUN);
    private boolean updating;

    public EvaluationChoice(Executor background, Executor fx) {
        this.background = background;
        this.reading = new Latest(background, fx);
        checkpoint.addListener((obs, old, now) -> {
            if (!updating) {
                load();
            }
        });
    }

    // Properties

    /** Evaluated checkpoints, newest first. */
    public ObservableList<String> checkpoints() {
        return checkpoints;
    }

    public StringProperty checkpointProperty() {
        return checkpoint;
    }

    public ReadOnlyObjectProperty<RunData> runProperty() {
        return run.getReadOnlyProperty();
    }

    /** The chosen evaluation once read; null while reading or when there is none. */
    public ReadOnlyObjectProperty<Evaluation> evaluationProperty() {
        return evaluation.getReadOnlyProperty();
    }

    /** What to show instead while there is no evaluation. */
    public ReadOnlyStringProperty placeholderProperty() {
        return placeholder.getReadOnlyProperty();
    }

    public Evaluation evaluation() {
        return evaluation.get();
    }

    public String describe(String cp) {
        RunData d = run.get();
        return d == null || cp == null ? (cp == null ? "" : cp) : d.describe(cp);
    }

    // Commands

    /** A new reading of the run (or null: none open). */
    public void update(RunData d) {
        run.set(d);
        updating = true;
        try {
            if (d == null) {
                checkpoints.clear();
                checkpoint.set(null);
                reading.cancel();
                evaluation.set(null);
                placeholder.set(NO_RUN);
                return;
            }
            List<String> names =
                    d.evaluations().stream().map(EvalSummary::checkpoint).toList();
            String keep = checkpoint.get();
            if (!names.equals(checkpoints)) {
                checkpoints.setAll(names);
            }
            checkpoint.set(keep != null && names.contains(keep) ? keep : names.isEmpty() ? null : names.get(0));
        } finally {
            updating = false;
        }
        load();
    }

    private void load() {
        RunData d = run.get();
        String cp = checkpoint.get();
        if (d == null || cp == null) {
            reading.cancel();
            evaluation.set(null);
            placeholder.set(d == null ? NO_RUN : NO_EVALUATION);
            return;
        }
        CompletableFuture<Evaluation> f = d.load(cp, background);
        if (f.isDone() && !f.isCompletedExceptionally()) {
            reading.cancel();
            evaluation.set(f.join());
            return;
        }
        Evaluation cur = evaluation.get();
        if (cur != null && (!cur.checkpoint().equals(cp) || cur.run() != d)) {
            evaluation.set(null);
        }
        placeholder.set("Reading routing/" + cp + ".csv …");
        reading.await(f, evaluation::set, err -> {
            evaluation.set(null);
            placeholder.set("Cannot read the evaluation of " + cp + ": " + err.getMessage());
        });
    }
}
