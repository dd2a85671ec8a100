// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.projection;

import java.awt.geom.Point2D;
import java.util.List;
import java.util.Locale;
import javafx.beans.binding.Bindings;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.instanas.figure.ProjectionFigure;
import org.instanas.run.RoutingRow;
import org.instanas.ui.common.Controls;
import org.instanas.ui.routing.CheckpointBox;
import org.instanas.ui.routing.CsvSave;
import org.instanas.ui.routing.Evaluation;
import org.instanas.ui.routing.FigureExport;
import org.instanas.ui.routing.ImageFacts;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

/** The architecture map: parameters at the left, the map with hover and selection, the selected images at the right. */
public final class ProjectionView extends BorderPane {
    private final ProjectionViewModel vm;
    private final MapCanvas map = new MapCanvas();
    private final SelectionGrid grid;
    private final VBox card = new VBox(3);
    private final ImageView cardImage = new ImageView();
    private final Label cardTitle = new Label();
    private final Label cardLatency = new Label();
    private final Label cardArch = new Label();

    public ProjectionView(ProjectionViewModel vm) {
        this.vm = vm;
        getStyleClass().addAll("routing-pane", "projection-view");
        getStylesheets().add(Controls.stylesheet());
        Controls.followTheme(map.figureStyleProperty());
        map.figureProperty().bind(vm.figureProperty());
        vm.highlightVersionProperty().addListener(o -> map.repaint());
        map.setOnSelect(vm::select);
        map.setOnHover(this::hover);
        buildCard();
        Label placeholder = new Label();
        placeholder.getStyleClass().add("placeholder");
        placeholder.setWrapText(true);
        placeholder
                .textProperty()
                .bind(Bindings.createStringBinding(
                        this::placeholderText,
                        vm.stateProperty(),
                        vm.choice().evaluationProperty(),
                        vm.choice().placeholderProperty()));
        placeholder.visibleProperty().bind(vm.figureProperty().isNull());
        StackPane center = new StackPane(map, placeholder);
        center.getStyleClass().add("figure-body");
        grid = new SelectionGrid(vm);
        grid.setOnFocus(this::focus);
        grid.setPrefWidth(300);
        setTop(header());
        setLeft(new ProjectionForm(vm));
        setCenter(center);
        setRight(grid);
        Label selected = new Label();
        selected.textProperty().bind(vm.selectionSummaryProperty());
        Label status = new Label();
        status.getStyleClass().add("status-text");
        status.textProperty().bind(vm.statusProperty());
        HBox foot = Controls.header(new Node[] {selected}, status);
        foot.getStyleClass().setAll("routing-footer");
        setBottom(foot);
        setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ESCAPE) {
                vm.clearSelection();
            }
        });
    }

    private String placeholderText() {
        Evaluation ev = vm.choice().evaluation();
        if (ev == null) {
            return vm.choice().placeholderProperty().get();
        }
        return switch (vm.stateProperty().get()) {
            case COMPUTING -> "Computing the map…";
            case FAILED -> "The map could not be computed: see the message below.";
            default ->
                "No map of " + ev.checkpoint() + " for these parameters yet. Press Compute: UMAP of "
                        + ev.rows().size()
                        + " images runs in the background and is kept in the run's projections/ folder.";
        };
    }

    private Node header() {
        ChoiceBox<ProjectionFigure.ColorBy> colour = new ChoiceBox<>();
        colour.getItems().setAll(ProjectionFigure.ColorBy.values());
        colour.setConverter(Controls.converter(c -> switch (c) {
            case LATENCY -> "latency";
            case CLASS -> "class";
            case CORRECT -> "correct / wrong";
        }));
        colour.valueProperty().bindBidirectional(vm.colorByProperty());
        colour.getStyleClass().add("wide-choice");
        ToggleGroup mode = new ToggleGroup();
        ToggleButton rect = new ToggleButton("Rectangle", new FontIcon(Material2AL.CROP_FREE));
        ToggleButton lasso = new ToggleButton("Lasso", new FontIcon(Material2AL.GESTURE));
        rect.getStyleClass().add("left-pill");
        lasso.getStyleClass().add("right-pill");
        rect.setToggleGroup(mode);
        lasso.setToggleGroup(mode);
        rect.setSelected(true);
        rect.setTooltip(new Tooltip("Drag a rectangle to select (Shift-drag draws a lasso)"));
        lasso.setTooltip(new Tooltip("Draw around the points to select"));
        mode.selectedToggleProperty().addListener((obs, old, now) -> {
            if (now == null) {
                old.setSelected(true);
            }
        });
        map.lassoModeProperty().bind(lasso.selectedProperty());
        Button clear = Controls.button("Clear", Material2AL.CLEAR, "Clear the selection (Esc)");
        clear.setOnAction(e -> vm.clearSelection());
        clear.disableProperty().bind(Bindings.isEmpty(vm.selection()));
        Button csv = Controls.button(
                "Export CSV…",
                Material2MZ.TABLE_VIEW,
                "The map's coordinates with each image's class, latency and correctness");
        csv.setOnAction(e -> CsvSave.ask(
                this, vm.choice().runProperty().get(), vm.csvName(), vm.csvWriter(), vm.background(), vm::setStatus));
        csv.disableProperty().bind(vm.resultProperty().isNull());
        Button export = FigureExport.button(
                () -> vm.figureProperty().get(), () -> vm.choice().runProperty().get(), vm.background(), vm::setStatus);
        export.disableProperty().bind(vm.figureProperty().isNull());
        HBox modes = new HBox(rect, lasso);
        return Controls.header(
                new Node[] {
                    Controls.caption("Checkpoint"),
                    CheckpointBox.of(vm.choice()),
                    Controls.caption("Colour by"),
                    colour,
                    new Separator(Orientation.VERTICAL),
                    Controls.caption("Select"),
                    modes,
                    clear
                },
                csv,
                export);
    }

    private void buildCard() {
        cardImage.setFitWidth(72);
        cardImage.setFitHeight(72);
        cardImage.setPreserveRatio(true);
        cardImage.setSmooth(false);
        cardTitle.getStyleClass().add("card-title");
        cardArch.getStyleClass().add("arch-bits");
        card.getChildren().addAll(new HBox(8, cardImage, new VBox(2, cardTitle, cardLatency)), cardArch);
        card.getStyleClass().add("hover-card");
        card.setManaged(false);
        card.setVisible(false);
        card.setMouseTransparent(true);
        map.overlay().getChildren().add(card);
    }

    private void hover(int i) {
        ProjectionFigure f = vm.figureProperty().get();
        Evaluation ev = vm.evaluation();
        if (i < 0 || f == null || ev == null) {
            card.setVisible(false);
            return;
        }
        RoutingRow r = f.row(i);
        ImageFacts facts = ImageFacts.of(ev, r);
        cardImage.setImage(ev.run().fxThumbnail(r.index()));
        cardTitle.setText("#" + r.index() + " · " + facts.className()
                + (r.correct() ? "" : " → " + facts.predictionName() + " ✗"));
        cardLatency.setText(String.format(
                Locale.ROOT,
                "%.3f ms (%s vs class mean)%n%d options · entropy %.2f bits",
                r.latencyMs(),
                facts.relText(),
                facts.activeOptions(),
                facts.entropyBits()));
        cardArch.setText(ImageFacts.grouped(r.arch()));
        card.applyCss();
        card.autosize();
        Point2D p = f.toScreen(map.area(), i);
        double w = card.getWidth();
        double h = card.getHeight();
        double x = p.getX() + 14 + w > map.getWidth() ? p.getX() - 14 - w : p.getX() + 14;
        double y = Math.max(0, Math.min(map.getHeight() - h, p.getY() - h / 2));
        card.relocate(Math.max(0, x), y);
        card.setVisible(true);
    }

    private void focus(RoutingRow r) {
        ProjectionFigure f = vm.figureProperty().get();
        if (f == null) {
            return;
        }
        int[] idx = f.projection().indices();
        for (int i = 0; i < idx.length; i++) {
            if (f.row(i) == r) {
                map.focus(i);
                return;
            }
        }
    }

    // For tests and the lead's integration

    public ProjectionViewModel viewModel() {
        return vm;
    }

    /** Selects the points inside a polygon given in this map's coordinates (as a lasso drag would). */
    public int[] selectPolygon(double[] xs, double[] ys) {
        return map.selectPolygon(xs, ys);
    }

    public int[] selectRectangle(double x0, double y0, double x1, double y1) {
        return map.selectRectangle(x0, y0, x1, y1);
    }

    /** The map node (mouse events, coordinates for {@link #selectPolygon}). */
    public Node mapNode() {
        return map;
    }

    /** Screen-independent position of point i in the map node's coordinates. */
    public Point2D pointPosition(int i) {
        return vm.figureProperty().get().toScreen(map.area(), i);
    }

    /** Test-image indices of the thumbnails in the selection grid. */
    public List<Integer> gridIndices() {
        return grid.shownIndices();
    }

    /** Milliseconds the last repaint of the map took. */
    public double lastRenderMillis() {
        return map.lastRenderNanos() / 1e6;
    }

    /** The hover card is showing. */
    public boolean hoverCardVisible() {
        return card.isVisible();
    }
}
