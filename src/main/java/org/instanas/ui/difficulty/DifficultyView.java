// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.difficulty;

import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import javafx.collections.ListChangeListener;
import javafx.collections.SetChangeListener;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.Separator;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import org.controlsfx.control.CheckComboBox;
import org.controlsfx.control.RangeSlider;
import org.instanas.analysis.Difficulty;
import org.instanas.ui.common.ClassItem;
import org.instanas.ui.common.Controls;
import org.instanas.ui.routing.CheckpointBox;
import org.instanas.ui.routing.CsvSave;
import org.instanas.ui.routing.ImageDetailView;
import org.kordamp.ikonli.material2.Material2MZ;

/** The difficulty table: every evaluated image, filterable and sortable, with the selected image at the right. */
public final class DifficultyView extends BorderPane {
    private final DifficultyViewModel vm;
    private final TableView<ImageRow> table = new TableView<>();
    private final CheckComboBox<ClassItem> classBox = new CheckComboBox<>();
    private final RangeSlider latency = new RangeSlider(0, 1, 0, 1);
    private final ImageDetailView detail = new ImageDetailView();
    private final Label placeholder = new Label();
    private boolean syncing;
    private boolean pushing;

    public DifficultyView(DifficultyViewModel vm) {
        this.vm = vm;
        getStyleClass().addAll("routing-pane", "difficulty-view");
        getStylesheets().add(Controls.stylesheet());
        setTop(header());
        table.setItems(vm.rows());
        vm.rows().comparatorProperty().bind(table.comparatorProperty());
        table.getSelectionModel().setSelectionMode(SelectionMode.SINGLE);
        table.getColumns().addAll(DifficultyColumns.of(vm));
        table.setPlaceholder(new Label("No image matches the filters."));
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
                } else if (table.getSelectionModel().getSelectedItem() != now) {
                    table.getSelectionModel().select(now);
                    table.scrollTo(now);
                }
            } finally {
                syncing = false;
            }
            detail.show(vm.evaluation(), now == null ? null : now.row());
        });
        detail.setEmptyText("Select a row to see the image, its architecture (17 cells × 5 options) and the "
                + "controller's probabilities.");
        SplitPane split = new SplitPane(table, detail);
        split.setDividerPositions(0.64);
        SplitPane.setResizableWithParent(detail, false);
        placeholder.getStyleClass().add("placeholder");
        placeholder.setWrapText(true);
        placeholder.textProperty().bind(vm.choice().placeholderProperty());
        placeholder.visibleProperty().bind(vm.choice().evaluationProperty().isNull());
        split.visibleProperty().bind(placeholder.visibleProperty().not());
        setCenter(new StackPane(split, placeholder));
        Label summary = new Label();
        summary.textProperty().bind(vm.summaryProperty());
        Label status = new Label();
        status.textProperty().bind(vm.statusProperty());
        status.getStyleClass().add("status-text");
        HBox foot = Controls.header(new Node[] {summary}, status);
        foot.getStyleClass().setAll("routing-footer");
        setBottom(foot);
        bindFilters();
    }

    private Node header() {
        ComboBox<String> cp = CheckpointBox.of(vm.choice());
        ChoiceBox<Difficulty.Reference> ref = new ChoiceBox<>();
        ref.getItems().setAll(Difficulty.Reference.values());
        ref.setConverter(Controls.converter(r -> switch (r) {
            case CLASS_MEAN -> "class mean";
            case CLASS_MEDIAN -> "class median";
            case DATASET_MEAN -> "mean of all images";
            case BASELINE -> "MobileNetV2 path";
        }));
        ref.valueProperty().bindBidirectional(vm.referenceProperty());
        ref.setTooltip(new Tooltip("What the relative latency of each image is measured against"));
        ref.getStyleClass().add("wide-choice");
        classBox.setTitle("Classes");
        classBox.setShowCheckedCount(true);
        classBox.setPrefWidth(172);
        ChoiceBox<DifficultyViewModel.Correctness> correct = new ChoiceBox<>();
        correct.getItems().setAll(DifficultyViewModel.Correctness.values());
        correct.setConverter(Controls.converter(c -> c.label));
        correct.valueProperty().bindBidirectional(vm.correctnessProperty());
        latency.setPrefWidth(180);
        latency.setShowTickMarks(false);
        latency.getStyleClass().add("latency-range");
        Label range = new Label();
        range.getStyleClass().add("numeric");
        Runnable showRange = () -> range.setText(String.format(
                Locale.ROOT,
                "%.2f – %.2f ms",
                vm.minLatencyProperty().get(),
                vm.maxLatencyProperty().get()));
        vm.minLatencyProperty().addListener(o -> showRange.run());
        vm.maxLatencyProperty().addListener(o -> showRange.run());
        showRange.run();
        Button export = Controls.button(
                "Export CSV…", Material2MZ.TABLE_VIEW, "The filtered table, in its current order, as CSV");
        export.setOnAction(e -> CsvSave.ask(
                this, vm.choice().runProperty().get(), vm.csvName(), vm.csvWriter(), vm.background(), vm::setStatus));
        export.disableProperty().bind(vm.choice().evaluationProperty().isNull());
        Button calibration = Controls.button(
                "Calibration…",
                Material2MZ.SCATTER_PLOT,
                "Route latency of the images the MobileNetV2 path trained alone gets wrong, against those it "
                        + "gets right (the sweep's baseline, or a run you choose)");
        calibration.setId("calibration");
        calibration.setOnAction(e -> CalibrationWindow.show(this, vm.evaluation(), vm.background(), vm::setStatus));
        calibration.disableProperty().bind(vm.choice().evaluationProperty().isNull());
        return Controls.header(
                new Node[] {
                    Controls.caption("Checkpoint"),
                    cp,
                    Controls.caption("relative to"),
                    ref,
                    new Separator(Orientation.VERTICAL),
                    classBox,
                    correct,
                    Controls.caption("Latency"),
                    latency,
                    range
                },
                calibration,
                export);
    }

    private void bindFilters() {
        vm.classes().addListener((ListChangeListener<ClassItem>) c -> syncClasses());
        vm.shownClasses().addListener((SetChangeListener<Integer>) c -> syncClasses());
        classBox.getCheckModel().getCheckedItems().addListener((ListChangeListener<ClassItem>) c -> {
            if (!syncing) {
                Set<Integer> labels = new HashSet<>();
                classBox.getCheckModel().getCheckedItems().forEach(i -> labels.add(i.label()));
                syncing = true;
                try {
                    vm.showClasses(labels);
                } finally {
                    syncing = false;
                }
            }
        });
        Runnable push = this::pushLatency;
        vm.lowestProperty().addListener(o -> push.run());
        vm.highestProperty().addListener(o -> push.run());
        vm.minLatencyProperty().addListener(o -> push.run());
        vm.maxLatencyProperty().addListener(o -> push.run());
        latency.lowValueProperty().addListener((obs, old, now) -> {
            if (!pushing) {
                vm.minLatencyProperty().set(now.doubleValue());
            }
        });
        latency.highValueProperty().addListener((obs, old, now) -> {
            if (!pushing) {
                vm.maxLatencyProperty().set(now.doubleValue());
            }
        });
        pushLatency();
        syncClasses();
    }

    /** The view-model's range onto the slider (ends first, then the thumbs; nothing is written back). */
    private void pushLatency() {
        pushing = true;
        try {
            double lo = vm.lowestProperty().get();
            double hi = Math.max(vm.highestProperty().get(), lo + 1e-6);
            latency.setMin(Math.min(lo, latency.getMin()));
            latency.setMax(hi);
            latency.setMin(lo);
            latency.setHighValue(hi);
            latency.setLowValue(
                    Math.max(lo, Math.min(hi, vm.minLatencyProperty().get())));
            latency.setHighValue(Math.max(
                    latency.getLowValue(), Math.min(hi, vm.maxLatencyProperty().get())));
        } finally {
            pushing = false;
        }
    }

    private void syncClasses() {
        if (syncing) {
            return;
        }
        syncing = true;
        try {
            Controls.syncChecks(classBox, vm.classes(), vm.shownClasses());
        } finally {
            syncing = false;
        }
    }

    public TableView<ImageRow> table() {
        return table;
    }

    public ImageDetailView detail() {
        return detail;
    }

    public DifficultyViewModel viewModel() {
        return vm;
    }
}
