// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.figure;

import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import org.instanas.figure.Figure;
import org.instanas.figure.FigureStyle;
import org.jfree.fx.FXGraphics2D;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows any {@link Figure} on a JavaFX canvas through FXGraphics2D: the same Java2D code that writes
 * the SVG, PDF and PNG exports paints the pane. Resizable; redraws on resize and whenever the figure
 * or the style is replaced (at most once per pulse).
 */
public final class FigureCanvas extends Region {
    private static final Logger LOG = LoggerFactory.getLogger(FigureCanvas.class);

    private final Canvas canvas = new Canvas();
    private final FXGraphics2D g2;
    private final ObjectProperty<Figure> figure = new SimpleObjectProperty<>();
    private final ObjectProperty<FigureStyle> style = new SimpleObjectProperty<>(FigureStyle.screen());
    private boolean pending;

    public FigureCanvas() {
        getStyleClass().add("figure-canvas");
        getChildren().add(canvas);
        g2 = new FXGraphics2D(canvas.getGraphicsContext2D());
        g2.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g2.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        figure.addListener((obs, old, now) -> requestRedraw());
        style.addListener((obs, old, now) -> requestRedraw());
        setMinSize(0, 0);
    }

    public ObjectProperty<Figure> figureProperty() {
        return figure;
    }

    public ObjectProperty<FigureStyle> figureStyleProperty() {
        return style;
    }

    public Figure getFigure() {
        return figure.get();
    }

    public void setFigure(Figure f) {
        figure.set(f);
        requestRedraw();
    }

    /** Asks for one redraw at the next layout pass (several requests in a pulse draw once). */
    public void requestRedraw() {
        if (!pending) {
            pending = true;
            requestLayout();
        }
    }

    @Override
    protected void layoutChildren() {
        double w = Math.floor(getWidth());
        double h = Math.floor(getHeight());
        boolean resized = canvas.getWidth() != w || canvas.getHeight() != h;
        if (resized) {
            canvas.setWidth(w);
            canvas.setHeight(h);
        }
        if (resized || pending) {
            pending = false;
            draw();
        }
    }

    private void draw() {
        GraphicsContext gc = canvas.getGraphicsContext2D();
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        FigureStyle s = style.get();
        gc.setFill(Color.rgb(
                s.background().getRed(),
                s.background().getGreen(),
                s.background().getBlue()));
        gc.fillRect(0, 0, w, h);
        Figure f = figure.get();
        if (f == null || w < 20 || h < 20) {
            return;
        }
        gc.save();
        try {
            f.draw(g2, new Rectangle2D.Double(0, 0, w, h), s);
        } catch (RuntimeException e) {
            gc.setFill(Color.FIREBRICK);
            gc.fillText("Cannot draw " + f.title() + ": " + e.getMessage(), 12, 24);
            LOG.warn("figure {} failed to draw", f.id(), e);
        } finally {
            gc.restore();
        }
    }

    @Override
    protected double computePrefWidth(double height) {
        Figure f = figure.get();
        return f == null ? 400 : f.preferredWidth();
    }

    @Override
    protected double computePrefHeight(double width) {
        Figure f = figure.get();
        return f == null ? 300 : f.preferredHeight();
    }
}
