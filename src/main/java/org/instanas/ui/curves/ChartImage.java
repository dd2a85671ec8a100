// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.curves;

import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import javafx.scene.shape.Line;
import javafx.scene.shape.Rectangle;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.PlotRenderingInfo;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYDataset;

/**
 * Shows a chart that was rendered to an image off the FX thread, so that a redraw costs the FX
 * thread only an image swap. Interaction on top: a crosshair with a read-out of every panel's
 * values under the mouse, drag across to zoom the x axis, double-click to zoom out.
 */
final class ChartImage extends Region {
    private final ImageView image = new ImageView();
    private final Pane overlay = new Pane();
    private final Line crosshair = new Line();
    private final Rectangle zoomBox = new Rectangle();
    private final Label readout;
    private final BiConsumer<Double, Double> zoom;
    private CurvesViewModel.Built shown;
    private double dragStart = Double.NaN;

    /** @param zoom receives the x range to show, or (NaN, NaN) to show everything */
    ChartImage(Label readout, BiConsumer<Double, Double> zoom) {
        this.readout = readout;
        this.zoom = zoom;
        getStyleClass().add("chart-image");
        crosshair.getStyleClass().add("crosshair");
        zoomBox.getStyleClass().add("zoom-box");
        crosshair.setVisible(false);
        zoomBox.setVisible(false);
        overlay.getChildren().addAll(crosshair, zoomBox);
        overlay.setMouseTransparent(true);
        image.setPreserveRatio(false);
        getChildren().addAll(image, overlay);
        setMinSize(0, 0);
        setOnMouseMoved(e -> hover(e.getX(), e.getY()));
        setOnMouseExited(e -> {
            crosshair.setVisible(false);
            readout.setText(" ");
        });
        setOnMousePressed(e -> {
            if (e.getButton() == MouseButton.PRIMARY && area(e.getX(), e.getY()) != null) {
                dragStart = e.getX();
            }
        });
        setOnMouseDragged(e -> {
            if (!Double.isNaN(dragStart)) {
                Rectangle2D a = plotArea();
                zoomBox.setVisible(true);
                zoomBox.setX(Math.min(dragStart, e.getX()));
                zoomBox.setWidth(Math.abs(e.getX() - dragStart));
                zoomBox.setY(a == null ? 0 : a.getY());
                zoomBox.setHeight(a == null ? getHeight() : a.getHeight());
                hover(e.getX(), e.getY());
            }
        });
        setOnMouseReleased(e -> {
            zoomBox.setVisible(false);
            if (!Double.isNaN(dragStart) && Math.abs(e.getX() - dragStart) > 6) {
                double a = xValue(Math.min(dragStart, e.getX()));
                double b = xValue(Math.max(dragStart, e.getX()));
                if (Double.isFinite(a) && Double.isFinite(b) && b > a) {
                    zoom.accept(a, b);
                }
            }
            dragStart = Double.NaN;
        });
        setOnMouseClicked(e -> {
            if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2) {
                zoom.accept(Double.NaN, Double.NaN);
            }
        });
    }

    void show(CurvesViewModel.Built b) {
        shown = b;
        image.setImage(b == null ? null : b.image());
        requestLayout();
    }

    @Override
    protected void layoutChildren() {
        image.setFitWidth(getWidth());
        image.setFitHeight(getHeight());
        overlay.resize(getWidth(), getHeight());
    }

    JFreeChart shownChart() {
        return chart();
    }

    /** Explains the mouse gestures. */
    void setTooltipText() {
        Tooltip.install(this, new Tooltip("Drag across to zoom the x axis · double-click to show everything"));
    }

    private JFreeChart chart() {
        return shown == null ? null : shown.chart();
    }

    /** The data area of the panel under (x, y), in this node's coordinates; null outside the panels. */
    private Rectangle2D area(double x, double y) {
        if (shown == null || shown.info() == null) {
            return null;
        }
        PlotRenderingInfo pi = shown.info().getPlotInfo();
        int idx = pi.getSubplotIndex(new Point2D.Double(x, y));
        return idx < 0 ? null : pi.getSubplotInfo(idx).getDataArea();
    }

    /** Union of the panels' data areas. */
    private Rectangle2D plotArea() {
        if (shown == null || shown.info() == null) {
            return null;
        }
        PlotRenderingInfo pi = shown.info().getPlotInfo();
        Rectangle2D u = null;
        for (int i = 0; i < pi.getSubplotCount(); i++) {
            Rectangle2D r = pi.getSubplotInfo(i).getDataArea();
            u = u == null ? (Rectangle2D) r.clone() : u.createUnion(r);
        }
        return u;
    }

    private double xValue(double px) {
        JFreeChart c = chart();
        Rectangle2D a = plotArea();
        if (c == null || a == null || !(c.getPlot() instanceof CombinedDomainXYPlot plot)) {
            return Double.NaN;
        }
        return plot.getDomainAxis().java2DToValue(px, a, plot.getDomainAxisEdge());
    }

    private void hover(double px, double py) {
        JFreeChart c = chart();
        Rectangle2D a = area(px, py);
        Rectangle2D all = plotArea();
        if (c == null || a == null || !(c.getPlot() instanceof CombinedDomainXYPlot plot)) {
            crosshair.setVisible(false);
            readout.setText(" ");
            return;
        }
        double x = xValue(px);
        crosshair.setStartX(px);
        crosshair.setEndX(px);
        crosshair.setStartY(all.getMinY());
        crosshair.setEndY(all.getMaxY());
        crosshair.setVisible(true);
        readout.setText(readout(plot, x));
    }

    /** "step 1 234 │ reward 14.2 │ accuracy 0.81 …": each panel's smoothed value nearest to x, per run. */
    static String readout(CombinedDomainXYPlot plot, double x) {
        List<String> parts = new ArrayList<>();
        String xl = plot.getDomainAxis().getLabel();
        parts.add(xl + " " + (xl.startsWith("step") ? Long.toString(Math.round(x)) : Crosshair.fmt(x)));
        for (XYPlot sub : plot.getSubplots()) {
            XYDataset d = sub.getDataset(0);
            if (d == null) {
                continue;
            }
            int lines = 0;
            for (int s = 0; s < d.getSeriesCount(); s++) {
                if (!String.valueOf(d.getSeriesKey(s)).endsWith("(raw)")) {
                    lines++;
                }
            }
            for (int s = 0; s < d.getSeriesCount(); s++) {
                String key = String.valueOf(d.getSeriesKey(s));
                if (key.endsWith("(raw)")) {
                    continue;
                }
                double y = Crosshair.nearest(d, s, x);
                if (Double.isFinite(y)) {
                    parts.add((lines > 1 ? key + ": " : "") + sub.getRangeAxis().getLabel() + " " + Crosshair.fmt(y));
                }
            }
        }
        return String.join("   │   ", parts);
    }
}
