// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.figure;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.instanas.analysis.Series;
import org.instanas.run.Metric;
import org.instanas.run.MetricRecord;
import org.instanas.run.Steering;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItem;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.ValueAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.DatasetRenderingOrder;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.xy.DefaultXYDataset;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/**
 * Training curves of one or several runs: one panel per metric key on a shared x axis (step, epoch
 * or wall time), each run's raw series faint behind its debiased EMA, the latency panel with the
 * UB/LB reward window as a shaded band. Long series are decimated to about two points per pixel
 * column (min and max per bucket), so 100 000 points per series draw quickly.
 */
public final class CurvesFigure implements Figure {
    public enum XAxis {
        STEP,
        EPOCH,
        WALL
    }

    /** One run's records under a label (the run name). */
    public record Run(String label, List<MetricRecord> records) {}

    /**
     * @param keys      metric keys, one panel each (e.g. reward, accuracy, latency, entropy)
     * @param smoothing EMA weight in [0, 1): 0 = none, 0.6 = TensorBoard's default
     * @param stage     only records of this stage; null = all (x continues across stages)
     * @param kind      "step" or "epoch" records; null = step records where the key has any, else epoch
     * @param showRaw   draw the unsmoothed series faintly behind
     * @param showWindow shade the UB/LB window in the latency panel
     */
    public record Options(
            List<String> keys,
            XAxis x,
            double smoothing,
            boolean logY,
            String stage,
            String kind,
            boolean showRaw,
            boolean showWindow) {
        public Options {
            keys = List.copyOf(keys);
            if (!(smoothing >= 0 && smoothing < 1)) {
                throw new IllegalArgumentException("smoothing must be in [0, 1): " + smoothing);
            }
        }

        public static Options of(List<String> keys) {
            return new Options(keys, XAxis.STEP, 0.6, false, null, null, true, true);
        }

        public Options withX(XAxis v) {
            return new Options(keys, v, smoothing, logY, stage, kind, showRaw, showWindow);
        }

        public Options withSmoothing(double v) {
            return new Options(keys, x, v, logY, stage, kind, showRaw, showWindow);
        }

        public Options withLogY(boolean v) {
            return new Options(keys, x, smoothing, v, stage, kind, showRaw, showWindow);
        }

        public Options withStage(String v) {
            return new Options(keys, x, smoothing, logY, v, kind, showRaw, showWindow);
        }

        public Options withKind(String v) {
            return new Options(keys, x, smoothing, logY, stage, v, showRaw, showWindow);
        }
    }

    /**
     * A steering change of a run, drawn as a vertical line: where, the overrides from then on, and
     * whether it lies in the right half of the run's x extent (its label then goes to the left).
     */
    public record Marker(double x, String label, boolean rightHalf) {}

