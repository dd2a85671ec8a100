// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.figure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.instanas.analysis.DifficultyCalibration;
import org.instanas.run.RoutingRow;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.SymbolAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.Test;

class CalibrationFigureTest {
    private static RoutingRow row(int index, int label, boolean correct, double latency) {
        return new RoutingRow(
                index, label, correct ? label : (label + 1) % 3, correct, latency, 0, "", Double.NaN, null);
    }

    @Test
    void eachClassIsARowWithItsCorrelationAndTheBaselinesErrorsToTheRightWhenSlower() throws Exception {
        Random rnd = new Random(5);
        List<RoutingRow> routed = new ArrayList<>();
        List<RoutingRow> baseline = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            int label = i % 3;
            boolean wrong = rnd.nextDouble() < 0.2;
            // class 0: the baseline's errors get slower routes; class 1: faster; class 2: no errors
            double lat = 2 + rnd.nextDouble() + (wrong && label == 0 ? 1 : 0) - (wrong && label == 1 ? 1 : 0);
            routed.add(row(i, label, true, lat));
            baseline.add(row(i, label, label == 2 || !wrong, 3));
        }
        DifficultyCalibration cal = DifficultyCalibration.of(routed, baseline, List.of("Tee", "Bag", "Boot"));
        CalibrationFigure f = new CalibrationFigure(cal, "variant against baseline");
        JFreeChart c = f.chart(FigureStyle.print(9));
        XYPlot p = c.getXYPlot();
        String[] labels = ((SymbolAxis) p.getRangeAxis()).getSymbols();
        assertEquals(4, labels.length);
        assertTrue(labels[3].startsWith("all images  ρ "), labels[3]);
        assertTrue(labels[2].startsWith("Tee  ρ +"), "class 0 on top, positive: " + labels[2]);
        assertTrue(labels[1].startsWith("Bag  ρ −"), labels[1]);
        assertTrue(labels[0].startsWith("Boot  ρ –  (0/100 wrong)"), "no errors, no correlation: " + labels[0]);
        XYDataset d = p.getDataset();
        assertEquals(4, d.getItemCount(0), "every row has images the baseline gets right");
        assertEquals(3, d.getItemCount(1), "the class without errors has no filled dot");
        // Tee: the errors' mean lies right of the successes'
        double teeEasy = Double.NaN;
        double teeHard = Double.NaN;
        for (int s = 0; s < 2; s++) {
            for (int i = 0; i < d.getItemCount(s); i++) {
                if (d.getYValue(s, i) == 2) {
                    if (s == 0) {
                        teeEasy = d.getXValue(s, i);
                    } else {
                        teeHard = d.getXValue(s, i);
                    }
                }
            }
        }
        assertTrue(teeHard > teeEasy + 0.5, teeEasy + " " + teeHard);
        BufferedImage img = new BufferedImage(700, 360, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        f.draw(g, new Rectangle2D.Double(0, 0, 700, 360), FigureStyle.screen());
        g.dispose();
        Path out = Path.of("target", "calibration-figure.png");
        Files.createDirectories(out.getParent());
        ImageIO.write(img, "png", out.toFile());
    }
}
