// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.gallery;

import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import javafx.animation.PauseTransition;
import javafx.collections.ListChangeListener;
import javafx.geometry.Orientation;
import javafx.scene.Cursor;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.control.Spinner;
import javafx.scene.control.SplitPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.StackPane;
import javafx.scene.shape.Rectangle;
import javafx.util.Duration;
import org.controlsfx.control.CheckComboBox;
import org.instanas.figure.FigureStyle;
import org.instanas.run.RoutingRow;
import org.instanas.ui.common.ClassItem;
import org.instanas.ui.common.Controls;
import org.instanas.ui.routing.CheckpointBox;
import org.instanas.ui.routing.FigureExport;
import org.instanas.ui.routing.ImageDetailView;
import org.instanas.ui.routing.RasterFigureView;

/** The slow/fast gallery: the figure, its controls, and the clicked image at the right. */
public final class GalleryView extends BorderPane {
    private final GalleryViewModel vm;
    private final RasterFigureView canvas = new RasterFigureView();
    private final Rectangle mark = new Rectangle();
    private final CheckComboBox<ClassItem> classBox = new CheckComboBox<>();
    private final ImageDetailView detail = new ImageDetailView();
    private final PauseTransition settle = new PauseTransition(Duration.millis(150));
    private boolean syncing;

    public GalleryView(GalleryViewModel vm) {
        this.vm = vm;
        getStyleClass().addAll("routing-pane", "gallery-view");
        getStylesheets().add(Controls.stylesheet());
        Controls.followTheme(canvas.figureStyleProperty());
        canvas.figureProperty().bind(vm.figureProperty());
        mark.getStyleClass().add("pick-mark");
        mark.setVisible(false);
        mark.setManaged(false);
        Pane overlay = new Pane(mark);
        overlay.setMouseTransparent(true);
        Label placeholder = new Label();
        placeholder.getStyleClass().add("placeholder");
        placeholder.setWrapText(true);
        placeholder.visibleProperty().bind(vm.figureProperty().isNull());
        Runnable empty = () -> placeholder.setText(vm.emptyText());
        vm.figureProperty().addListener(o -> empty.run());
        vm.choice().placeholderProperty().addListener(o -> empty.run());
        empty.run();
        StackPane figure = new StackPane(canvas, overlay, placeholder);
        figure.getStyleClass().add("figure-body");
        canvas.setOnMouseClicked(e -> {
            vm.clickAt(e.getX(), e.getY(), canvas.getWidth(), canvas.getHeight(), style());
            updateMark();
        });
        canvas.setOnMouseMoved(e -> canvas.setCursor(
                vm.imageAt(e.getX(), e.getY(), canvas.getWidth(), canvas.getHeight(), style()) != null
                        ? Cursor.HAND
                        : Cursor.DEFAULT));
        settle.setOnFinished(e -> updateMark());
        canvas.widthProperty().addListener(o -> resized());
        canvas.heightProperty().addListener(o -> resized());
        vm.figureProperty().addListener(o -> resized());
        vm.selectedProperty().addListener((obs, old, now) -> {
            detail.show(vm.evaluation(), now);
            updateMark();
        });
        detail.setEmptyText("Click an image to see its architecture, prediction and the controller's probabilities.");
        SplitPane split = new SplitPane(figure, detail);
        split.setDividerPositions(0.64);
        SplitPane.setResizableWithParent(detail, false);
        setTop(header());
        setCenter(split);
        Label caption = new Label();
        caption.textProperty().bind(vm.captionProperty());
        Label status = new Label();
        status.getStyleClass().add("status-text");
        status.textProperty().bind(vm.statusProperty());
        HBox foot = Controls.header(new Node[] {caption}, status);
        foot.getStyleClass().setAll("routing-footer");
        setBottom(foot);
        bindClasses();
    }

    private FigureStyle style() {
        return canvas.figureStyleProperty().get();
    }

    private void resized() {
        mark.setVisible(false);
        settle.playFromStart();
    }

    private void updateMark() {
        Rectangle2D b = vm.selectedBounds(canvas.getWidth(), canvas.getHeight(), style());
        if (b == null) {
            mark.setVisible(false);
            return;
        }
        mark.setX(b.getX() - 2);
        mark.setY(b.getY() - 2);
        mark.setWidth(b.getWidth() + 4);
        mark.setHeight(b.getHeight() + 4);
        mark.setVisible(true);
    }

    private Node header() {
        ToggleGroup modes = new ToggleGroup();
        List<Node> toggles = new ArrayList<>();
        for (GalleryViewModel.Mode m : GalleryViewModel.Mode.values()) {
            ToggleButton t = new ToggleButton(m.label);
            t.setUserData(m);
            t.setToggleGroup(modes);
            t.setSelected(vm.modeProperty().get() == m);
            t.getStyleClass().add(m.ordinal() == 0 ? "left-pill" : "right-pill");
            toggles.add(t);
        }
        modes.selectedToggleProperty().addListener((obs, old, now) -> {
            if (now == null) {
                old.setSelected(true); // one mode is always chosen
            } else {
                vm.modeProperty().set((GalleryViewModel.Mode) now.getUserData());
            }
        });
        HBox modeBox = new HBox(toggles.toArray(Node[]::new));
        classBox.setTitle("Classes");
        classBox.setShowCheckedCount(true);
        classBox.setPrefWidth(172);
        classBox.disableProperty().bind(vm.modeProperty().isNotEqualTo(GalleryViewModel.Mode.PER_CLASS));
        classBox.setTooltip(new Tooltip("Classes shown, one row each"));
        Spinner<Integer> perRow = new Spinner<>(
                1, GalleryViewModel.MAX_PER_ROW, vm.perRowProperty().get());
        perRow.setEditable(true);
        perRow.setPrefWidth(80);
        perRow.getValueFactory()
                .valueProperty()
                .addListener((obs, old, now) -> vm.perRowProperty().set(now));
        perRow.setTooltip(
                new Tooltip("Images per row, at evenly spaced latency quantiles (fastest and slowest included)"));
        Button export = FigureExport.button(
                () -> vm.figureProperty().get(), () -> vm.choice().runProperty().get(), vm.background(), vm::setStatus);
        export.disableProperty().bind(vm.figureProperty().isNull());
        return Controls.header(
                new Node[] {
                    Controls.caption("Checkpoint"),
                    CheckpointBox.of(vm.choice()),
                    new Separator(Orientation.VERTICAL),
                    modeBox,
                    classBox,
                    Controls.caption("Images per row"),
                    perRow
                },
                export);
    }

    private void bindClasses() {
        vm.classes().addListener((ListChangeListener<ClassItem>) c -> syncClasses());
        vm.shownClasses().addListener((ListChangeListener<Integer>) c -> syncClasses());
        classBox.getCheckModel().getCheckedItems().addListener((ListChangeListener<ClassItem>) c -> {
            if (!syncing) {
                List<Integer> labels = new ArrayList<>();
                classBox.getCheckModel().getCheckedItems().forEach(i -> labels.add(i.label()));
                syncing = true;
                try {
                    vm.showClasses(labels);
                } finally {
                    syncing = false;
                }
            }
        });
        syncClasses();
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

    public RasterFigureView canvas() {
        return canvas;
    }

    public ImageDetailView detail() {
        return detail;
    }

    public GalleryViewModel viewModel() {
        return vm;
    }

    /** The selected image, or null. */
    public RoutingRow selected() {
        return vm.selectedProperty().get();
    }
}
