// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.variants;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.stage.DirectoryChooser;
import org.instanas.analysis.VariantsTable;
import org.instanas.figure.VariantsFigure;
import org.instanas.ui.common.Controls;
import org.instanas.ui.routing.CsvSave;
import org.instanas.ui.routing.FigureExport;
import org.instanas.ui.routing.RasterFigureView;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

/** The variants: accuracy–latency plot beside the paper-style table; fine-tune or evaluate the chosen one. */
public final class VariantsView extends BorderPane {
    private final VariantsViewModel vm;
    private final TableView<VariantsTable.Row> table = new TableView<>();
    private final RasterFigureView canvas = new RasterFigureView();
    private final Button finetune = Controls.button(
            "Fine-tune this variant",
            Material2MZ.TUNE,
            "Fine-tune the selected checkpoint with its controller frozen (stage finetune)");
    private final Button evaluate = Controls.button(
            "Evaluate", Material2AL.ASSESSMENT, "Evaluate the selected checkpoint on the test split (stage evaluate)");
    private boolean syncing;

    public VariantsView(VariantsViewModel vm) {
        this.vm = vm;
        getStyleClass().addAll("routing-pane", "variants-view");
        getStylesheets().add(Controls.stylesheet());
        Controls.followTheme(canvas.figureStyleProperty());
        canvas.figureProperty().bind(vm.figureProperty());
        table.setItems(vm.rows());
        table.getColumns().addAll(columns());
        table.setPlaceholder(new Label("No evaluated checkpoint."));
        table.setRowFactory(t -> new TableRow<>() {
            @Override
            protected void updateItem(VariantsTable.Row r, boolean empty) {
                super.updateItem(r, empty);
                getStyleClass().removeAll("baseline-row", "beats-baseline");
                if (!empty && r != null) {
                    if (r.baseline()) {
                        getStyleClass().add("baseline-row");
                    } else if (vm.tableProperty().get() != null
                            && r.beats(vm.tableProperty().get().baseline())) {
                        getStyleClass().add("beats-baseline");
                    }
                }
            }
        });
        // a click on a point of the plot selects its row (and the other way round, through the table)
        canvas.setOnMouseClicked(e -> {
            VariantsFigure f = vm.figureProperty().get();
            if (f != null) {
                VariantsTable.Row r = f.rowAt(
                        e.getX(),
                        e.getY(),
                        canvas.area(),
                        canvas.figureStyleProperty().get(),
                        10);
                if (r != null) {
                    vm.selectedProperty().set(r);
                }
            }
        });
        table.getSelectionModel().selectedItemProperty().addListener((obs, old, now) -> {
            if (!syncing) {
                vm.selectedProperty().set(now);
            }
        });
        vm.selectedProperty().addListener((obs, old, now) -> {
            syncing = true;
            try {
                if (now == null) {
                    table.getSelectionModel().clearSelection();
                } else {
                    table.getSelectionModel().select(now);
                }
            } finally {
                syncing = false;
            }
        });
        finetune.setId("finetune-variant");
        evaluate.setId("evaluate-variant");
        finetune.disableProperty().bind(vm.canActProperty().not());
        evaluate.disableProperty().bind(vm.canActProperty().not());
        finetune.setOnAction(e -> vm.finetune());
        evaluate.setOnAction(e -> vm.evaluate());
        Label note = new Label();
        note.textProperty()
                .bind(Bindings.createStringBinding(
                        () -> {
                            VariantsTable t = vm.tableProperty().get();
                            VariantsTable.Row base = t == null ? null : t.baseline();
                            String chosen = vm.baselineRunProperty().get();
                            if (base != null && VariantsTable.ALONE_LABEL.equals(base.label())) {
                                return "MobileNetV2 (trained alone): "
                                        + (chosen.isEmpty() ? "the sweep's baseline run" : "the run " + chosen)
                                        + ", timed on its own. Bold: faster than it and at least as accurate "
                                        + "(as in the paper).";
                            }
                            return "MobileNetV2 path (in the meta-graph): option 0 in every cell of the newest "
                                    + "evaluated meta-graph, trained as one path of many, so no reference for the "
                                    + "variants; choose a run of the path trained alone (Baseline run…) to mark the "
                                    + "variants that beat it.";
                        },
                        vm.baselineRunProperty(),
                        vm.tableProperty()));
        note.getStyleClass().addAll("pane-subtitle", "table-note");
        note.setWrapText(true);
        note.setMinHeight(Region.USE_PREF_SIZE);
        BorderPane right = new BorderPane(table);
        right.setBottom(note);
        StackPane fig = new StackPane(canvas);
        fig.getStyleClass().add("figure-body");
        SplitPane split = new SplitPane(fig, right);
        split.setDividerPositions(0.44);
        Label placeholder = new Label();
        placeholder.getStyleClass().add("placeholder");
        placeholder.setWrapText(true);
        placeholder.textProperty().bind(vm.placeholderProperty());
        placeholder.visibleProperty().bind(vm.tableProperty().isNull());
        split.visibleProperty().bind(vm.tableProperty().isNotNull());
        setTop(header());
        setCenter(new StackPane(split, placeholder));
        Label status = new Label();
        status.getStyleClass().add("status-text");
        status.textProperty().bind(vm.statusProperty());
        HBox foot = Controls.header(new Node[] {status});
        foot.getStyleClass().setAll("routing-footer");
        setBottom(foot);
    }

