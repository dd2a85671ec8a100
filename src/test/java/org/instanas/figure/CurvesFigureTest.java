// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.figure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.instanas.analysis.Series;
import org.instanas.run.MetricRecord;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.junit.jupiter.api.Test;

class CurvesFigureTest {
    static MetricRecord step(String stage, int epoch, long step, double time, double reward) {
        return new MetricRecord(stage, MetricRecord.STEP, epoch, step, time, Map.of("reward", reward), null);
    }

    @Test
    void xContinuesAcrossStagesAndFollowsTheChosenAxis() {
        List<MetricRecord> rs = List.of(
                step("pretrain", 0, 0, 100, 1),
                step("pretrain", 0, 1, 160, 2),
                step("pretrain", 1, 2, 220, 3),
                step("search", 0, 0, 280, 4),
                step("search", 0, 1, 340, 5),
                new MetricRecord("search", MetricRecord.EPOCH, 0, 1, 345, Map.of("reward", 9.0), null),
                new MetricRecord("search", MetricRecord.EVENT, 0, 1, 350, Map.of(), "stop"));
        Series s = CurvesFigure.raw(rs, "reward", CurvesFigure.XAxis.STEP, null, null);
        assertArrayEquals(new double[] {0, 1, 2, 3, 4}, s.x());
        assertArrayEquals(new double[] {1, 2, 3, 4, 5}, s.y());
        Series only = CurvesFigure.raw(rs, "reward", CurvesFigure.XAxis.STEP, "search", null);
        assertArrayEquals(new double[] {0, 1}, only.x());
        Series wall = CurvesFigure.raw(rs, "reward", CurvesFigure.XAxis.WALL, null, null);
        assertArrayEquals(new double[] {0, 1, 2, 3, 4}, wall.x(), 1e-12);
        Series epochs = CurvesFigure.raw(rs, "reward", CurvesFigure.XAxis.EPOCH, null, null);
        assertArrayEquals(new double[] {0, 0.5, 1, 2, 2.5}, epochs.x(), 1e-12);
        Series epochRecords = CurvesFigure.raw(rs, "reward", CurvesFigure.XAxis.EPOCH, null, MetricRecord.EPOCH);
        // the search's epoch-0 summary sits at the end of that epoch, after pretraining's two epochs:
        // every key shares one x axis, whichever stages it appears in
        assertArrayEquals(new double[] {3}, epochRecords.x());
        assertArrayEquals(new double[] {9}, epochRecords.y());
        assertEquals(List.of("reward"), CurvesFigure.keys(rs));
    }

    @Test
    void hundredThousandPointsAreDecimatedAndDrawnQuickly() {
        List<MetricRecord> rs = new ArrayList<>(100_000);
        for (int i = 0; i < 100_000; i++) {
            double ub = 10 - i / 20_000;
            rs.add(new MetricRecord(
                    "search",
                    MetricRecord.STEP,
                    i / 10_000,
                    i,
                    i,
                    Map.of(
                            "reward",
                            Math.sin(i / 500.0),
                            "latency",
                            ub - 1 + Math.cos(i / 300.0) * 0.5,
                            "ub",
                            ub,
                            "lb",
                            ub - 3),
                    null));
        }
        List<CurvesFigure.Run> runs =
                List.of(new CurvesFigure.Run("a", rs), new CurvesFigure.Run("b", rs.subList(0, 50_000)));
        CurvesFigure f = new CurvesFigure(
                runs, CurvesFigure.Options.of(List.of("reward", "latency")).withLogY(true));
        JFreeChart c = f.chart(FigureStyle.print(9), 800);
        XYPlot latency = ((CombinedDomainXYPlot) c.getPlot()).getSubplots().get(1);
        assertTrue(
                latency.getDataset(0).getItemCount(0) <= 1602,
                "decimated: " + latency.getDataset(0).getItemCount(0));
        assertEquals(2, latency.getDatasetCount()); // lines + UB/LB band
        BufferedImage img = new BufferedImage(900, 700, BufferedImage.TYPE_INT_RGB);
        long best = Long.MAX_VALUE;
        for (int k = 0; k < 3; k++) {
            Graphics2D g = img.createGraphics();
            long t0 = System.nanoTime();
            new CurvesFigure(runs, f.options()).draw(g, new Rectangle2D.Double(0, 0, 900, 700), FigureStyle.screen());
            best = Math.min(best, System.nanoTime() - t0);
            g.dispose();
        }
        System.out.printf("curves, 2 runs x 2 keys, 100 000 points per series: %.0f ms%n", best / 1e6);
        assertTrue(best < 2_000_000_000L, "took " + best / 1e6 + " ms");
        assertEquals(List.of("reward", "latency"), CurvesFigure.defaultKeys(rs));
    }

