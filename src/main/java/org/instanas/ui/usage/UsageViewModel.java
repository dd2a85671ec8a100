// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.usage;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.instanas.analysis.OptionUsage;
import org.instanas.app.RunState;
import org.instanas.figure.Figure;
import org.instanas.figure.OptionUsageFigure;
import org.instanas.run.EvalSummary;
import org.instanas.run.RoutingCsv;
import org.instanas.run.RoutingRow;

/**
 * The option-usage pane: per-(cell, option) selection frequency of an evaluated checkpoint on the
 * test split, chosen with a slider over the evaluations (newest by default), or all of them as small
 * multiples. Routing CSVs are read off the FX thread; results are picked up by {@link #update}.
 */
public final class UsageViewModel {
    private final Executor io;
    private final Function<Path, List<RoutingRow>> reader;
    private final ObservableList<String> evaluations = FXCollections.observableArrayList();
    private final IntegerProperty index = new SimpleIntegerProperty(-1);
    private final BooleanProperty overEpochs = new SimpleBooleanProperty(false);
    private final ReadOnlyObjectWrapper<Figure> figure = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper placeholder = new ReadOnlyStringWrapper("No run open.");
    private final ReadOnlyStringWrapper caption = new ReadOnlyStringWrapper("");
    private final Map<String, CompletableFuture<OptionUsage.AtEpoch>> cache = new HashMap<>();
    private RunState state;
    private long seenEvalVersion = -1;
    private Object shown;

    public UsageViewModel(Executor io) {
        this(io, RoutingCsv::read);
    }

    UsageViewModel(Executor io, Function<Path, List<RoutingRow>> reader) {
        this.io = io;
        this.reader = reader;
        index.addListener(o -> shown = null);
        overEpochs.addListener(o -> shown = null);
    }

    // Properties

    public ObservableList<String> evaluations() {
        return evaluations;
    }

    public IntegerProperty indexProperty() {
        return index;
    }

    public BooleanProperty overEpochsProperty() {
        return overEpochs;
    }

    public ReadOnlyObjectProperty<Figure> figureProperty() {
        return figure.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty placeholderProperty() {
        return placeholder.getReadOnlyProperty();
    }

    /** Accuracy and latency of the shown checkpoint. */
    public ReadOnlyStringProperty captionProperty() {
        return caption.getReadOnlyProperty();
    }

    // Commands

    /** Takes the run's state from the window's timer; loads and redraws only on changes. */
    public void update(RunState s) {
        if (s == null || state == null || !s.dir().equals(state.dir())) {
            cache.clear();
            seenEvalVersion = -1;
            shown = null;
            evaluations.clear();
            figure.set(null);
            caption.set("");
        }
        state = s;
        if (s == null) {
            placeholder.set("No run open.");
            return;
        }
        if (s.evaluationsVersion() != seenEvalVersion) {
            boolean atNewest = index.get() < 0 || index.get() >= evaluations.size() - 1;
            seenEvalVersion = s.evaluationsVersion();
            evaluations.setAll(s.evaluations());
            if (atNewest || index.get() >= evaluations.size()) {
                index.set(evaluations.size() - 1);
            }
            shown = null;
        }
        if (evaluations.isEmpty()) {
            figure.set(null);
            placeholder.set(
                    s.loaded()
                            ? "No evaluated checkpoint yet: the search evaluates the controller on the test "
                                    + "split after every epoch (routing/*.csv)."
                            : "Reading the run…");
            return;
        }
        Object want = overEpochs.get() ? List.copyOf(evaluations) : evaluations.get(clampIndex());
        if (want.equals(shown)) {
            return;
        }
        if (overEpochs.get()) {
            List<OptionUsage.AtEpoch> all = new ArrayList<>();
            for (String name : evaluations) {
                OptionUsage.AtEpoch a = loaded(name);
                if (a == null) {
                    placeholder.set("Reading " + evaluations.size() + " routing tables…");
                    return;
                }
                all.add(a);
            }
            figure.set(OptionUsageFigure.overEpochs(all, stageEntry()));
            caption.set(all.size() + " evaluated checkpoints, oldest first");
        } else {
            String name = evaluations.get(clampIndex());
            OptionUsage.AtEpoch a = loaded(name);
            if (a == null) {
                placeholder.set("Reading " + name + "…");
                return;
            }
            figure.set(new OptionUsageFigure(a.frequency(), name + " · " + a.images() + " test images", stageEntry()));
            caption.set(captionOf(name));
        }
        shown = want;
    }

    private int clampIndex() {
        return Math.max(0, Math.min(evaluations.size() - 1, index.get()));
    }

    private boolean[] stageEntry() {
        return state.latency() == null ? null : state.latency().stageEntry();
    }

    private String captionOf(String name) {
        for (EvalSummary e : state.summaries()) {
            if (name.equals(e.checkpoint())) {
                return String.format(
                        Locale.ROOT,
                        "%s · accuracy %.1f %% · latency %.2f ms (%+.0f %% vs MobileNetV2) · %d unique architectures",
                        name,
                        100 * e.accuracy(),
                        e.latencyMeanMs(),
                        100 * e.latencyChange(),
                        e.uniqueArchs());
            }
        }
        return name;
    }

    /** The usage of one evaluation if read; starts reading it otherwise. */
    private OptionUsage.AtEpoch loaded(String name) {
        Path csv = state.dir().routingCsv(name);
        CompletableFuture<OptionUsage.AtEpoch> f = cache.computeIfAbsent(
                name,
                n -> CompletableFuture.supplyAsync(
                        () -> {
                            List<RoutingRow> rows = reader.apply(csv);
                            return new OptionUsage.AtEpoch(n, "", 0, rows.size(), OptionUsage.frequency(rows));
                        },
                        io));
        if (!f.isDone()) {
            return null;
        }
        if (f.isCompletedExceptionally()) {
            String why = f.handle((v, e) -> e == null ? "" : (e.getCause() != null ? e.getCause() : e).getMessage())
                    .join();
            placeholder.set("Cannot read " + name + ": " + why);
            figure.set(null);
            return null;
        }
        return f.join();
    }
}
