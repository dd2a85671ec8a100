// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.curves;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.image.WritableImage;
import org.instanas.app.MetricsBuffer;
import org.instanas.figure.CurvesFigure;
import org.instanas.figure.Draw;
import org.instanas.figure.FigureStyle;
import org.instanas.run.MetricRecord;
import org.instanas.run.Stage;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;

/**
 * Builds the curves chart from metric snapshots with the figure package's {@link CurvesFigure} and
 * renders it to an image with Java2D: all of it on the builder thread, never on the FX thread.
 */
final class CurveBuild {
    /** Keys drawn as the latency band, not as panels of their own. */
    static final Set<String> BAND_KEYS = CurvesFigure.BAND_KEYS;

    /** Everything a build needs, captured on the FX thread (snapshots are immutable). */
    record Request(
            List<String> names,
            List<MetricsBuffer.Snapshot> snaps,
            Set<String> shown,
            boolean auto,
            String stageChoice,
            boolean live,
            boolean perEpoch,
            CurvesFigure.XAxis x,
            double smoothing,
            boolean logY,
            FigureStyle style,
            double width,
            double height,
            double scale,
            double xMin,
            double xMax) {}

    /** A built chart, the keys and stages seen, and the keys it shows. */
    record Result(
            CurvesViewModel.Built built, List<String> keys, List<String> stages, List<String> shown, boolean auto) {}

    private record Rendered(WritableImage image, ChartRenderingInfo info) {}

    Result run(Request q) {
        long t0 = System.nanoTime();
        List<MetricsBuffer.Snapshot> snaps = q.snaps();
        String st = stageFilter(q.stageChoice(), snaps.isEmpty() ? null : snaps.get(0), q.live());
        String kind = q.perEpoch() || st != null && !hasSteps(snaps, st) ? "epoch" : null;
        List<CurvesFigure.Run> runs = new ArrayList<>();
        Set<String> all = new LinkedHashSet<>();
        Set<String> stageSet = new LinkedHashSet<>();
        long records = 0;
        for (int i = 0; i < snaps.size(); i++) {
            MetricsBuffer.Snapshot sn = snaps.get(i);
            runs.add(new CurvesFigure.Run(q.names().get(i), withSteering(sn)));
            all.addAll(CurvesFigure.keys(sn.records()));
            stageSet.addAll(sn.stages());
            records += sn.size();
        }
        all.removeAll(BAND_KEYS);
        // the keys drawn for that stage: its step records' (or epoch records' in the per-epoch view); a
        // finished run's fine-tuning has latency only in its epoch summaries, which would be empty panels
        Set<String> here =
                st == null ? all : keysOfStage(snaps, st, kind == null ? MetricRecord.STEP : MetricRecord.EPOCH);
        List<String> show = (q.auto()
                        ? autoSelection(here)
                        : all.stream().filter(q.shown()::contains).toList())
                .stream().filter(here::contains).toList();
        CurvesFigure f = new CurvesFigure(
                runs, new CurvesFigure.Options(show, q.x(), q.smoothing(), q.logY(), st, kind, true, true));
        // min/max decimation with one bucket per two pixels: the envelope stays, rendering costs half
        int cols = (int) Math.max(100, q.width() * q.scale() / 2);
        JFreeChart chart = show.isEmpty() || records == 0 ? null : f.chart(q.style(), cols);
        Rendered r = chart == null ? new Rendered(null, null) : render(chart, q);
        return new Result(
                new CurvesViewModel.Built(f, chart, r.image(), r.info(), records, System.nanoTime() - t0, st),
                List.copyOf(all),
                List.copyOf(stageSet),
                show,
                q.auto());
    }

    /** The step and epoch records, followed by the steering changes the chart marks. */
    private static List<MetricRecord> withSteering(MetricsBuffer.Snapshot sn) {
        if (sn.steering().isEmpty()) {
            return sn.records();
        }
        List<MetricRecord> all =
                new ArrayList<>(sn.records().size() + sn.steering().size());
        all.addAll(sn.records());
        all.addAll(sn.steering());
        return all;
    }

