// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.figure;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import org.instanas.testutil.FakeRun;
import org.junit.jupiter.api.Test;

class ArchitectureFigureTest {
    @Test
    void titleCarriesLatencyAndChangeVersusBaseline() {
        var table = FakeRun.latencyTable();
        String mbv2 = "10000".repeat(17);
        ArchitectureFigure f = new ArchitectureFigure(mbv2, table, null);
        assertTrue(f.title().contains("0%") && f.title().contains(Draw.ms(table.baseline()) + " ms"), f.title());
        ArchitectureFigure empty = new ArchitectureFigure("0".repeat(85), null, new float[85]);
        assertTrue(empty.title().equals("Architecture"), empty.title());
        BufferedImage img = new BufferedImage(300, 600, BufferedImage.TYPE_INT_RGB); // tall and narrow
        Graphics2D g = img.createGraphics();
        empty.draw(g, new Rectangle2D.Double(0, 0, 300, 600), FigureStyle.print(8));
        g.dispose();
        assertThrows(IllegalArgumentException.class, () -> new ArchitectureFigure("01", null, null));
        assertThrows(IllegalArgumentException.class, () -> new ArchitectureFigure(mbv2, null, new float[3]));
    }
}