    private Node header() {
        ToggleButton error = new ToggleButton("Error %");
        error.selectedProperty().bindBidirectional(vm.errorPctProperty());
        error.setTooltip(new Tooltip("Plot the test error (as the paper's tables) instead of the accuracy"));
        Button csv = Controls.button("Export CSV…", Material2MZ.TABLE_VIEW, "The table as CSV");
        csv.setOnAction(e -> CsvSave.ask(
                this, vm.runProperty().get(), vm.csvName(), vm.csvWriter(), vm.background(), vm::setStatus));
        csv.disableProperty().bind(vm.tableProperty().isNull());
        Button export = FigureExport.button(
                () -> vm.figureProperty().get(), () -> vm.runProperty().get(), vm.background(), vm::setStatus);
        export.disableProperty().bind(vm.figureProperty().isNull());
        Button base = Controls.button(
                "Baseline run…",
                Material2AL.COMPARE_ARROWS,
                "Compare with the MobileNetV2 path trained alone: a run made with 'pretrain --fixed-arch mbv2' and evaluated");
        base.setId("baseline-run");
        base.setOnAction(e -> {
            DirectoryChooser dc = new DirectoryChooser();
            dc.setTitle("Run of the MobileNetV2 path trained alone");
            var current = vm.runProperty().get(); // start next to the open run, where its baseline usually is
            Path parent = current == null
                    ? null
                    : current.dir().root().toAbsolutePath().getParent();
            if (parent != null && Files.isDirectory(parent)) {
                dc.setInitialDirectory(parent.toFile());
            }
            File f = dc.showDialog(getScene() == null ? null : getScene().getWindow());
            if (f != null) {
                vm.chooseBaseline(f.toPath());
            }
        });
        Button own = Controls.button(
                "Own path", Material2MZ.UNDO, "Back to the meta-graph's own MobileNetV2 path as the baseline");
        own.visibleProperty().bind(vm.baselineRunProperty().isNotEmpty());
        own.managedProperty().bind(own.visibleProperty());
        own.setOnAction(e -> vm.chooseBaseline(null));
        return Controls.header(
                new Node[] {
                    finetune,
                    evaluate,
                    new Separator(Orientation.VERTICAL),
                    error,
                    new Separator(Orientation.VERTICAL),
                    base,
                    own
                },
                csv,
                export);
    }

