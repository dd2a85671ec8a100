// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.routing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import javafx.geometry.Pos;
import javafx.scene.Cursor;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import org.instanas.run.Arch;
import org.instanas.run.LatencyTable;
import org.instanas.run.RouteTrial;
import org.instanas.run.RoutingRow;
import org.instanas.ui.common.FxThread;

/**
 * What if this image took another route? The image's architecture as an editable 5 × 17 grid (rows
 * the options, columns the cells, as the architecture figure draws it): toggle options, clear a cell
 * (click its number), or start from the controller's choice, the MobileNetV2 path or the cheapest
 * path. The engine runs the image, or a group of images, through the edited route with the
 * checkpoint's statistics and reports prediction and latency beside the controller's own route.
 */
public final class WhatIfPanel extends VBox {
    /** Images to try a route on together, and how to name them ("the 120 images listed"). */
    public record Group(String name, List<RoutingRow> rows) {}

    private final ToggleButton[][] toggles = new ToggleButton[Arch.CELLS][Arch.OPTIONS];
    private final Label edited = new Label();
    private final Label result = new Label();
    private final Button tryOne = new Button("Try on this image");
    private final Button tryGroup = new Button("Try on the group");
    private final CheckBox reestimate = new CheckBox("BatchNorm statistics of the edited route");
    private RoutingContext.Trials trials = RoutingContext.Trials.NONE;
    private Function<RoutingRow, Group> groups = r -> null;
    private Evaluation ev;
    private RoutingRow row;
    private boolean setting;
    /** Counts requests, so a late answer for an image no longer shown is dropped. */
    private long request;

    public WhatIfPanel() {
        getStyleClass().add("what-if");
        setSpacing(6);
        Label title = new Label("What if it took another route?");
        title.getStyleClass().add("section-title");
        Button controller = preset("Controller's choice", "whatif-controller", () -> set(Arch.parse(row.arch())));
        Button mbv2 = preset("MobileNetV2 path", "whatif-mbv2", () -> set(Arch.fixed(Arch.MBV2)));
        Button cheapest = preset("Cheapest path", "whatif-cheapest", () -> set(new boolean[Arch.CELLS][Arch.OPTIONS]));
        FlowPane presets = new FlowPane(4, 4, controller, mbv2, cheapest);

        GridPane grid = new GridPane();
        grid.getStyleClass().add("what-if-grid");
        grid.setHgap(1);
        grid.setVgap(1);
        for (int t = 0; t < Arch.CELLS; t++) {
            int cell = t;
            Label head = new Label(String.valueOf(t)); // numbered from 0, as the architecture figure
            head.getStyleClass().add("what-if-cell-number");
            head.setId("whatif-clear-" + t);
            head.setCursor(Cursor.HAND);
            head.setTooltip(new Tooltip("Clear cell " + t + " (an empty cell is skipped, or runs the Basic "
                    + "block where a stage begins)"));
            head.setOnMouseClicked(e -> {
                for (ToggleButton b : toggles[cell]) {
                    b.setSelected(false);
                }
            });
            grid.add(head, t + 1, 0);
            for (int a = 0; a < Arch.OPTIONS; a++) {
                ToggleButton b = new ToggleButton();
                b.getStyleClass().add("what-if-option");
                b.setId("whatif-" + t + "-" + a);
                b.setFocusTraversable(false);
                b.setTooltip(new Tooltip("cell " + t + ", " + Arch.OPTION_NAMES[a]));
                b.selectedProperty().addListener((o, was, now) -> {
                    if (!setting) {
                        changed();
                    }
                });
                toggles[t][a] = b;
                grid.add(b, t + 1, a + 1);
            }
        }
        for (int a = 0; a < Arch.OPTIONS; a++) {
            Label name = new Label(Arch.OPTION_NAMES[a]);
            name.getStyleClass().add("what-if-option-name");
            grid.add(name, 0, a + 1);
        }
        edited.setId("whatif-edited");
        edited.getStyleClass().add("detail-note");
        edited.setWrapText(true);
        tryOne.setId("whatif-try");
        tryOne.setOnAction(e -> run(false));
        tryGroup.setId("whatif-try-group");
        tryGroup.setOnAction(e -> run(true));
        reestimate.setId("whatif-reestimate");
        reestimate.setTooltip(new Tooltip("Re-estimate the BatchNorm statistics for the edited route (every "
                + "calibration image through it), as an evaluation of that architecture would. Without: the "
                + "statistics re-estimated for the controller's routes, which an option the controller never "
                + "selects has none of."));
        FlowPane actions = new FlowPane(4, 4, tryOne, tryGroup, reestimate);
        actions.setAlignment(Pos.CENTER_LEFT);
        result.setId("whatif-result");
        result.getStyleClass().add("what-if-result");
        result.setWrapText(true);
        getChildren().addAll(title, presets, grid, edited, actions, result);
    }

    private Button preset(String text, String id, Runnable action) {
        Button b = new Button(text);
        b.setId(id);
        b.getStyleClass().add("small");
        b.setOnAction(e -> {
            if (row != null) {
                action.run();
            }
        });
        return b;
    }

    /** Runs trials on the engine with {@code t}; {@code g} names the group an image belongs to (null: none). */
    public void setTrials(RoutingContext.Trials t, Function<RoutingRow, Group> g) {
        trials = t;
        groups = g == null ? r -> null : g;
    }

    /** Shows an image with its controller's route, not edited. */
    public void show(Evaluation e, RoutingRow r) {
        ev = e;
        row = r;
        request++;
        result.setText("");
        if (r != null) {
            set(Arch.parse(r.arch()));
        }
    }

