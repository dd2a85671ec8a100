// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.curves;

import java.io.File;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;
import javafx.collections.ListChangeListener;
import javafx.collections.SetChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.CustomMenuItem;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Slider;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.util.StringConverter;
import org.instanas.figure.CurvesFigure;
import org.jfree.chart.JFreeChart;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2MZ;

/**
 * Live reward curves: a ChartViewer (zoom by dragging, pan, crosshair read-out) over the chart the
 * view-model builds, and the controls: x axis, per-step / per-epoch, stage, EMA smoothing, log
 * scale, the series shown, and runs added for comparison.
 */
public final class CurvesView extends BorderPane {
    private final CurvesViewModel vm;
    private final Label readout = new Label(" ");
    private final ChartImage chart;
    private final Label placeholder = new Label("No run open: open a run directory, or press Run demo.");
    private final MenuButton series = new MenuButton("Series");
    private final Button export = new Button("Export…", new FontIcon(Material2MZ.SAVE_ALT));

    public CurvesView(CurvesViewModel vm, Consumer<Path> compare) {
        this.vm = vm;
        this.chart = new ChartImage(readout, vm::zoom);
        getStyleClass().add("curves-view");

        ChoiceBox<CurvesFigure.XAxis> x = new ChoiceBox<>();
        x.getItems().setAll(CurvesFigure.XAxis.values());
        x.setConverter(new StringConverter<>() {
            @Override
            public String toString(CurvesFigure.XAxis a) {
                return a == null ? "" : CurvesFigure.xLabel(a);
            }

            @Override
            public CurvesFigure.XAxis fromString(String s) {
                return null;
            }
        });
        x.valueProperty().bindBidirectional(vm.xAxisProperty());
        x.setTooltip(new Tooltip("x axis"));
        x.setPrefWidth(140);
        ToggleButton epochs = new ToggleButton("Per epoch");
        epochs.selectedProperty().bindBidirectional(vm.perEpochProperty());
        epochs.setTooltip(new Tooltip("Epoch summaries instead of individual steps"));
        ComboBox<String> stage = new ComboBox<>(vm.stages());
        stage.valueProperty().bindBidirectional(vm.stageProperty());
        stage.setTooltip(new Tooltip("Stage filter: \"current stage\" follows the newest stage while the run is "
                + "live, and shows the search of a finished run"));
        stage.setPrefWidth(190);
        stage.setId("curves-stage");
        stage.setButtonCell(new ListCell<>() {
            {
                vm.shownStageProperty().addListener((obs, old, now) -> updateItem(getItem(), getItem() == null));
            }

            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                String shown = vm.shownStageProperty().get();
                setText(
                        empty || item == null
                                ? null
                                : CurvesViewModel.CURRENT_STAGE.equals(item) && !shown.isEmpty()
                                        ? item + ": " + shown
                                        : item);
            }
        });
        Slider smoothing = new Slider(0, 0.99, vm.smoothingProperty().get());
        smoothing.valueProperty().bindBidirectional(vm.smoothingProperty());
        smoothing.setPrefWidth(100);
        Label smoothingValue = new Label();
        smoothingValue.getStyleClass().add("numeric");
        smoothingValue.textProperty().bind(vm.smoothingProperty().asString(Locale.ROOT, "%.2f"));
        Label smoothingLabel = new Label("Smoothing");
        ToggleButton log = new ToggleButton("Log y");
        log.selectedProperty().bindBidirectional(vm.logScaleProperty());
        series.setGraphic(new FontIcon(Material2MZ.SHOW_CHART));
        vm.keys().addListener((ListChangeListener<String>) c -> rebuildSeriesMenu());
        vm.shown().addListener((SetChangeListener<String>) c -> rebuildSeriesMenu());
        MenuButton runs = new MenuButton("Compare", new FontIcon(Material2MZ.STACKED_LINE_CHART));
        MenuItem add = new MenuItem("Add a run directory…");
        add.setOnAction(e -> {
            DirectoryChooser dc = new DirectoryChooser();
            dc.setTitle("Run to compare with");
            File f = dc.showDialog(getScene().getWindow());
            if (f != null) {
                compare.accept(f.toPath());
            }
        });
        MenuItem clear = new MenuItem("Remove compared runs");
        clear.setOnAction(e -> vm.clearComparisons());
        runs.getItems().addAll(add, clear);

