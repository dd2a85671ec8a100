// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.difficulty;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Predicate;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableSet;
import javafx.collections.SetChangeListener;
import javafx.collections.transformation.FilteredList;
import javafx.collections.transformation.SortedList;
import org.instanas.analysis.Difficulty;
import org.instanas.app.export.CsvExport;
import org.instanas.run.RoutingRow;
import org.instanas.ui.common.ClassItem;
import org.instanas.ui.routing.CsvSave;
import org.instanas.ui.routing.Evaluation;
import org.instanas.ui.routing.EvaluationChoice;
import org.instanas.ui.routing.RunData;

/**
 * Every evaluated image of a checkpoint with its difficulty measures, filtered by class, correctness
 * and latency range, sorted as the table says; the selected image for the side panel; CSV export of
 * the filtered rows in table order.
 */
public final class DifficultyViewModel {
    public enum Correctness {
        ALL("all"),
        CORRECT("correct only"),
        WRONG("wrong only");

        public final String label;

        Correctness(String label) {
            this.label = label;
        }
    }

    private final EvaluationChoice choice;
    private final ObservableList<ImageRow> all = FXCollections.observableArrayList();
    private final FilteredList<ImageRow> filtered = new FilteredList<>(all);
    private final SortedList<ImageRow> sorted = new SortedList<>(filtered);
    private final ObservableList<ClassItem> classes = FXCollections.observableArrayList();
    private final ObservableSet<Integer> shownClasses = FXCollections.observableSet(new HashSet<>());
    private final ObjectProperty<Correctness> correctness = new SimpleObjectProperty<>(Correctness.ALL);
    private final DoubleProperty minLatency = new SimpleDoubleProperty(0);
    private final DoubleProperty maxLatency = new SimpleDoubleProperty(Double.MAX_VALUE);
    private final ReadOnlyDoubleWrapper lowest = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyDoubleWrapper highest = new ReadOnlyDoubleWrapper(1);
    private final ObjectProperty<Difficulty.Reference> reference =
            new SimpleObjectProperty<>(Difficulty.Reference.CLASS_MEAN);
    private final ObjectProperty<ImageRow> selected = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final Executor background;
    private Evaluation shown;

    public DifficultyViewModel(Executor background, Executor fx) {
        this.background = background;
        this.choice = new EvaluationChoice(background, fx);
        choice.evaluationProperty().addListener((obs, old, now) -> rebuild());
        reference.addListener((obs, old, now) -> rebuild());
        correctness.addListener(o -> refilter());
        minLatency.addListener(o -> refilter());
        maxLatency.addListener(o -> refilter());
        shownClasses.addListener((SetChangeListener<Integer>) c -> refilter());
    }

    // Properties

    public EvaluationChoice choice() {
        return choice;
    }

    /** The filtered rows in table order (bind its comparator to the table's). */
    public SortedList<ImageRow> rows() {
        return sorted;
    }

    /** Every row of the evaluation, unfiltered, in routing-table order. */
    public ObservableList<ImageRow> allRows() {
        return all;
    }

    public ObservableList<ClassItem> classes() {
        return classes;
    }

    /** Labels of the classes shown (all of them after a new evaluation). */
    public ObservableSet<Integer> shownClasses() {
        return shownClasses;
    }

    public ObjectProperty<Correctness> correctnessProperty() {
        return correctness;
    }

    public DoubleProperty minLatencyProperty() {
        return minLatency;
    }

    public DoubleProperty maxLatencyProperty() {
        return maxLatency;
    }

