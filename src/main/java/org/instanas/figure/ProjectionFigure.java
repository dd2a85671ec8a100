// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.figure;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.instanas.analysis.Difficulty;
import org.instanas.analysis.ProjectionResult;
import org.instanas.analysis.Stats;
import org.instanas.run.RoutingRow;

/**
 * The UMAP / t-SNE map: one dot per embedded image, coloured by latency (blue fast, white average,
 * red slow), by class or by correctness; no axes. Supports hovering and selection: points are
 * numbered as in {@link ProjectionResult#xy()}; the routing row of point i is
 * {@code rows.get(projection.indices()[i])}.
 */
public final class ProjectionFigure implements Figure {
    public enum ColorBy {
        LATENCY,
        CLASS,
        CORRECT
    }

    private static final Graphics2D MEASURE = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();

    private final ProjectionResult proj;
    private final List<RoutingRow> rows;
    private final List<String> classNames;
    private final ColorBy by;
    private final double[] latency;
    private final double center;
    private final double half;
    private final Integer[] order;
    private final double minX;
    private final double maxX;
    private final double minY;
    private final double maxY;
    private volatile int[] highlighted = new int[0];
    private volatile boolean[] isHighlighted;
    private volatile FigureStyle lastStyle = FigureStyle.screen();

    /**
     * @param rows the routing rows the projection was computed from
     */
    public ProjectionFigure(ProjectionResult proj, List<RoutingRow> rows, List<String> classNames, ColorBy by) {
        this.proj = proj;
        this.rows = rows;
        this.classNames = classNames;
        this.by = by;
        int n = proj.size();
        latency = new double[n];
        for (int i = 0; i < n; i++) {
            latency[i] = rows.get(proj.indices()[i]).latencyMs();
        }
        center = Stats.mean(latency);
        double lo = Stats.quantile(latency, 0.02);
        double hi = Stats.quantile(latency, 0.98);
        double h = Math.max(Math.abs(hi - center), Math.abs(center - lo));
        half = h > 0 ? h : Math.max(1e-6, Math.abs(center) * 0.05);
        order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        switch (by) {
            case LATENCY -> Arrays.sort(order, Comparator.comparingDouble(i -> Math.abs(latency[i] - center)));
            case CORRECT ->
                Arrays.sort(
                        order,
                        Comparator.comparing(i -> !rows.get(proj.indices()[i]).correct()));
            case CLASS -> {}
        }
        double[] xs = Arrays.stream(proj.xy()).mapToDouble(p -> p[0]).toArray();
        double[] ys = Arrays.stream(proj.xy()).mapToDouble(p -> p[1]).toArray();
        minX = n == 0 ? 0 : Stats.min(xs);
        maxX = n == 0 ? 1 : Stats.max(xs);
        minY = n == 0 ? 0 : Stats.min(ys);
        maxY = n == 0 ? 1 : Stats.max(ys);
        isHighlighted = new boolean[n];
    }

    public ProjectionResult projection() {
        return proj;
    }

    public ColorBy colorBy() {
        return by;
    }

    /** Emphasises these points (positions in the projection); others are faded. Empty: none. */
    public void setHighlighted(int[] points) {
        boolean[] b = new boolean[proj.size()];
        for (int p : points) {
            b[p] = true;
        }
        highlighted = points.clone();
        isHighlighted = b;
    }

    public int[] highlighted() {
        return highlighted.clone();
    }

    /** The routing row of point i. */
    public RoutingRow row(int i) {
        return rows.get(proj.indices()[i]);
    }

    @Override
    public String id() {
        return "map";
    }

    @Override
    public String title() {
        return proj.describe();
    }

    public String subtitle() {
        return switch (by) {
            case LATENCY ->
                "coloured by architecture latency: blue fast, red slow (centre: mean " + Draw.ms(center) + " ms)";
            case CLASS -> "coloured by class";
            case CORRECT -> "coloured by prediction";
        };
    }

    @Override
    public double preferredWidth() {
        return 560;
    }

    @Override
    public double preferredHeight() {
        return 470;
    }

    private record Layout(Rectangle2D map, Rectangle2D side, double scale, double ox, double oy) {}