    private List<TableColumn<VariantsTable.Row, ?>> columns() {
        TableColumn<VariantsTable.Row, String> model = text("model", VariantsTable.Row::label, 220);
        TableColumn<VariantsTable.Row, String> cp = text("checkpoint", VariantsTable::checkpointText, 190);
        tip(
                cp,
                "a variant is one architecture distribution: of the evaluations of one controller (its search "
                        + "checkpoint and the fine-tuning epochs from it) the most accurate is shown");
        TableColumn<VariantsTable.Row, Number> err = number("err %", VariantsTable.Row::errorPct, "%.2f", 64);
        TableColumn<VariantsTable.Row, Number> lat = number("latency (ms)", VariantsTable.Row::latencyMs, null, 124);
        lat.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(Number v, boolean empty) {
                super.updateItem(v, empty);
                VariantsTable.Row r = empty ? null : getTableRow().getItem();
                setText(r == null ? null : String.format(Locale.ROOT, "%.3f ± %.3f", r.latencyMs(), r.latencyStdMs()));
            }
        });
        TableColumn<VariantsTable.Row, Number> diff = number("lat diff", VariantsTable.Row::latencyChange, null, 92);
        diff.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(Number v, boolean empty) {
                super.updateItem(v, empty);
                setText(empty || v == null ? null : VariantsTable.change(v.doubleValue()));
            }
        });
        TableColumn<VariantsTable.Row, Number> measured =
                number("measured (ms)", VariantsTable.Row::measuredMs, "%.3f", 138);
        TableColumn<VariantsTable.Row, Number> measuredDiff =
                number("measured diff", VariantsTable.Row::measuredChange, null, 134);
        measuredDiff.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(Number v, boolean empty) {
                super.updateItem(v, empty);
                setText(empty || v == null ? null : VariantsTable.change(v.doubleValue()));
            }
        });
        tip(
                measuredDiff,
                "controller + routed network against the MobileNetV2 path timed right after it, image by image "
                        + "(median): unlike the means, not moved by the machine's changes of speed");
        TableColumn<VariantsTable.Row, Number> unique =
                number("archs", r -> r.baseline() ? Double.NaN : r.uniqueArchs(), "%.0f", 80);
        tip(unique, "unique architectures among the test images");
        tip(diff, "mean latency against the MobileNetV2 path (option 0 in every cell)");
        TableColumn<VariantsTable.Row, String> pareto = text("front", r -> r.pareto() ? "✓" : "", 74);
        tip(pareto, "on the accuracy–latency Pareto front");
        return List.of(model, cp, err, lat, diff, measured, measuredDiff, unique, pareto);
    }

    private static void tip(TableColumn<?, ?> c, String text) {
        Label l = new Label(c.getText());
        l.setTooltip(new Tooltip(text));
        c.setText(null);
        c.setGraphic(l);
    }

    private static TableColumn<VariantsTable.Row, String> text(
            String title, Function<VariantsTable.Row, String> f, double w) {
        TableColumn<VariantsTable.Row, String> c = new TableColumn<>(title);
        c.setCellValueFactory(x -> new ReadOnlyObjectWrapper<>(f.apply(x.getValue())));
        c.setPrefWidth(w);
        return c;
    }

    private static TableColumn<VariantsTable.Row, Number> number(
            String title, Function<VariantsTable.Row, Number> f, String fmt, double w) {
        TableColumn<VariantsTable.Row, Number> c = new TableColumn<>(title);
        c.setCellValueFactory(x -> new ReadOnlyObjectWrapper<>(f.apply(x.getValue())));
        c.setComparator((a, b) -> Double.compare(a.doubleValue(), b.doubleValue()));
        c.setPrefWidth(w);
        c.getStyleClass().add("numeric-column");
        if (fmt != null) {
            c.setCellFactory(x -> new TableCell<>() {
                @Override
                protected void updateItem(Number v, boolean empty) {
                    super.updateItem(v, empty);
                    setText(
                            empty || v == null || !Double.isFinite(v.doubleValue())
                                    ? null
                                    : String.format(Locale.ROOT, fmt, v.doubleValue()));
                }
            });
        }
        return c;
    }

    public TableView<VariantsTable.Row> table() {
        return table;
    }

    public Button finetuneButton() {
        return finetune;
    }

    public Button evaluateButton() {
        return evaluate;
    }

    public VariantsViewModel viewModel() {
        return vm;
    }
}