    /** The route as edited now. */
    public boolean[][] route() {
        boolean[][] b = new boolean[Arch.CELLS][Arch.OPTIONS];
        for (int t = 0; t < Arch.CELLS; t++) {
            for (int a = 0; a < Arch.OPTIONS; a++) {
                b[t][a] = toggles[t][a].isSelected();
            }
        }
        return b;
    }

    private void set(boolean[][] bits) {
        setting = true;
        try {
            for (int t = 0; t < Arch.CELLS; t++) {
                for (int a = 0; a < Arch.OPTIONS; a++) {
                    toggles[t][a].setSelected(bits[t][a]);
                }
            }
        } finally {
            setting = false;
        }
        changed();
    }

    /** The edit against the controller's route, with the table latency of both. */
    private void changed() {
        if (row == null) {
            return;
        }
        String now = Arch.format(route());
        int diff = 0;
        for (int i = 0; i < now.length(); i++) {
            diff += now.charAt(i) != row.arch().charAt(i) ? 1 : 0;
        }
        LatencyTable t = ev.run().latency();
        String lat = t == null
                ? ""
                : String.format(
                        Locale.ROOT,
                        " · table %.3f ms (the controller's route %.3f ms)",
                        t.latencyOf(route()),
                        row.latencyMs());
        edited.setText((diff == 0 ? "The controller's route" : diff + (diff == 1 ? " option" : " options") + " changed")
                + lat);
        Group g = groups.apply(row);
        tryGroup.setText(g == null ? "Try on the group" : "Try on " + g.name());
        tryGroup.setDisable(g == null || g.rows().isEmpty());
    }

    private void run(boolean group) {
        if (row == null || ev == null) {
            return;
        }
        Group g = group ? groups.apply(row) : null;
        List<RoutingRow> rows = g == null ? List.of(row) : g.rows();
        int[] idx = rows.stream().mapToInt(RoutingRow::index).toArray();
        String checkpoint = checkpointOf(ev.checkpoint());
        boolean[][] arch = route();
        long mine = ++request;
        Evaluation e = ev;
        result.setText("Running " + (group ? rows.size() + " images" : "the image") + " through the edited route…");
        tryOne.setDisable(true);
        tryGroup.setDisable(true);
        trials.tryArchitecture(e.run().dir().root(), checkpoint, idx, arch, reestimate.isSelected())
                .whenComplete((trial, err) -> FxThread.execute(() -> {
                    tryOne.setDisable(false);
                    changed();
                    if (mine != request) {
                        return;
                    }
                    if (err != null) {
                        Throwable c =
                                err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
                        result.setText("Could not try the route: " + c.getMessage());
                        return;
                    }
                    result.setText(group ? describeGroup(e, g, trial) : describeOne(e, trial));
                }));
    }

    /** The checkpoint an evaluation was made of: "final-finetune-0003" → "finetune-0003". */
    static String checkpointOf(String evaluation) {
        return evaluation.startsWith("final-") ? evaluation.substring("final-".length()) : evaluation;
    }

    static String describeOne(Evaluation e, RouteTrial t) {
        RouteTrial.Image r = t.images().get(0);
        return String.format(
                        Locale.ROOT,
                        "Edited route: predicts %s (%.0f %%)%s · table %.3f ms · measured %.2f ms%n"
                                + "Controller's route: predicts %s (%.0f %%)%s · table %.3f ms · measured %.2f ms%n"
                                + "(%s; statistics %s; measured: batch 1, median of 5, network only)",
                        e.run().className(r.prediction()),
                        100 * r.classProbabilities()[r.prediction()],
                        r.correct() ? ", correct" : ", wrong",
                        r.latencyMs(),
                        t.measuredMs(),
                        e.run().className(r.routedPrediction()),
                        100 * r.routedProbabilities()[r.routedPrediction()],
                        r.routedCorrect() ? ", correct" : ", wrong",
                        r.routedLatencyMs(),
                        t.routedMeasuredMs(),
                        t.checkpoint(),
                        t.reestimated()
                                ? "re-estimated for the edited route"
                                : "re-estimated for the controller's routes, as evaluated")
                + "\nClass probabilities, edited: " + top(e, r.classProbabilities(), 3)
                + "\nClass probabilities, the controller's route: " + top(e, r.routedProbabilities(), 3);
    }

    /** The k most probable classes: "Bag 87 %, Sandal 9 %, Sneaker 2 %". */
    static String top(Evaluation e, float[] p, int k) {
        Integer[] order = new Integer[p.length];
        for (int i = 0; i < p.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Float.compare(p[b], p[a]));
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < Math.min(k, order.length); i++) {
            parts.add(String.format(Locale.ROOT, "%s %.0f %%", e.run().className(order[i]), 100 * p[order[i]]));
        }
        return String.join(", ", parts);
    }

    static String describeGroup(Evaluation e, Group g, RouteTrial t) {
        long changed = t.images().stream()
                .filter(r -> r.prediction() != r.routedPrediction())
                .count();
        return String.format(
                Locale.ROOT,
                "On %s: accuracy %.1f %% with the edited route, %.1f %% with their own routes; table latency %.3f ms "
                        + "against %.3f ms (mean of their routes); %d of %d predictions change. Measured on the first "
                        + "image: %.2f ms against %.2f ms.",
                g.name(),
                100 * t.accuracy(),
                100 * t.routedAccuracy(),
                t.latencyMs(),
                t.routedMeanLatencyMs(),
                changed,
                t.images().size(),
                t.measuredMs(),
                t.routedMeasuredMs());
    }
}