    private Layout layout(Rectangle2D area, FigureStyle s) {
        Rectangle2D body;
        synchronized (MEASURE) {
            Draw.setup(MEASURE);
            body = Draw.titleBlock(MEASURE, area, title(), subtitle(), s);
        }
        double pad = s.fontPt() * 0.6;
        double sideW = sideWidth(s);
        Rectangle2D map = new Rectangle2D.Double(
                body.getX() + pad,
                body.getY() + pad * 0.5,
                Math.max(1, body.getWidth() - 3 * pad - sideW),
                Math.max(1, body.getHeight() - 1.5 * pad));
        Rectangle2D side = new Rectangle2D.Double(map.getMaxX() + pad, map.getY(), sideW, map.getHeight());
        double dx = Math.max(maxX - minX, 1e-9);
        double dy = Math.max(maxY - minY, 1e-9);
        double inset = radius(map) * 1.5;
        double scale = Math.min((map.getWidth() - 2 * inset) / dx, (map.getHeight() - 2 * inset) / dy);
        double ox = map.getCenterX() - (minX + maxX) / 2 * scale;
        double oy = map.getCenterY() + (minY + maxY) / 2 * scale;
        return new Layout(map, side, scale, ox, oy);
    }

    private double sideWidth(FigureStyle s) {
        synchronized (MEASURE) {
            return switch (by) {
                case LATENCY -> s.fontPt() * 0.9 + Draw.colorBarExtra(MEASURE, s, Draw.ms(center + half), true);
                case CLASS, CORRECT -> {
                    double w = 0;
                    for (String l : legendLabels()) {
                        w = Math.max(w, Draw.width(MEASURE, s.labelFont(), l));
                    }
                    yield Math.min(w, s.fontPt() * 12) + s.fontPt() * 1.6;
                }
            };
        }
    }

    private List<String> legendLabels() {
        if (by == ColorBy.CORRECT) {
            return List.of("correct", "wrong");
        }
        List<String> l = new ArrayList<>();
        for (int c : classes()) {
            l.add(Difficulty.className(classNames, c));
        }
        return l;
    }

    private int[] classes() {
        return Arrays.stream(proj.indices())
                .map(i -> rows.get(i).label())
                .distinct()
                .sorted()
                .toArray();
    }

    private double radius(Rectangle2D map) {
        int n = Math.max(1, proj.size());
        return Math.max(0.7, Math.min(3.5, Math.sqrt(map.getWidth() * map.getHeight() / n) * 0.3));
    }

    /** Screen position of point i when the figure is drawn into {@code area}. */
    public Point2D toScreen(Rectangle2D area, int i) {
        Layout L = layout(area, lastStyle);
        double[] p = proj.xy()[i];
        return new Point2D.Double(L.ox() + p[0] * L.scale(), L.oy() - p[1] * L.scale());
    }

    /** Data coordinates of a screen position. */
    public Point2D toData(Rectangle2D area, double x, double y) {
        Layout L = layout(area, lastStyle);
        return new Point2D.Double((x - L.ox()) / L.scale(), (L.oy() - y) / L.scale());
    }

    /** The rectangle the dots are drawn in. */
    public Rectangle2D mapArea(Rectangle2D area) {
        return layout(area, lastStyle).map();
    }

    /** The point nearest to (x, y) within radiusPx, or −1. */
    public int pointAt(Rectangle2D area, double x, double y, double radiusPx) {
        Layout L = layout(area, lastStyle);
        double best = radiusPx * radiusPx;
        int hit = -1;
        double[][] xy = proj.xy();
        for (int i = 0; i < xy.length; i++) {
            double sx = L.ox() + xy[i][0] * L.scale() - x;
            double sy = L.oy() - xy[i][1] * L.scale() - y;
            double d = sx * sx + sy * sy;
            if (d <= best) {
                best = d;
                hit = i;
            }
        }
        return hit;
    }