    /**
     * The steering changes of the records ({@link Steering#ofEvent}) of the stage (null = all), placed on
     * the x axis as the steps around them: between the last step before the change and the first after.
     */
    public static List<Marker> markers(List<MetricRecord> records, XAxis x, String stage) {
        List<MetricRecord> events = new ArrayList<>();
        for (MetricRecord r : records) {
            if ((stage == null || stage.equals(r.stage())) && Steering.ofEvent(r) != null) {
                events.add(r);
            }
        }
        if (events.isEmpty()) {
            return List.of();
        }
        double[] xs = xValues(records, events, x, MetricRecord.STEP, stage, true);
        MetricRecord first = null;
        MetricRecord last = null;
        for (MetricRecord r : records) {
            if (!MetricRecord.EVENT.equals(r.kind()) && (stage == null || stage.equals(r.stage()))) {
                first = first == null ? r : first;
                last = r;
            }
        }
        double mid = Double.POSITIVE_INFINITY;
        if (first != null) {
            double[] ends = xValues(records, List.of(first, last), x, MetricRecord.STEP, stage, true);
            mid = (ends[0] + ends[1]) / 2;
        }
        List<Marker> out = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            out.add(new Marker(xs[i], Steering.describe(Steering.ofEvent(events.get(i))), xs[i] > mid));
        }
        return out;
    }

    /** Keys drawn as the latency band (the reward window), not as panels of their own. */
    public static final Set<String> BAND_KEYS = Metric.WINDOW;

    private static final Map<String, String> LABELS = Map.ofEntries(
            Map.entry(Metric.REWARD, "reward"),
            Map.entry(Metric.ACCURACY, "accuracy"),
            Map.entry(Metric.LATENCY, "latency (ms)"),
            Map.entry(Metric.ADVANTAGE, "advantage"),
            Map.entry(Metric.ENTROPY, "entropy"),
            Map.entry(Metric.UNIQUE, "unique architectures"),
            Map.entry(Metric.LOSS, "loss"),
            Map.entry(Metric.LR, "learning rate"),
            Map.entry(Metric.UB, "upper bound (ms)"),
            Map.entry(Metric.LB, "lower bound (ms)"),
            Map.entry(Metric.KEEP, "keep probability"),
            Map.entry(Metric.NET_LOSS, "meta-graph loss"),
            Map.entry(Metric.MBV2_ACCURACY, "MobileNetV2-path accuracy"));

    private final List<Run> runs;
    private final Options options;
    private JFreeChart cached;
    private FigureStyle cachedStyle;
    private int cachedColumns;

    public CurvesFigure(List<Run> runs, Options options) {
        this.runs = List.copyOf(runs);
        this.options = options;
    }

    public List<Run> runs() {
        return runs;
    }

    public Options options() {
        return options;
    }

    @Override
    public String id() {
        return "curves";
    }

    @Override
    public String title() {
        return "Training curves";
    }

    @Override
    public double preferredWidth() {
        return 560;
    }

    @Override
    public double preferredHeight() {
        return 110 + 130.0 * Math.max(1, options.keys().size());
    }

    public static String label(String key) {
        return LABELS.getOrDefault(key, key.replace('_', ' '));
    }

    /** Numeric keys present in the records (of any kind except events), in first-seen order. */
    public static List<String> keys(List<MetricRecord> records) {
        Set<String> s = new LinkedHashSet<>();
        for (MetricRecord r : records) {
            if (!MetricRecord.EVENT.equals(r.kind())) {
                s.addAll(r.values().keySet());
            }
        }
        return new ArrayList<>(s);
    }

    /** The default keys that occur in the records, or the first four keys if none does. */
    public static List<String> defaultKeys(List<MetricRecord> records) {
        return defaultKeys(keys(records));
    }

    /**
     * The series drawn until the user picks, the one rule for the curves pane and the exported
     * figure: the search's main curves (reward, accuracy, latency, share of samples inside the window,
     * entropy, unique architectures) that are present, then loss and learning rate, then the first keys, until at
     * least three are chosen; never the window's bounds, which are drawn as the latency band.
     * {@code available} in first-seen order.
     */
    public static List<String> defaultKeys(Collection<String> available) {
        List<String> pick = new ArrayList<>();
        available = available.stream().filter(k -> !BAND_KEYS.contains(k)).toList();
        for (String k : List.of(
                Metric.REWARD, Metric.ACCURACY, Metric.LATENCY, Metric.IN_WINDOW, Metric.ENTROPY, Metric.UNIQUE)) {
            if (available.contains(k)) {
                pick.add(k);
            }
        }
        for (String k : List.of(Metric.LOSS, Metric.LR)) {
            if (pick.size() < 3 && available.contains(k)) {
                pick.add(k);
            }
        }
        for (String k : available) {
            if (pick.size() >= 3) {
                break;
            }
            if (!pick.contains(k)) {
                pick.add(k);
            }
        }
        return pick;
    }

    /** Which kind of record carries the key: "step" if any step record has it, else "epoch". */
    public static String kindFor(List<MetricRecord> records, String key, String requested) {
        if (requested != null) {
            return requested;
        }
        for (MetricRecord r : records) {
            if (MetricRecord.STEP.equals(r.kind()) && r.has(key)) {
                return MetricRecord.STEP;
            }
        }
        return MetricRecord.EPOCH;
    }

    /**
     * The raw series of one key: records of the given stage (null = all) and kind (null = automatic),
     * in file order, x as chosen. Across stages, steps and epochs continue where the previous stage
     * ended; wall time is minutes since the first record.
     */
    public static Series raw(List<MetricRecord> records, String key, XAxis x, String stage, String kind) {
        String k = kindFor(records, key, kind);
        List<MetricRecord> sel = new ArrayList<>();
        for (MetricRecord r : records) {
            if (k.equals(r.kind()) && r.has(key) && (stage == null || stage.equals(r.stage()))) {
                sel.add(r);
            }
        }
        double[] xs = xValues(records, sel, x, k, stage);
        double[] ys = new double[sel.size()];
        for (int i = 0; i < ys.length; i++) {
            ys[i] = sel.get(i).value(key);
        }
        return withGaps(xs, ys);
    }

    /**
     * Breaks the line where the key is absent for a stretch (e.g. the controller's reward during the
     * meta-graph pass of a search epoch): a NaN point is inserted where x jumps by more than 5× the
     * median step, so no straight line pretends to be data.
     */
    static Series withGaps(double[] xs, double[] ys) {
        int n = xs.length;
        if (n < 3) {
            return new Series(xs, ys);
        }
        double[] dx = new double[n - 1];
        for (int i = 1; i < n; i++) {
            dx[i - 1] = xs[i] - xs[i - 1];
        }
        double[] sorted = dx.clone();
        Arrays.sort(sorted);
        double limit = 5 * Math.max(sorted[sorted.length / 2], 1e-12);
        int breaks = 0;
        for (double d : dx) {
            if (d > limit) {
                breaks++;
            }
        }
        if (breaks == 0) {
            return new Series(xs, ys);
        }
        double[] x2 = new double[n + breaks];
        double[] y2 = new double[n + breaks];
        int j = 0;
        for (int i = 0; i < n; i++) {
            if (i > 0 && dx[i - 1] > limit) {
                x2[j] = (xs[i - 1] + xs[i]) / 2;
                y2[j++] = Double.NaN;
            }
            x2[j] = xs[i];
            y2[j++] = ys[i];
        }
        return new Series(x2, y2);
    }

    private static double[] xValues(
            List<MetricRecord> all, List<MetricRecord> sel, XAxis x, String kind, String stage) {
        return xValues(all, sel, x, kind, stage, false);
    }

    /** x of each selected record; {@code events}: records between steps, which keep their order unsorted. */
    private static double[] xValues(
            List<MetricRecord> all, List<MetricRecord> sel, XAxis x, String kind, String stage, boolean events) {
        double[] out = new double[sel.size()];
        if (x == XAxis.WALL) {
            double t0 = all.stream()
                    .mapToDouble(MetricRecord::time)
                    .filter(t -> t > 0)
                    .min()
                    .orElse(0);
            for (int i = 0; i < out.length; i++) {
                out[i] = (sel.get(i).time() - t0) / 60.0;
            }
            return monotone(out);
        }
        // per-stage offsets over every step/epoch record (not only those with this key), in order of
        // appearance, so x continues across stages and all panels share one axis
        Map<String, double[]> range = new LinkedHashMap<>(); // stage -> {max step, max epoch}
        Map<String, Map<Integer, long[]>> epochSteps = new LinkedHashMap<>(); // stage -> epoch -> {min, max step}
        for (MetricRecord r : all) {
            if (MetricRecord.EVENT.equals(r.kind()) || (stage != null && !stage.equals(r.stage()))) {
                continue;
            }
            double[] m = range.computeIfAbsent(r.stage(), s -> new double[] {-1, -1});
            m[0] = Math.max(m[0], r.step());
            m[1] = Math.max(m[1], r.epoch());
            long[] e = epochSteps
                    .computeIfAbsent(r.stage(), s -> new LinkedHashMap<>())
                    .computeIfAbsent(r.epoch(), ep -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE});
            e[0] = Math.min(e[0], r.step());
            e[1] = Math.max(e[1], r.step());
        }
        Map<String, double[]> offset = new LinkedHashMap<>();
        double os = 0;
        double oe = 0;
        for (Map.Entry<String, double[]> e : range.entrySet()) {
            offset.put(e.getKey(), new double[] {os, oe});
            os += e.getValue()[0] + 1;
            oe += e.getValue()[1] + 1;
        }
        for (int i = 0; i < out.length; i++) {
            MetricRecord r = sel.get(i);
            double[] o = offset.getOrDefault(r.stage(), new double[] {os, oe});
            if (x == XAxis.STEP) {
                out[i] = o[0] + r.step();
            } else if (MetricRecord.EPOCH.equals(kind)) {
                out[i] = o[1] + r.epoch() + 1; // an epoch summary sits at the end of its epoch
            } else {
                Map<Integer, long[]> byEpoch = epochSteps.get(r.stage());
                long[] e = byEpoch == null ? null : byEpoch.get(r.epoch());
                double frac = e != null && e[1] > e[0] ? (r.step() - e[0]) / (double) (e[1] - e[0] + 1) : 0;
                out[i] = o[1] + r.epoch() + frac;
            }
        }
        return events ? out : monotone(out);
    }

    /** Keeps x non-decreasing (a resumed run may repeat a step; the later record wins visually). */
    private static double[] monotone(double[] x) {
        for (int i = 1; i < x.length; i++) {
            if (x[i] < x[i - 1]) {
                x[i] = x[i - 1];
            }
        }
        return x;
    }

    /** Raw and smoothed series, decimated to {@code columns} buckets for drawing (0 = not decimated). */
    public static Series[] rawAndSmoothed(List<MetricRecord> records, String key, Options o, int columns) {
        Series raw = raw(records, key, o.x(), o.stage(), o.kind());
        Series sm = o.smoothing() > 0 ? raw.smoothed(o.smoothing()) : raw;
        return new Series[] {raw.decimate(columns), sm.decimate(columns)};
    }

    public static String xLabel(XAxis x) {
        return switch (x) {
            case STEP -> "step";
            case EPOCH -> "epoch";
            case WALL -> "wall time (min)";
        };
    }

    /** The chart in the screen style, for an interactive viewer. */
    public JFreeChart chart() {
        return chart(FigureStyle.screen(), 1200);
    }

    /** The chart with data decimated to {@code columns} pixel columns. */
    public JFreeChart chart(FigureStyle s, int columns) {
        NumberAxis xAxis = new NumberAxis(xLabel(options.x()));
        xAxis.setAutoRangeIncludesZero(false);
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(xAxis);
        // each run's steering changes, found once for every panel
        List<List<Marker>> marks = new ArrayList<>();
        for (Run run : runs) {
            marks.add(markers(run.records(), options.x(), options.stage()));
        }
        plot.setGap(s.fontPt() * 0.8);
        float lw = (float) Math.max(0.6, s.fontPt() * 0.13);
        boolean window = false;
        for (String key : options.keys()) {
            XYPlot sub = new XYPlot();
            DefaultXYDataset lines = new DefaultXYDataset();
            XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, false);
            r.setDrawSeriesLineAsPath(true);
            int si = 0;
            boolean allPositive = true;
            for (int ri = 0; ri < runs.size(); ri++) {
                Run run = runs.get(ri);
                Series[] rs = rawAndSmoothed(run.records(), key, options, columns);
                Color c = s.category(ri);
                if (rs[0].size() > 0 && !(rs[0].minY() > 0)) {
                    allPositive = false;
                }
                if (options.showRaw() && options.smoothing() > 0) {
                    lines.addSeries(run.label() + " (raw)", new double[][] {rs[0].x(), rs[0].y()});
                    r.setSeriesPaint(si, FigureStyle.blend(c, s.background(), 0.3));
                    r.setSeriesStroke(si, new BasicStroke(lw * 0.7f));
                    si++;
                }
                lines.addSeries(run.label(), new double[][] {rs[1].x(), rs[1].y()});
                r.setSeriesPaint(si, c);
                r.setSeriesStroke(si, new BasicStroke(lw, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                si++;
            }
            sub.setDataset(0, lines);
            sub.setRenderer(0, r);
            if (Metric.LATENCY.equals(key) && options.showWindow()) {
                YIntervalSeriesCollection band = windowBand(columns);
                if (band.getSeriesCount() > 0) {
                    DeviationRenderer dr = new DeviationRenderer(true, false);
                    for (int i = 0; i < band.getSeriesCount(); i++) {
                        Color c = s.category(i);
                        dr.setSeriesPaint(i, c);
                        dr.setSeriesFillPaint(i, c);
                        dr.setSeriesLinesVisible(i, false);
                    }
                    dr.setAlpha(0.15f);
                    sub.setDataset(1, band);
                    sub.setRenderer(1, dr);
                    window = true;
                }
            }
            ValueAxis y;
            if (options.logY() && allPositive) {
                LogAxis la = new LogAxis(label(key));
                la.setSmallestValue(1e-12);
                y = la;
            } else {
                NumberAxis na = new NumberAxis(label(key));
                na.setAutoRangeIncludesZero(false);
                y = na;
            }
            sub.setRangeAxis(y);
            sub.setDatasetRenderingOrder(DatasetRenderingOrder.REVERSE);
            addMarkers(sub, marks, s, lw, options.keys().indexOf(key) == 0);
            plot.add(sub, 1);
        }
        JFreeChart chart = new JFreeChart(title(), s.titleFont(), plot, false);
        String sub = subtitle();
        if (!sub.isEmpty()) {
            chart.addSubtitle(new TextTitle(sub));
        }
        LegendItemCollection items = new LegendItemCollection();
        boolean steered = marks.stream().anyMatch(m -> !m.isEmpty());
        if (runs.size() > 1 || window || steered) {
            for (int ri = 0; ri < runs.size(); ri++) {
                items.add(new LegendItem(
                        runs.get(ri).label(),
                        null,
                        null,
                        null,
                        new Line2D.Double(-6, 0, 6, 0),
                        new BasicStroke(lw * 1.5f),
                        s.category(ri)));
            }
            if (window) {
                LegendItem w = new LegendItem(
                        "UB/LB window",
                        null,
                        null,
                        null,
                        new Rectangle2D.Double(-5, -4, 10, 8),
                        FigureStyle.blend(s.category(0), s.background(), 0.25));
                items.add(w);
            }
            if (steered) {
                items.add(new LegendItem(
                        "steering change",
                        null,
                        null,
                        null,
                        new Line2D.Double(-6, 0, 6, 0),
                        new BasicStroke(
                                lw, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {4 * lw, 3 * lw}, 0),
                        s.category(0)));
            }
            plot.setFixedLegendItems(items);
            LegendTitle legend = new LegendTitle(plot);
            legend.setPosition(RectangleEdge.BOTTOM);
            chart.addSubtitle(legend);
        }
        return Charts.style(chart, s);
    }

    /**
     * The steering changes of every run as dashed vertical lines in the run's colour; the top panel
     * labels each with the overrides it set.
     */
    private static void addMarkers(XYPlot sub, List<List<Marker>> marks, FigureStyle s, float lw, boolean labelled) {
        for (int ri = 0; ri < marks.size(); ri++) {
            Color c = s.category(ri);
            int k = 0;
            for (Marker m : marks.get(ri)) {
                ValueMarker vm = new ValueMarker(
                        m.x(),
                        c,
                        new BasicStroke(
                                lw, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {4 * lw, 3 * lw}, 0));
                if (labelled) {
                    vm.setLabel(m.label());
                    vm.setLabelFont(s.tickFont());
                    vm.setLabelPaint(c);
                    // beside the line, on the side with room
                    vm.setLabelAnchor(m.rightHalf() ? RectangleAnchor.TOP_LEFT : RectangleAnchor.TOP_RIGHT);
                    vm.setLabelTextAnchor(m.rightHalf() ? TextAnchor.TOP_RIGHT : TextAnchor.TOP_LEFT);
                    vm.setLabelBackgroundColor(FigureStyle.alpha(s.background(), 0.85));
                    // successive labels step down, so changes close together stay readable
                    vm.setLabelOffset(new RectangleInsets(2 + (k++ % 3) * s.fontPt() * 1.5, 4, 2, 4));
                }
                sub.addDomainMarker(vm, Layer.FOREGROUND);
            }
        }
    }

    private String subtitle() {
        List<String> parts = new ArrayList<>();
        if (options.smoothing() > 0) {
            parts.add(String.format(Locale.ROOT, "EMA smoothing %.2f", options.smoothing()));
        }
        if (options.stage() != null) {
            parts.add("stage " + options.stage());
        }
        if (options.kind() != null) {
            parts.add(options.kind() + " records");
        }
        if (runs.size() == 1) {
            parts.add(0, runs.get(0).label());
        }
        return String.join(" · ", parts);
    }

    /** Per run, the UB/LB window as an interval series (thinned: kept where the bounds change). */
    private YIntervalSeriesCollection windowBand(int columns) {
        YIntervalSeriesCollection c = new YIntervalSeriesCollection();
        for (Run run : runs) {
            Series ub = raw(run.records(), Metric.UB, options.x(), options.stage(), options.kind());
            Series lb = raw(run.records(), Metric.LB, options.x(), options.stage(), options.kind());
            if (ub.size() == 0 || ub.size() != lb.size()) {
                continue;
            }
            YIntervalSeries s = new YIntervalSeries(run.label() + " window", false, true);
            int n = ub.size();
            int every = Math.max(1, n / Math.max(1, columns));
            for (int i = 0; i < n; i++) {
                boolean change = i == 0
                        || i == n - 1
                        || ub.y()[i] != ub.y()[i - 1]
                        || lb.y()[i] != lb.y()[i - 1]
                        || (i + 1 < n && (ub.y()[i + 1] != ub.y()[i] || lb.y()[i + 1] != lb.y()[i]));
                if ((change || i % every == 0) && Double.isFinite(ub.y()[i]) && Double.isFinite(lb.y()[i])) {
                    double lo = Math.min(lb.y()[i], ub.y()[i]);
                    double hi = Math.max(lb.y()[i], ub.y()[i]);
                    s.add(ub.x()[i], (lo + hi) / 2, lo, hi);
                }
            }
            c.addSeries(s);
        }
        return c;
    }

    @Override
    public void draw(Graphics2D g, Rectangle2D area, FigureStyle s) {
        double scale = Math.abs(g.getTransform().getScaleX());
        int columns = (int) Math.max(200, Math.min(4000, area.getWidth() * (scale > 0 ? scale : 1)));
        JFreeChart c;
        synchronized (this) {
            if (cached == null || !s.equals(cachedStyle) || Math.abs(columns - cachedColumns) > cachedColumns / 4) {
                cached = chart(s, columns);
                cachedStyle = s;
                cachedColumns = columns;
            }
            c = cached;
        }
        Charts.draw(c, g, area, s);
    }
}