    @Test
    void thePaneAndTheExportDrawTheSameDefaultSeriesAndNeverTheWindowBoundsAsPanels() {
        // a pretraining: no search curves, so loss and lr first, then the first other key; ub/lb are the band
        assertEquals(
                List.of("loss", "lr", "keep"), CurvesFigure.defaultKeys(List.of("ub", "lb", "keep", "loss", "lr")));
        assertEquals(
                List.of("reward", "accuracy", "latency", "in_window", "entropy", "unique"),
                CurvesFigure.defaultKeys(List.of(
                        "loss", "lb", "reward", "ub", "accuracy", "in_window", "latency", "entropy", "unique", "lr")));
        assertEquals(List.of("a", "b"), CurvesFigure.defaultKeys(List.of("a", "b", "ub")));
    }

    @Test
    void steeringChangesAreMarkedBetweenTheStepsAroundThemWithTheirValues() {
        List<MetricRecord> rs = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            rs.add(step("pretrain", 0, i, 100 + i, 1));
        }
        for (int i = 1; i <= 10; i++) {
            rs.add(step("search", i <= 5 ? 0 : 1, i, 200 + i, 1));
        }
        // applied before search step 8 (the engine's step counter was 7)
        rs.add(new MetricRecord(
                "search",
                MetricRecord.EVENT,
                1,
                7,
                207.5,
                Map.of("steer_ub", 1.2, "steer_beta", 0.05),
                "steered before step 8: UB 1.2 ms, β 0.05 (steer.json)"));
        rs.add(new MetricRecord("search", MetricRecord.EVENT, 0, 2, 202.5, Map.of(), "search resumed from x"));
        List<CurvesFigure.Marker> all = CurvesFigure.markers(rs, CurvesFigure.XAxis.STEP, null);
        assertEquals(1, all.size(), "only the steering event");
        assertEquals(4 + 7, all.get(0).x(), 1e-12, "after pretraining's steps 0–3, at search step 7");
        assertEquals("UB 1.2 ms, β 0.05", all.get(0).label());
        assertTrue(all.get(0).rightHalf());
        List<CurvesFigure.Marker> search = CurvesFigure.markers(rs, CurvesFigure.XAxis.STEP, "search");
        assertEquals(7, search.get(0).x(), 1e-12);
        double e = CurvesFigure.markers(rs, CurvesFigure.XAxis.EPOCH, "search")
                .get(0)
                .x();
        assertTrue(e > 1 && e < 2, "inside epoch 1: " + e);
        // drawn on every panel, labelled on the top one, with a legend entry
        CurvesFigure f = new CurvesFigure(
                List.of(new CurvesFigure.Run("r", rs)),
                CurvesFigure.Options.of(List.of("reward")).withStage("search"));
        JFreeChart c = f.chart();
        XYPlot top = ((CombinedDomainXYPlot) c.getXYPlot()).getSubplots().get(0);
        var markers = top.getDomainMarkers(org.jfree.chart.ui.Layer.FOREGROUND);
        assertEquals(1, markers.size());
        assertEquals(
                "UB 1.2 ms, β 0.05",
                ((org.jfree.chart.plot.ValueMarker) markers.iterator().next()).getLabel());
        boolean legend = false;
        for (var it = c.getXYPlot().getFixedLegendItems().iterator(); it.hasNext(); ) {
            legend |= "steering change".equals(((org.jfree.chart.LegendItem) it.next()).getLabel());
        }
        assertTrue(legend);
    }
}
