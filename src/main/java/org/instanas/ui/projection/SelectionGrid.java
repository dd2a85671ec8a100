// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.projection;

import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import javafx.collections.ListChangeListener;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.TilePane;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.instanas.run.RoutingRow;
import org.instanas.ui.routing.Evaluation;

/**
 * The selected images as a grid of thumbnails, fastest first, under their count and mean latency
 * (the paper's UMAP call-outs). Clicking a thumbnail marks its point on the map.
 */
final class SelectionGrid extends VBox {
    static final double THUMB = 44;

    private final ProjectionViewModel vm;
    private final TilePane tiles = new TilePane();
    private final Label summary = new Label();
    private final Label more = new Label();
    private final Label hint = new Label("Drag a rectangle on the map to select points; hold Shift or switch to "
            + "Lasso to draw around them. The selected images appear here, fastest first.");
    private Consumer<RoutingRow> onFocus = r -> {};

    SelectionGrid(ProjectionViewModel vm) {
        this.vm = vm;
        getStyleClass().add("selection-grid");
        Label title = new Label("Selection");
        title.getStyleClass().add("section-title");
        summary.getStyleClass().add("selection-summary");
        summary.setWrapText(true);
        summary.setMinHeight(Region.USE_PREF_SIZE);
        summary.textProperty().bind(vm.selectionSummaryProperty());
        more.getStyleClass().add("pane-subtitle");
        more.setWrapText(true);
        more.setMinHeight(Region.USE_PREF_SIZE);
        hint.getStyleClass().add("placeholder-small");
        hint.setWrapText(true);
        hint.setMinHeight(Region.USE_PREF_SIZE);
        tiles.getStyleClass().add("thumb-tiles");
        tiles.setPrefTileWidth(THUMB + 4);
        tiles.setPrefTileHeight(THUMB + 4);
        ScrollPane scroll = new ScrollPane(tiles);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("thumb-scroll");
        VBox.setVgrow(scroll, Priority.ALWAYS);
        getChildren().addAll(title, summary, more, hint, scroll);
        vm.selection().addListener((ListChangeListener<RoutingRow>) c -> refill());
        refill();
    }

    void setOnFocus(Consumer<RoutingRow> c) {
        onFocus = c;
    }

    private void refill() {
        List<RoutingRow> sel = vm.selection();
        Evaluation ev = vm.evaluation();
        hint.setVisible(sel.isEmpty());
        hint.setManaged(sel.isEmpty());
        int n = Math.min(sel.size(), ProjectionViewModel.MAX_GRID);
        more.setText(
                sel.size() > n
                        ? String.format(
                                Locale.ROOT,
                                "Showing the %d fastest of %d; export the map as CSV for all.",
                                n,
                                sel.size())
                        : "");
        more.setManaged(sel.size() > n);
        tiles.getChildren().clear();
        if (ev == null) {
            return;
        }
        for (int k = 0; k < n; k++) {
            RoutingRow r = sel.get(k);
            ImageView iv = new ImageView(ev.run().fxThumbnail(r.index()));
            iv.setFitWidth(THUMB);
            iv.setFitHeight(THUMB);
            iv.setPreserveRatio(true);
            iv.setSmooth(false);
            StackPane cell = new StackPane(iv);
            cell.getStyleClass().addAll("thumb", r.correct() ? "thumb-correct" : "thumb-wrong");
            cell.setUserData(r.index());
            Tooltip t = new Tooltip(String.format(
                    Locale.ROOT,
                    "#%d %s · %.3f ms%s",
                    r.index(),
                    ev.run().className(r.label()),
                    r.latencyMs(),
                    r.correct() ? "" : " · predicted " + ev.run().className(r.prediction())));
            t.setShowDelay(Duration.millis(250));
            Tooltip.install(cell, t);
            cell.setOnMouseClicked(e -> onFocus.accept(r));
            tiles.getChildren().add(cell);
        }
    }

    /** Test-image indices of the thumbnails shown, in order. */
    List<Integer> shownIndices() {
        return tiles.getChildren().stream().map(n -> (Integer) n.getUserData()).toList();
    }
}