    /** Latency range of the evaluation (the slider's ends). */
    public ReadOnlyDoubleProperty lowestProperty() {
        return lowest.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty highestProperty() {
        return highest.getReadOnlyProperty();
    }

    public ObjectProperty<Difficulty.Reference> referenceProperty() {
        return reference;
    }

    public ObjectProperty<ImageRow> selectedProperty() {
        return selected;
    }

    /** "312 of 500 images · 88.1 % correct · mean latency 1.234 ms". */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public Evaluation evaluation() {
        return shown;
    }

    /** Whether the MobileNetV2 path latency is known (the BASELINE reference needs it). */
    public boolean hasBaseline() {
        return shown != null && shown.baselineMs() > 0;
    }

    // Commands

    public void update(RunData d) {
        choice.update(d);
    }

    public void showAllClasses() {
        shownClasses.clear();
        classes.forEach(c -> shownClasses.add(c.label()));
    }

    /** Shows exactly these classes. */
    public void showClasses(Set<Integer> labels) {
        shownClasses.retainAll(labels);
        shownClasses.addAll(labels);
    }

    public void resetLatencyRange() {
        minLatency.set(lowest.get());
        maxLatency.set(highest.get());
    }

    /** Writes the filtered rows, in table order. */
    public CsvSave.Writer csvWriter() {
        List<ImageRow> rows = List.copyOf(sorted);
        Difficulty.Reference ref = reference.get();
        return file -> CsvExport.write(file, table(rows, ref));
    }

    public void setStatus(String s) {
        status.set(s);
    }

    public String csvName() {
        return (shown == null ? "difficulty" : shown.run().runName() + "-" + shown.checkpoint()) + "-difficulty.csv";
    }

    static List<List<String>> table(List<ImageRow> rows, Difficulty.Reference ref) {
        List<List<String>> out = new ArrayList<>(rows.size() + 1);
        out.add(List.of(
                "index",
                "label",
                "class",
                "prediction",
                "predicted_class",
                "correct",
                "latency_ms",
                "rel_latency_vs_" + ref.name().toLowerCase(Locale.ROOT),
                "measured_ms",
                "active_options",
                "entropy_bits",
                "arch"));
        for (ImageRow r : rows) {
            out.add(List.of(
                    Integer.toString(r.index()),
                    Integer.toString(r.label()),
                    r.className(),
                    Integer.toString(r.row().prediction()),
                    r.predictionName(),
                    r.correct() ? "1" : "0",
                    num(r.latencyMs()),
                    num(r.relLatency()),
                    num(r.measuredMs()),
                    Integer.toString(r.activeOptions()),
                    num(r.entropy()),
                    "'" + r.row().arch()));
        }
        return out;
    }

    private static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "";
    }

    private void rebuild() {
        Evaluation ev = choice.evaluation();
        boolean fresh = ev != shown;
        ImageRow sel = selected.get();
        shown = ev;
        if (ev == null) {
            all.clear();
            classes.clear();
            shownClasses.clear();
            selected.set(null);
            summary.set("");
            return;
        }
        Difficulty.Reference ref = reference.get();
        double base = ev.baselineMs();
        if (ref == Difficulty.Reference.BASELINE && !(base > 0)) {
            ref = Difficulty.Reference.CLASS_MEAN;
        }
        List<RoutingRow> rows = ev.rows();
        Difficulty d = Difficulty.of(rows, ev.run().classNames(), ref, base);
        List<ImageRow> items = new ArrayList<>(rows.size());
        for (Difficulty.Image im : d.images()) {
            RoutingRow r = rows.get(im.row());
            items.add(new ImageRow(im, r, ev.run().className(r.prediction())));
        }
        List<ClassItem> cls = d.classes().stream()
                .map(c -> new ClassItem(c.label(), c.name(), c.count()))
                .toList();
        boolean sameClasses = cls.equals(classes);
        double lo = items.stream().mapToDouble(ImageRow::latencyMs).min().orElse(0);
        double hi = items.stream().mapToDouble(ImageRow::latencyMs).max().orElse(1);
        filtered.setPredicate(r -> false); // one refilter below instead of one per property change
        all.setAll(items);
        if (!sameClasses) {
            classes.setAll(cls);
        }
        if (fresh || !sameClasses) {
            shownClasses.clear();
            cls.forEach(c -> shownClasses.add(c.label()));
        }
        lowest.set(lo);
        highest.set(hi);
        if (fresh) {
            minLatency.set(lo);
            maxLatency.set(hi);
        }
        refilter();
        selected.set(
                sel == null
                        ? null
                        : items.stream()
                                .filter(i -> i.index() == sel.index())
                                .findFirst()
                                .orElse(null));
    }

    private void refilter() {
        if (shown == null) {
            return;
        }
        Set<Integer> cls = Set.copyOf(shownClasses);
        Correctness c = correctness.get();
        double eps = 1e-9 * Math.max(1, Math.abs(highest.get()));
        double lo = minLatency.get() - eps;
        double hi = maxLatency.get() + eps;
        Predicate<ImageRow> p = r -> cls.contains(r.label())
                && r.latencyMs() >= lo
                && r.latencyMs() <= hi
                && (c == Correctness.ALL || r.correct() == (c == Correctness.CORRECT));
        filtered.setPredicate(p);
        int n = filtered.size();
        double acc = filtered.stream().filter(ImageRow::correct).count() / (double) Math.max(1, n);
        double mean =
                filtered.stream().mapToDouble(ImageRow::latencyMs).average().orElse(Double.NaN);
        summary.set(
                n == 0
                        ? "No image of " + all.size() + " matches the filters."
                        : String.format(
                                Locale.ROOT,
                                "%d of %d images · %.1f %% correct · mean latency %.3f ms",
                                n,
                                all.size(),
                                100 * acc,
                                mean));
        if (selected.get() != null && !filtered.contains(selected.get())) {
            selected.set(null);
        }
    }

    /** Orders by descending latency (slowest first). */
    public static final Comparator<ImageRow> SLOWEST_FIRST =
            Comparator.comparingDouble(ImageRow::latencyMs).reversed().thenComparingInt(ImageRow::index);

    Executor background() {
        return background;
    }
}
