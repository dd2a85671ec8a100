// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.figure;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Image;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.instanas.analysis.Difficulty;
import org.instanas.analysis.Stats;
import org.instanas.run.RoutingRow;

/**
 * The paper's slow/fast figure: one row per class, images ordered from the shallowest architecture
 * (low latency, left) to the most sophisticated (high latency, right), each labelled with its latency
 * relative to its class mean. Second mode: the easiest and the hardest images overall.
 */
public final class GalleryFigure implements Figure {
    /**
     * One row of the gallery.
     *
     * @param label  shown at the left (class name, "easiest", ...)
     * @param images rows in display order
     * @param rel    relative latency printed under each image (−0.12 → "−12%")
     * @param notes  a second, smaller caption per image (e.g. its class), or null
     */
    public record Row(String label, List<RoutingRow> images, double[] rel, List<String> notes) {
        public Row(String label, List<RoutingRow> images, double[] rel) {
            this(label, images, rel, null);
        }
    }

    private final List<Row> rows;
    private final String title;
    private final String subtitle;
    private final IntFunction<BufferedImage> thumbnails;
    private final int perRow;

    public GalleryFigure(List<Row> rows, String title, String subtitle, IntFunction<BufferedImage> thumbnails) {
        this.rows = List.copyOf(rows);
        this.title = title;
        this.subtitle = subtitle;
        this.thumbnails = thumbnails;
        this.perRow = rows.stream().mapToInt(r -> r.images().size()).max().orElse(0);
    }

    /**
     * Slow/fast rows for the given classes: {@code perRow} images per class at evenly spaced latency
     * quantiles, relative latency against the class mean.
     *
     * @param thumbnails test-image index → picture; null draws numbered placeholders
     */
    public static GalleryFigure slowFast(
            List<RoutingRow> rows,
            List<String> classNames,
            int[] classes,
            int perRow,
            IntFunction<BufferedImage> thumbnails) {
        List<Row> out = new ArrayList<>();
        for (int c : classes) {
            List<RoutingRow> pick = Difficulty.slowFast(rows, c, perRow);
            if (pick.isEmpty()) {
                continue;
            }
            double mean = Stats.mean(rows.stream()
                    .filter(r -> r.label() == c)
                    .mapToDouble(RoutingRow::latencyMs)
                    .toArray());
            out.add(new Row(Difficulty.className(classNames, c), pick, rel(pick, mean)));
        }
        return new GalleryFigure(
                out, "From shallow to sophisticated architectures", "relative latency vs class mean", thumbnails);
    }

    /** The {@code n} easiest (fastest) and hardest (slowest) images overall, relative to the overall mean. */
    public static GalleryFigure easiestHardest(
            List<RoutingRow> rows, List<String> classNames, int n, IntFunction<BufferedImage> thumbnails) {
        Difficulty.EasiestHardest eh = Difficulty.easiestHardest(rows, n);
        double mean =
                Stats.mean(rows.stream().mapToDouble(RoutingRow::latencyMs).toArray());
        List<Row> out = List.of(
                new Row("easiest", eh.easiest(), rel(eh.easiest(), mean), names(eh.easiest(), classNames)),
                new Row("hardest", eh.hardest(), rel(eh.hardest(), mean), names(eh.hardest(), classNames)));
        return new GalleryFigure(
                out, "Easiest and hardest test images", "relative latency vs mean of all images", thumbnails);
    }

    private static List<String> names(List<RoutingRow> rows, List<String> classNames) {
        return rows.stream()
                .map(r -> Difficulty.className(classNames, r.label()))
                .toList();
    }

    private boolean hasNotes() {
        return rows.stream().anyMatch(r -> r.notes() != null);
    }

    private static double[] rel(List<RoutingRow> pick, double mean) {
        return pick.stream().mapToDouble(r -> (r.latencyMs() - mean) / mean).toArray();
    }

    /** Up to {@code k} classes spread over the labels that occur, for a default figure. */
    public static int[] defaultClasses(List<RoutingRow> rows, int k) {
        List<Integer> labels =
                rows.stream().map(RoutingRow::label).distinct().sorted().toList();
        return Difficulty.spread(labels, k).stream().mapToInt(Integer::intValue).toArray();
    }

    public List<Row> rows() {
        return rows;
    }

    /** How many pictures {@link #draw} paints. */
    public int imageCount() {
        return rows.stream().mapToInt(r -> r.images().size()).sum();
    }

    @Override
    public String id() {
        return "gallery";
    }

    @Override
    public String title() {
        return title;
    }

    @Override
    public double preferredWidth() {
        return 600;
    }

    @Override
    public double preferredHeight() {
        return 90 + rows.size() * 600.0 / Math.max(perRow, 6) * 1.05;
    }

