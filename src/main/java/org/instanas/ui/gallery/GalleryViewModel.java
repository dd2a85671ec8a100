// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.gallery;

import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import org.instanas.analysis.Difficulty;
import org.instanas.figure.FigureStyle;
import org.instanas.figure.GalleryFigure;
import org.instanas.run.RoutingRow;
import org.instanas.ui.common.ClassItem;
import org.instanas.ui.routing.Evaluation;
import org.instanas.ui.routing.EvaluationChoice;
import org.instanas.ui.routing.RunData;

/**
 * The paper's slow/fast figure: per chosen class, images at evenly spaced latency quantiles from the
 * shallowest to the most sophisticated architecture; or the easiest and hardest images overall.
 * Clicking a picture selects it for the side panel.
 */
public final class GalleryViewModel {
    public enum Mode {
        PER_CLASS("Per class"),
        EXTREMES("Easiest & hardest");

        public final String label;

        Mode(String label) {
            this.label = label;
        }
    }

    public static final int DEFAULT_CLASSES = 5;
    public static final int DEFAULT_PER_ROW = 10;
    public static final int MAX_PER_ROW = 30;
    static final String SLOW_FAST_TITLE = "From shallow to sophisticated architectures";
    static final String SLOW_FAST_SUBTITLE = "relative latency vs class mean";

    private final EvaluationChoice choice;
    private final Executor background;
    private final ObjectProperty<Mode> mode = new SimpleObjectProperty<>(Mode.PER_CLASS);
    private final IntegerProperty perRow = new SimpleIntegerProperty(DEFAULT_PER_ROW);
    private final ObservableList<ClassItem> classes = FXCollections.observableArrayList();
    private final ObservableList<Integer> shownClasses = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<GalleryFigure> figure = new ReadOnlyObjectWrapper<>();
    private final ObjectProperty<RoutingRow> selected = new SimpleObjectProperty<>();
    private final ReadOnlyStringWrapper caption = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private GalleryPicker picker;
    private Evaluation shown;

    public GalleryViewModel(Executor background, Executor fx) {
        this.background = background;
        this.choice = new EvaluationChoice(background, fx);
        choice.evaluationProperty().addListener((obs, old, now) -> evaluationChanged());
        mode.addListener(o -> rebuild());
        perRow.addListener(o -> rebuild());
        shownClasses.addListener((ListChangeListener<Integer>) c -> rebuild());
    }

    // Properties

    public EvaluationChoice choice() {
        return choice;
    }

    public ObjectProperty<Mode> modeProperty() {
        return mode;
    }

    /** Images per class row (per mode row for easiest/hardest), 1 to {@link #MAX_PER_ROW}. */
    public IntegerProperty perRowProperty() {
        return perRow;
    }

    public ObservableList<ClassItem> classes() {
        return classes;
    }

    /** Labels of the classes shown, in label order. */
    public ObservableList<Integer> shownClasses() {
        return shownClasses;
    }

    public ReadOnlyObjectProperty<GalleryFigure> figureProperty() {
        return figure.getReadOnlyProperty();
    }

    public ObjectProperty<RoutingRow> selectedProperty() {
        return selected;
    }