    /** Points whose screen position lies inside the shape (e.g. a rectangle or lasso path), ascending. */
    public int[] pointsIn(Rectangle2D area, Shape shapeInPixelCoords) {
        Layout L = layout(area, lastStyle);
        Rectangle2D b = shapeInPixelCoords.getBounds2D();
        double[][] xy = proj.xy();
        int[] out = new int[xy.length];
        int n = 0;
        for (int i = 0; i < xy.length; i++) {
            double sx = L.ox() + xy[i][0] * L.scale();
            double sy = L.oy() - xy[i][1] * L.scale();
            if (b.contains(sx, sy) && shapeInPixelCoords.contains(sx, sy)) {
                out[n++] = i;
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** Colour of point i. */
    public Color colorOf(int i, FigureStyle s) {
        return switch (by) {
            case LATENCY -> ColorMap.DIVERGING.at(0.5 + (latency[i] - center) / (2 * half));
            case CLASS -> s.category(classIndex(rows.get(proj.indices()[i]).label()));
            case CORRECT -> rows.get(proj.indices()[i]).correct() ? new Color(0x4e79a7) : new Color(0xe15759);
        };
    }

    private int[] classOrder;

    private int classIndex(int label) {
        if (classOrder == null) {
            classOrder = classes();
        }
        int k = Arrays.binarySearch(classOrder, label);
        return Math.max(k, 0);
    }

    @Override
    public void draw(Graphics2D g, Rectangle2D area, FigureStyle s) {
        lastStyle = s;
        Draw.setup(g);
        Draw.background(g, area, s);
        Draw.titleBlock(g, area, title(), subtitle(), s);
        Layout L = layout(area, s);
        if (proj.size() > 0) {
            if (raster(g)) {
                drawSprites(g, L, s);
            } else {
                drawShapes(g, L, s);
            }
        }
        drawSide(g, L, s);
    }

    /** A Java2D raster (image or screen) rather than a vector target such as SVG or PDF. */
    private static boolean raster(Graphics2D g) {
        return g.getClass().getName().startsWith("sun.java2d.");
    }

    /** Colour key of point i: points with the same key share a sprite. */
    private int colorKey(int i) {
        return switch (by) {
            case LATENCY -> (int) Math.round(Math.max(0, Math.min(1, 0.5 + (latency[i] - center) / (2 * half))) * 255);
            case CLASS -> classIndex(rows.get(proj.indices()[i]).label());
            case CORRECT -> rows.get(proj.indices()[i]).correct() ? 0 : 1;
        };
    }

    private Color keyColor(int key, FigureStyle s) {
        return switch (by) {
            case LATENCY -> ColorMap.DIVERGING.at(key / 255.0);
            case CLASS -> s.category(key);
            case CORRECT -> key == 0 ? new Color(0x4e79a7) : new Color(0xe15759);
        };
    }

    private double alpha() {
        return proj.size() > 3000 ? 0.75 : 0.9;
    }

    /** Vector output: one antialiased circle per point. */
    private void drawShapes(Graphics2D g, Layout L, FigureStyle s) {
        int n = proj.size();
        double r = radius(L.map());
        boolean[] hl = isHighlighted;
        boolean anyHl = highlighted.length > 0;
        boolean outline = n <= 3000; // thin darker rims keep near-white dots visible
        Ellipse2D.Double dot = new Ellipse2D.Double();
        double[][] xy = proj.xy();
        g.setStroke(new BasicStroke((float) Math.max(0.2, r * 0.15)));
        for (Integer oi : order) {
            int i = oi;
            Color c = colorOf(i, s);
            g.setColor(FigureStyle.alpha(c, anyHl ? (hl[i] ? 1 : 0.12) : alpha()));
            dot.setFrame(L.ox() + xy[i][0] * L.scale() - r, L.oy() - xy[i][1] * L.scale() - r, 2 * r, 2 * r);
            g.fill(dot);
            if (outline) {
                g.setColor(FigureStyle.alpha(FigureStyle.blend(c, s.foreground(), 0.55), anyHl && !hl[i] ? 0.1 : 0.6));
                g.draw(dot);
            }
        }
        drawHighlightRings(g, L, s, r);
    }

    private void drawHighlightRings(Graphics2D g, Layout L, FigureStyle s, double r) {
        if (highlighted.length == 0) {
            return;
        }
        Ellipse2D.Double dot = new Ellipse2D.Double();
        double[][] xy = proj.xy();
        g.setStroke(s.stroke(0.5));
        g.setColor(s.foreground());
        for (int i : highlighted) {
            dot.setFrame(L.ox() + xy[i][0] * L.scale() - r, L.oy() - xy[i][1] * L.scale() - r, 2 * r, 2 * r);
            g.draw(dot);
        }
    }

    /**
     * Raster output: each distinct colour is rendered once as a small antialiased sprite at device
     * resolution, then stamped at every point (about 10× faster than filling 10 000 ellipses).
     */
    private void drawSprites(Graphics2D g, Layout L, FigureStyle s) {
        int n = proj.size();
        double r = radius(L.map());
        AffineTransform at = g.getTransform();
        double scale = Math.sqrt(Math.abs(at.getDeterminant()));
        double rd = r * (scale > 0 ? scale : 1);
        int size = (int) Math.ceil(2 * rd) + 2;
        boolean[] hl = isHighlighted;
        boolean anyHl = highlighted.length > 0;
        boolean outline = n <= 3000;
        Map<Integer, BufferedImage> sprites = new HashMap<>();
        double[][] xy = proj.xy();
        double[] pt = new double[2];
        g.setTransform(new AffineTransform());
        try {
            for (Integer oi : order) {
                int i = oi;
                int key = colorKey(i);
                int faded = anyHl && !hl[i] ? 1 : 0;
                int sk = key * 2 + faded;
                BufferedImage sp = sprites.get(sk);
                if (sp == null) {
                    sp = sprite(
                            keyColor(key, s),
                            s,
                            size,
                            rd,
                            anyHl ? (faded == 1 ? 0.12 : 1) : alpha(),
                            outline,
                            faded == 1);
                    sprites.put(sk, sp);
                }
                pt[0] = L.ox() + xy[i][0] * L.scale();
                pt[1] = L.oy() - xy[i][1] * L.scale();
                at.transform(pt, 0, pt, 0, 1);
                g.drawImage(sp, (int) Math.round(pt[0] - size / 2.0), (int) Math.round(pt[1] - size / 2.0), null);
            }
        } finally {
            g.setTransform(at);
        }
        drawHighlightRings(g, L, s, r);
    }

    private static BufferedImage sprite(
            Color c, FigureStyle s, int size, double rd, double alpha, boolean outline, boolean faded) {
        BufferedImage im = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D sg = im.createGraphics();
        Draw.setup(sg);
        Ellipse2D.Double dot = new Ellipse2D.Double(size / 2.0 - rd, size / 2.0 - rd, 2 * rd, 2 * rd);
        sg.setColor(FigureStyle.alpha(c, alpha));
        sg.fill(dot);
        if (outline) {
            sg.setStroke(new BasicStroke((float) Math.max(0.3, rd * 0.15)));
            sg.setColor(FigureStyle.alpha(FigureStyle.blend(c, s.foreground(), 0.55), faded ? 0.1 : 0.6));
            sg.draw(dot);
        }
        sg.dispose();
        return im;
    }

    private void drawSide(Graphics2D g, Layout L, FigureStyle s) {
        Rectangle2D side = L.side();
        if (by == ColorBy.LATENCY) {
            double h = Math.min(side.getHeight(), Math.max(side.getHeight() * 0.6, s.fontPt() * 12));
            Rectangle2D bar = new Rectangle2D.Double(side.getX(), side.getCenterY() - h / 2, s.fontPt() * 0.9, h);
            double lo = Math.max(center - half, Stats.min(latency));
            double hi = Math.min(center + half, Stats.max(latency));
            if (!(hi > lo)) {
                lo = center - half;
                hi = center + half;
            }
            Draw.colorBar(
                    g,
                    bar,
                    v -> ColorMap.DIVERGING.at(0.5 + (v - center) / (2 * half)),
                    lo,
                    hi,
                    "latency (ms)",
                    null,
                    s);
            return;
        }
        List<String> labels = legendLabels();
        Font f = s.labelFont();
        double lh = Draw.height(g, f) * 1.15;
        int max = Math.max(1, (int) (side.getHeight() / lh));
        double y = side.getY();
        double sw = Draw.height(g, f) * 0.6;
        for (int k = 0; k < labels.size() && k < max; k++) {
            boolean more = k == max - 1 && labels.size() > max;
            Color c = by == ColorBy.CORRECT ? (k == 0 ? new Color(0x4e79a7) : new Color(0xe15759)) : s.category(k);
            if (!more) {
                g.setColor(c);
                g.fill(new Ellipse2D.Double(side.getX(), y + (lh - sw) / 2 - lh * 0.05, sw, sw));
            }
            g.setColor(s.foreground());
            String t = more
                    ? "… " + (labels.size() - k) + " more"
                    : Draw.ellipsize(g, f, labels.get(k), side.getWidth() - sw - s.fontPt() * 0.4);
            Draw.text(g, t, f, side.getX() + sw + s.fontPt() * 0.4, y + lh / 2, 0, 0.5);
            y += lh;
        }
    }
}
