// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.projection;

import java.awt.Shape;
import java.awt.geom.Path2D;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.Cursor;
import javafx.scene.Node;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import javafx.scene.shape.Circle;
import javafx.scene.shape.Polygon;
import javafx.scene.shape.Rectangle;
import org.instanas.figure.FigureStyle;
import org.instanas.figure.ProjectionFigure;
import org.instanas.ui.routing.RasterFigureView;

/**
 * The map on screen. The figure is painted into an image ({@link RasterFigureView}) only when it,
 * its highlight or the size changes (raster path of the figure: one sprite per colour); everything
 * that follows the mouse — the hover ring, the rubber-band rectangle, the lasso — lives on a
 * transparent overlay, so moving the mouse never repaints the points. Hover lookups use
 * {@link ProjectionFigure#pointAt}; selections {@link ProjectionFigure#pointsIn}.
 */
final class MapCanvas extends Region {
    static final double HOVER_RADIUS = 8;

    private final RasterFigureView painter = new RasterFigureView();
    private final Pane overlay = new Pane();
    private final Rectangle rubber = new Rectangle();
    private final Polygon lasso = new Polygon();
    private final Circle hoverRing = new Circle(6);
    private final Circle focusRing = new Circle(9);
    private final ObjectProperty<ProjectionFigure> figure = new SimpleObjectProperty<>();
    private final ObjectProperty<FigureStyle> style = new SimpleObjectProperty<>(FigureStyle.screen());
    private final BooleanProperty lassoMode = new SimpleBooleanProperty(false);
    private Consumer<int[]> onSelect = p -> {};
    private IntConsumer onHover = i -> {};
    private int hovered = -1;
    private double startX;
    private double startY;
    private boolean dragging;
    private boolean drawingLasso;

    MapCanvas() {
        getStyleClass().add("map-canvas");
        painter.setManaged(false);
        painter.figureProperty().bind(figure);
        painter.figureStyleProperty().bind(style);
        rubber.getStyleClass().add("rubber-band");
        lasso.getStyleClass().add("lasso");
        hoverRing.getStyleClass().add("hover-ring");
        focusRing.getStyleClass().add("focus-ring");
        for (Node n : new Node[] {rubber, lasso, hoverRing, focusRing}) {
            n.setVisible(false);
            n.setManaged(false);
        }
        overlay.getChildren().addAll(rubber, lasso, focusRing, hoverRing);
        overlay.setMouseTransparent(true);
        overlay.setManaged(false);
        getChildren().addAll(painter, overlay);
        setMinSize(0, 0);
        figure.addListener((obs, old, now) -> {
            hovered = -1;
            hoverRing.setVisible(false);
            focusRing.setVisible(false);
        });
        setOnMouseMoved(this::moved);
        setOnMouseExited(e -> hover(-1));
        setOnMousePressed(this::pressed);
        setOnMouseDragged(this::dragged);
        setOnMouseReleased(this::released);
    }

    ObjectProperty<ProjectionFigure> figureProperty() {
        return figure;
    }

    ObjectProperty<FigureStyle> figureStyleProperty() {
        return style;
    }

    /** Lasso instead of rectangle for plain drags (Shift-drag always draws a lasso). */
    BooleanProperty lassoModeProperty() {
        return lassoMode;
    }

    void setOnSelect(Consumer<int[]> c) {
        onSelect = c;
    }

    /** Receives the hovered point (−1: none) and is called only when it changes. */
    void setOnHover(IntConsumer c) {
        onHover = c;
    }

    /** The figure changed in place (highlighted points): paint once more. */
    void repaint() {
        painter.repaint();
    }

    /** The area the figure is drawn into: this region's size, in its own coordinates. */
    Rectangle2D area() {
        return painter.area();
    }

    /** The transparent layer above the map (for the hover card). */
    Pane overlay() {
        return overlay;
    }

    int hovered() {
        return hovered;
    }

    long lastRenderNanos() {
        return painter.lastPaintNanos();
    }

    @Override
    protected void layoutChildren() {
        double w = Math.floor(getWidth());
        double h = Math.floor(getHeight());
        painter.resizeRelocate(0, 0, w, h);
        overlay.resizeRelocate(0, 0, w, h);
        if (hovered >= 0 && figure.get() != null) {
            placeRing(hoverRing, hovered);
        }
    }