    private static boolean hasSteps(List<MetricsBuffer.Snapshot> snaps, String stage) {
        for (MetricsBuffer.Snapshot sn : snaps) {
            for (MetricRecord r : sn.records()) {
                if (stage.equals(r.stage()) && MetricRecord.STEP.equals(r.kind())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Value keys of the records of one stage and kind, in first-seen order. */
    static Set<String> keysOfStage(List<MetricsBuffer.Snapshot> snaps, String stage, String kind) {
        Set<String> out = new LinkedHashSet<>();
        for (MetricsBuffer.Snapshot sn : snaps) {
            for (MetricRecord r : sn.records()) {
                if (stage.equals(r.stage()) && kind.equals(r.kind())) {
                    out.addAll(r.values().keySet());
                }
            }
        }
        return out;
    }

    /**
     * The stage to filter on: null for all. For "current stage": while the primary run is live, its
     * newest stage; when it is not (a finished or stopped run), its search when it has one, the stage
     * whose reward, accuracy and latency window the run is about, else its newest stage.
     */
    static String stageFilter(String choice, MetricsBuffer.Snapshot primary, boolean live) {
        if (CurvesViewModel.ALL_STAGES.equals(choice) || choice == null) {
            return null;
        }
        if (CurvesViewModel.CURRENT_STAGE.equals(choice)) {
            if (primary == null || primary.last() == null) {
                return null;
            }
            if (!live && primary.stages().contains(Stage.SEARCH.id())) {
                return Stage.SEARCH.id();
            }
            // the newest stage with step records (a finished run ends with epoch summaries of finetune)
            List<MetricRecord> r = primary.records();
            for (int i = r.size() - 1; i >= Math.max(0, r.size() - 20_000); i--) {
                if (MetricRecord.STEP.equals(r.get(i).kind())) {
                    return r.get(i).stage();
                }
            }
            return primary.last().stage();
        }
        return choice;
    }

    /**
     * Render buffers, used only by the builder thread: one Java2D image, and two FX images used in
     * turn, so the one being written is never the one on screen (a build starts only after the
     * previous image was published). Reusing them keeps a fast-streaming run from churning the heap.
     */
    private final WritableImage[] fxImages = new WritableImage[2];

    private BufferedImage awtImage;
    private int nextFx;

    /** Draws the chart into an image with Java2D, on the calling (background) thread. */
    private Rendered render(JFreeChart chart, Request q) {
        FigureStyle fs = q.style();
        double w = q.width();
        double h = q.height();
        double scale = q.scale();
        double lo = q.xMin();
        double hi = q.xMax();
        if (Double.isFinite(lo) && Double.isFinite(hi) && hi > lo) {
            chart.getXYPlot().getDomainAxis().setRange(lo, hi);
        }
        int pw = (int) Math.ceil(w * scale);
        int ph = (int) Math.ceil(h * scale);
        if (awtImage == null || awtImage.getWidth() != pw || awtImage.getHeight() != ph) {
            awtImage = new BufferedImage(pw, ph, BufferedImage.TYPE_INT_ARGB_PRE);
            fxImages[0] = null;
            fxImages[1] = null;
        }
        Graphics2D g = awtImage.createGraphics();
        try {
            g.scale(scale, scale);
            Draw.setup(g);
            g.setColor(fs.background());
            g.fill(new Rectangle2D.Double(0, 0, w, h));
            ChartRenderingInfo info = new ChartRenderingInfo();
            chart.draw(g, new Rectangle2D.Double(0, 0, w, h), null, info);
            int i = nextFx;
            nextFx = 1 - nextFx;
            fxImages[i] = SwingFXUtils.toFXImage(awtImage, fxImages[i]);
            return new Rendered(fxImages[i], info);
        } finally {
            g.dispose();
        }
    }

    /** The keys shown until the user picks: the same rule as a default export ({@link CurvesFigure#defaultKeys}). */
    static List<String> autoSelection(Set<String> all) {
        return CurvesFigure.defaultKeys(all);
    }
}