    /** "5 classes × 10 images · relative latency vs class mean". */
    public ReadOnlyStringProperty captionProperty() {
        return caption.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public Evaluation evaluation() {
        return shown;
    }

    /** Images the figure shows. */
    public int imageCount() {
        return figure.get() == null ? 0 : figure.get().imageCount();
    }

    Executor background() {
        return background;
    }

    // Commands

    public void update(RunData d) {
        choice.update(d);
    }

    public void setStatus(String s) {
        status.set(s);
    }

    /** Shows exactly these classes (in label order). */
    public void showClasses(List<Integer> labels) {
        List<Integer> sorted = labels.stream().distinct().sorted().toList();
        if (!sorted.equals(shownClasses)) {
            shownClasses.setAll(sorted);
        }
    }

    /** Selects the picture at (x, y) of the figure drawn into a w × h area; returns it (null: none there). */
    public RoutingRow clickAt(double x, double y, double w, double h, FigureStyle s) {
        RoutingRow r = picker == null ? null : picker.pick(x, y, w, h, s);
        selected.set(r);
        return r;
    }

    /** The picture at (x, y) without selecting it (for the cursor), or null. */
    public RoutingRow imageAt(double x, double y, double w, double h, FigureStyle s) {
        return picker == null ? null : picker.pick(x, y, w, h, s);
    }

    /** Where the selected picture is drawn in a w × h area, or null. */
    public Rectangle2D selectedBounds(double w, double h, FigureStyle s) {
        RoutingRow r = selected.get();
        return r == null || picker == null ? null : picker.bounds(r, w, h, s);
    }

    private void evaluationChanged() {
        Evaluation ev = choice.evaluation();
        shown = ev;
        if (ev == null) {
            classes.clear();
            figure.set(null);
            picker = null;
            selected.set(null);
            caption.set("");
            return;
        }
        List<ClassItem> cls = new ArrayList<>();
        for (Difficulty.ClassStats c :
                Difficulty.of(ev.rows(), ev.run().classNames()).classes()) {
            cls.add(new ClassItem(c.label(), c.name(), c.count()));
        }
        boolean same = cls.equals(classes);
        if (!same) {
            classes.setAll(cls);
        }
        List<Integer> keep = shownClasses.stream()
                .filter(l -> cls.stream().anyMatch(c -> c.label() == l))
                .toList();
        List<Integer> want = same && !keep.isEmpty()
                ? keep
                : Arrays.stream(GalleryFigure.defaultClasses(ev.rows(), DEFAULT_CLASSES))
                        .boxed()
                        .toList();
        if (!want.equals(shownClasses)) {
            shownClasses.setAll(want); // rebuilds
        } else {
            rebuild();
        }
    }

    private void rebuild() {
        Evaluation ev = shown;
        if (ev == null) {
            return;
        }
        int n = Math.max(1, Math.min(MAX_PER_ROW, perRow.get()));
        List<GalleryFigure.Row> rows;
        String title;
        String subtitle;
        if (mode.get() == Mode.PER_CLASS) {
            int[] cls = shownClasses.stream().mapToInt(Integer::intValue).toArray();
            rows = GalleryFigure.slowFast(ev.rows(), ev.run().classNames(), cls, n, null)
                    .rows();
            title = SLOW_FAST_TITLE;
            subtitle = SLOW_FAST_SUBTITLE;
        } else {
            GalleryFigure f = GalleryFigure.easiestHardest(ev.rows(), ev.run().classNames(), n, null);
            rows = f.rows();
            title = f.title();
            subtitle = "relative latency vs mean of all images";
        }
        GalleryFigure f = new GalleryFigure(rows, title, subtitle, ev.run().thumbnails());
        picker = new GalleryPicker(rows, title, subtitle);
        RoutingRow sel = selected.get();
        if (sel != null && rows.stream().noneMatch(r -> r.images().contains(sel))) {
            selected.set(null);
        }
        figure.set(rows.isEmpty() ? null : f);
        caption.set(
                mode.get() == Mode.PER_CLASS
                        ? String.format(
                                Locale.ROOT,
                                "%d %s × up to %d images, fastest left, slowest right",
                                rows.size(),
                                rows.size() == 1 ? "class" : "classes",
                                n)
                        : String.format(
                                Locale.ROOT,
                                "the %d fastest and the %d slowest of %d test images",
                                n,
                                n,
                                ev.rows().size()));
    }

    /** Placeholder text while there is no figure. */
    public String emptyText() {
        if (shown != null && mode.get() == Mode.PER_CLASS && shownClasses.isEmpty()) {
            return "Choose at least one class.";
        }
        return choice.placeholderProperty().get();
    }
}