    // Mouse

    private void moved(MouseEvent e) {
        ProjectionFigure f = figure.get();
        hover(f == null ? -1 : f.pointAt(area(), e.getX(), e.getY(), HOVER_RADIUS));
    }

    private void hover(int i) {
        if (i == hovered) {
            return;
        }
        hovered = i;
        if (i < 0) {
            hoverRing.setVisible(false);
            setCursor(Cursor.CROSSHAIR);
        } else {
            placeRing(hoverRing, i);
            setCursor(Cursor.HAND);
        }
        onHover.accept(i);
    }

    /** Shows a ring around one point (−1 hides it), e.g. the image clicked in the selection grid. */
    void focus(int i) {
        if (i < 0 || figure.get() == null) {
            focusRing.setVisible(false);
        } else {
            placeRing(focusRing, i);
        }
    }

    private void placeRing(Circle ring, int i) {
        Point2D p = figure.get().toScreen(area(), i);
        ring.setCenterX(p.getX());
        ring.setCenterY(p.getY());
        ring.setVisible(true);
    }

    private void pressed(MouseEvent e) {
        if (figure.get() == null || !e.isPrimaryButtonDown()) {
            return;
        }
        startX = e.getX();
        startY = e.getY();
        dragging = false;
        drawingLasso = lassoMode.get() || e.isShiftDown();
        lasso.getPoints().setAll(startX, startY);
    }

    private void dragged(MouseEvent e) {
        if (figure.get() == null || !e.isPrimaryButtonDown()) {
            return;
        }
        double x = Math.max(0, Math.min(getWidth(), e.getX()));
        double y = Math.max(0, Math.min(getHeight(), e.getY()));
        if (!dragging && Math.hypot(x - startX, y - startY) < 3) {
            return;
        }
        dragging = true;
        hover(-1);
        if (drawingLasso) {
            lasso.getPoints().addAll(x, y);
            lasso.setVisible(true);
        } else {
            rubber.setX(Math.min(startX, x));
            rubber.setY(Math.min(startY, y));
            rubber.setWidth(Math.abs(x - startX));
            rubber.setHeight(Math.abs(y - startY));
            rubber.setVisible(true);
        }
    }

    private void released(MouseEvent e) {
        if (figure.get() == null) {
            return;
        }
        if (!dragging) { // a click: that point alone, or nothing
            int i = figure.get().pointAt(area(), e.getX(), e.getY(), HOVER_RADIUS);
            onSelect.accept(i < 0 ? new int[0] : new int[] {i});
            return;
        }
        dragging = false;
        if (drawingLasso) {
            var pts = lasso.getPoints();
            double[] xs = new double[pts.size() / 2];
            double[] ys = new double[pts.size() / 2];
            for (int k = 0; k < xs.length; k++) {
                xs[k] = pts.get(2 * k);
                ys[k] = pts.get(2 * k + 1);
            }
            selectPolygon(xs, ys);
        } else {
            selectRectangle(
                    rubber.getX(),
                    rubber.getY(),
                    rubber.getX() + rubber.getWidth(),
                    rubber.getY() + rubber.getHeight());
        }
        rubber.setVisible(false);
        lasso.setVisible(false);
    }

    /** Selects the points inside a rectangle given by two corners (this node's coordinates). */
    int[] selectRectangle(double x0, double y0, double x1, double y1) {
        Rectangle2D r =
                new Rectangle2D.Double(Math.min(x0, x1), Math.min(y0, y1), Math.abs(x1 - x0), Math.abs(y1 - y0));
        return select(r);
    }

    /** Selects the points inside a closed polygon (this node's coordinates). */
    int[] selectPolygon(double[] xs, double[] ys) {
        if (xs.length < 3) {
            return select(new Path2D.Double());
        }
        Path2D.Double p = new Path2D.Double(Path2D.WIND_EVEN_ODD);
        p.moveTo(xs[0], ys[0]);
        for (int k = 1; k < xs.length; k++) {
            p.lineTo(xs[k], ys[k]);
        }
        p.closePath();
        return select(p);
    }

    private int[] select(Shape s) {
        ProjectionFigure f = figure.get();
        int[] pts = f == null ? new int[0] : f.pointsIn(area(), s);
        onSelect.accept(pts);
        return pts;
    }
}
