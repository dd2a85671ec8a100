// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.routing;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.image.ImageView;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.Region;
import org.instanas.figure.Figure;
import org.instanas.figure.FigureStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows a {@link Figure} painted by Java2D into an image at the screen's pixel density: the same
 * pixels as its PNG export, and the same text metrics as the figure's own layout (FXGraphics2D
 * measures text with Java2D fonts but draws it with JavaFX ones, which made titles overlap their
 * subtitles here). Paints only when the figure, the style or the size changes, or on
 * {@link #repaint()}, at most once per layout pass.
 */
public final class RasterFigureView extends Region {
    private static final Logger LOG = LoggerFactory.getLogger(RasterFigureView.class);

    private final ImageView view = new ImageView();
    private final ObjectProperty<Figure> figure = new SimpleObjectProperty<>();
    private final ObjectProperty<FigureStyle> style = new SimpleObjectProperty<>(FigureStyle.screen());
    private WritableImage buffer;
    private boolean dirty = true;
    private double paintedW = -1;
    private double paintedH = -1;
    private long lastPaintNanos;

    public RasterFigureView() {
        getStyleClass().add("raster-figure");
        view.setManaged(false);
        view.setSmooth(true);
        getChildren().add(view);
        setMinSize(0, 0);
        figure.addListener(o -> repaint());
        style.addListener(o -> repaint());
    }

    public ObjectProperty<Figure> figureProperty() {
        return figure;
    }

    public ObjectProperty<FigureStyle> figureStyleProperty() {
        return style;
    }

    /** The figure changed in place (e.g. its highlighted points): paint it again at the next pulse. */
    public void repaint() {
        dirty = true;
        requestLayout();
    }

    /** The area the figure is drawn into, in this node's coordinates (whole pixels, as painted). */
    public Rectangle2D area() {
        return new Rectangle2D.Double(0, 0, Math.floor(getWidth()), Math.floor(getHeight()));
    }

    /** How long the last paint took (nanoseconds). */
    public long lastPaintNanos() {
        return lastPaintNanos;
    }

    @Override
    protected void layoutChildren() {
        double w = Math.floor(getWidth());
        double h = Math.floor(getHeight());
        if (dirty || w != paintedW || h != paintedH) {
            dirty = false;
            paintedW = w;
            paintedH = h;
            paint(w, h);
        }
    }

    private void paint(double w, double h) {
        Figure f = figure.get();
        if (f == null || w < 20 || h < 20) {
            view.setImage(null);
            return;
        }
        long t0 = System.nanoTime();
        double scale = getScene() != null && getScene().getWindow() != null
                ? getScene().getWindow().getOutputScaleX()
                : 1;
        scale = Math.max(1, scale);
        int pw = (int) Math.ceil(w * scale);
        int ph = (int) Math.ceil(h * scale);
        BufferedImage img = new BufferedImage(pw, ph, BufferedImage.TYPE_INT_ARGB_PRE);
        Graphics2D g = img.createGraphics();
        try {
            g.scale(scale, scale);
            f.draw(g, new Rectangle2D.Double(0, 0, w, h), style.get());
        } catch (RuntimeException e) {
            LOG.warn("figure {} failed to draw", f.id(), e);
        } finally {
            g.dispose();
        }
        if (buffer != null && (buffer.getWidth() != pw || buffer.getHeight() != ph)) {
            buffer = null;
        }
        buffer = SwingFXUtils.toFXImage(img, buffer);
        view.setImage(buffer);
        view.setFitWidth(w);
        view.setFitHeight(h);
        view.relocate(0, 0);
        lastPaintNanos = System.nanoTime() - t0;
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