        HBox smooth = new HBox(6, smoothingLabel, smoothing, smoothingValue);
        smooth.setAlignment(Pos.CENTER_LEFT);
        FlowPane controls = new FlowPane(8, 6, x, epochs, stage, smooth, log, series, runs);
        controls.getStyleClass().add("header-controls");
        controls.setAlignment(Pos.CENTER_LEFT);
        for (Node n : controls.getChildren()) {
            if (n instanceof Region r) {
                r.setMinWidth(Region.USE_PREF_SIZE);
            }
        }
        export.setMinWidth(Region.USE_PREF_SIZE);
        HBox.setHgrow(controls, Priority.ALWAYS);
        HBox header = new HBox(8, controls, export);
        header.getStyleClass().add("pane-header");
        readout.getStyleClass().add("readout");
        readout.setMaxWidth(Double.MAX_VALUE);
        vm.problemProperty().addListener((obs, old, now) -> readout.setText(now.isEmpty() ? " " : now));
        placeholder.getStyleClass().add("placeholder");
        placeholder.setWrapText(true);
        StackPane body = new StackPane(chart, placeholder);
        body.getStyleClass().add("figure-body");
        setTop(new VBox(header, readout));
        setCenter(body);

        chart.widthProperty().addListener((obs, old, now) -> vm.widthProperty().set(Math.floor(now.doubleValue())));
        chart.heightProperty()
                .addListener((obs, old, now) -> vm.heightProperty().set(Math.floor(now.doubleValue())));
        sceneProperty().addListener((obs, old, sc) -> {
            if (sc != null) {
                sc.windowProperty().addListener((o2, w0, w) -> {
                    if (w != null) {
                        vm.outputScaleProperty().bind(w.outputScaleXProperty());
                    }
                });
            }
        });
        chart.setTooltipText();
        vm.builtProperty().addListener((obs, old, now) -> show(now));
        export.setDisable(true);
    }

    public Button exportButton() {
        return export;
    }

    /** The chart on screen now (null before the first). */
    public JFreeChart shownChart() {
        return chart.shownChart();
    }

    private void show(CurvesViewModel.Built b) {
        boolean has = b != null && b.chart() != null;
        placeholder.setVisible(!has);
        chart.setVisible(has);
        export.setDisable(!has);
        if (!has) {
            placeholder.setText(
                    vm.sources().isEmpty()
                            ? "No run open: open a run directory, or press Run demo."
                            : b == null || b.records() == 0
                                    ? "Waiting for the first metrics of this run…"
                                    : "No series selected: pick some under Series.");
            return;
        }
        chart.show(b);
    }

    private void rebuildSeriesMenu() {
        series.getItems().clear();
        for (String k : vm.keys()) {
            CheckBox cb = new CheckBox(CurvesFigure.label(k));
            cb.setSelected(vm.shown().contains(k));
            cb.selectedProperty().addListener((obs, old, now) -> vm.setShown(k, now));
            CustomMenuItem mi = new CustomMenuItem(cb, false);
            series.getItems().add(mi);
        }
        if (vm.keys().isEmpty()) {
            MenuItem none = new MenuItem("No metrics yet");
            none.setDisable(true);
            series.getItems().add(none);
        } else {
            series.getItems().add(new SeparatorMenuItem());
            MenuItem all = new MenuItem("Show all");
            all.setOnAction(e -> vm.keys().forEach(k -> vm.setShown(k, true)));
            series.getItems().add(all);
        }
    }
}