    @Override
    public void draw(Graphics2D g, Rectangle2D area, FigureStyle s) {
        Draw.setup(g);
        Draw.background(g, area, s);
        Rectangle2D body =
                Draw.titleBlock(g, area, title, subtitle + (thumbnails == null ? " (images unavailable)" : ""), s);
        if (rows.isEmpty() || perRow == 0) {
            return;
        }
        Font lf = s.labelFont();
        Font tf = s.tickFont();
        double pad = s.fontPt() * 0.5;
        double labelW = 0;
        for (Row r : rows) {
            labelW = Math.max(labelW, Draw.width(g, lf, r.label()));
        }
        labelW = Math.min(labelW, body.getWidth() * 0.25) + s.fontPt() * 0.6;
        Font nf = s.sized(Font.PLAIN, 0.75);
        double captionH = Draw.height(g, tf) * 1.1 + (hasNotes() ? Draw.height(g, nf) : 0);
        double gap = Math.max(1.5, s.fontPt() * 0.3);
        double availW = body.getWidth() - 2 * pad - labelW;
        String left = "shallow architecture, low latency";
        String right = "sophisticated architecture, high latency";
        double side = 0;
        double stripW = 0;
        Font af = null;
        for (int lines = 1; lines <= 2; lines++) { // the axis labels on one line if they fit, else two
            double arrowH = Draw.height(g, tf) * (lines + 0.2) + s.fontPt() * 0.9;
            double availH = body.getHeight() - pad - arrowH;
            side = Math.max(4, Math.min((availW - gap * (perRow - 1)) / perRow, availH / rows.size() - captionH - gap));
            stripW = perRow * side + (perRow - 1) * gap;
            af = Draw.fit(g, tf, left + "   " + right, stripW, 5);
            if (af != null) {
                break;
            }
        }
        Font cf = captionFont(g, tf, side + gap * 0.8);
        double x0 = body.getX() + pad + labelW + Math.max(0, (availW - stripW) / 2);
        double y = body.getY();
        for (Row r : rows) {
            g.setColor(s.foreground());
            String lab = Draw.ellipsize(g, lf, r.label(), labelW - s.fontPt() * 0.6);
            Draw.text(g, lab, lf, x0 - s.fontPt() * 0.6, y + side / 2, 1, 0.5);
            for (int j = 0; j < r.images().size(); j++) {
                double x = x0 + j * (side + gap);
                RoutingRow img = r.images().get(j);
                drawThumb(g, img.index(), x, y, side, s);
                g.setColor(s.foreground());
                if (cf != null) {
                    Draw.text(g, Draw.signedPercent(r.rel()[j]), cf, x + side / 2, y + side + gap * 0.5, 0.5, 0);
                }
                if (r.notes() != null && j < r.notes().size()) {
                    g.setColor(s.muted());
                    String note = Draw.ellipsize(g, nf, r.notes().get(j), side + gap * 0.8);
                    Draw.text(g, note, nf, x + side / 2, y + side + gap * 0.5 + Draw.height(g, tf), 0.5, 0);
                }
            }
            y += side + captionH + gap;
        }
        // axis: shallow/low latency → sophisticated/high latency
        double ay = y + s.fontPt() * 0.3;
        g.setColor(s.foreground());
        Draw.arrow(g, x0, x0 + stripW, ay, s.fontPt() * 0.7, s);
        double ty = ay + s.fontPt() * 0.45;
        if (af != null) {
            Draw.text(g, left, af, x0, ty, 0, 0);
            Draw.text(g, right, af, x0 + stripW, ty, 1, 0);
        } else {
            Draw.text(g, left, tf, x0, ty, 0, 0); // two lines: the right label under the left one
            Draw.text(g, right, tf, x0 + stripW, ty + Draw.height(g, tf), 1, 0);
        }
    }

    /** One caption size for the whole figure: the widest percentage must fit under its image. */
    private Font captionFont(Graphics2D g, Font tf, double width) {
        String widest = "";
        for (Row r : rows) {
            for (double v : r.rel()) {
                String t = Draw.signedPercent(v);
                if (Draw.width(g, tf, t) > Draw.width(g, tf, widest)) {
                    widest = t;
                }
            }
        }
        return Draw.fit(g, tf, widest, width, 4);
    }

    private void drawThumb(Graphics2D g, int index, double x, double y, double side, FigureStyle s) {
        BufferedImage im = null;
        if (thumbnails != null) {
            try {
                im = thumbnails.apply(index);
            } catch (RuntimeException e) {
                im = null;
            }
        }
        Rectangle2D box = new Rectangle2D.Double(x, y, side, side);
        if (im == null) {
            g.setColor(s.grid());
            g.fill(box);
            g.setColor(s.muted());
            Font f = Draw.fit(g, s.tickFont(), "#" + index, side * 0.9, 3);
            if (f != null) {
                Draw.text(g, "#" + index, f, box.getCenterX(), box.getCenterY(), 0.5, 0.5);
            }
            return;
        }
        Image up = crisp(im);
        Object old = g.getRenderingHint(RenderingHints.KEY_INTERPOLATION);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        // keep the aspect ratio inside the square
        double sc = side / Math.max(im.getWidth(), im.getHeight());
        double w = im.getWidth() * sc;
        double h = im.getHeight() * sc;
        AffineTransform at = new AffineTransform();
        at.translate(x + (side - w) / 2, y + (side - h) / 2);
        at.scale(w / up.getWidth(null), h / up.getHeight(null));
        g.drawImage(up, at, null);
        if (old != null) {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, old);
        }
        g.setColor(FigureStyle.alpha(s.frame(), 0.6));
        g.setStroke(s.stroke(0.3));
        g.draw(box);
    }

    /**
     * Small thumbnails (28 × 28, 32 × 32) are enlarged with nearest-neighbour pixels to at least
     * 96 pixels, so that PDF and SVG viewers do not blur them.
     */
    static BufferedImage crisp(BufferedImage im) {
        int f = (int) Math.ceil(96.0 / Math.max(im.getWidth(), im.getHeight()));
        if (f <= 1) {
            return im;
        }
        BufferedImage out = new BufferedImage(im.getWidth() * f, im.getHeight() * f, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, out.getWidth(), out.getHeight());
        g.drawImage(im, 0, 0, out.getWidth(), out.getHeight(), null);
        g.dispose();
        return out;
    }
}
