// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.figure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.instanas.analysis.Projection;
import org.instanas.analysis.ProjectionResult;
import org.instanas.run.RunSnapshot;
import org.instanas.testutil.FakeRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FiguresTest {
    @Test
    void packOfAFakeRunHasEveryFigureAndEachDraws(@TempDir Path dir) {
        FakeRun run = FakeRun.create(dir.resolve("run"));
        RunSnapshot snap = RunSnapshot.load(run.dir);
        ProjectionResult proj =
                Projection.run(run.rows(), Projection.Params.tsne().withIterations(300));
        Map<String, Figure> pack =
                new LinkedHashMap<>(Figures.forRun(snap, null, run.thumbnails(), proj, run.classNames));
        // the calibration needs a second run, the baseline trained alone
        FakeRun base = FakeRun.create(dir.resolve("base"), 500, 10, 300, 1, 8);
        pack.put("calibration", Figures.calibration(snap, run.newest(), RunSnapshot.load(base.dir), run.classNames));
        assertEquals(Figures.IDS, pack.keySet().stream().toList());
        for (Map.Entry<String, Figure> e : pack.entrySet()) {
            assertEquals(e.getKey(), e.getValue().id());
            assertTrue(!e.getValue().title().isBlank());
            for (FigureStyle s :
                    new FigureStyle[] {FigureStyle.screen(), FigureStyle.screenDark(), FigureStyle.print(8)}) {
                BufferedImage img = new BufferedImage(640, 420, BufferedImage.TYPE_INT_RGB);
                Graphics2D g = img.createGraphics();
                e.getValue().draw(g, new Rectangle2D.Double(0, 0, 640, 420), s);
                g.dispose();
                assertTrue(distinctColours(img) > 3, e.getKey() + " drew next to nothing");
            }
        }
        // without projection and images: no map, the rest still there; the newest evaluation is the fine-tuned one
        Map<String, Figure> plain = Figures.forRun(snap, null, null, null);
        assertTrue(!plain.containsKey("map") && plain.containsKey("gallery"));
        assertEquals(run.newest(), Figures.evaluation(snap, null).checkpoint());
        assertEquals(
                run.checkpoints.get(0),
                Figures.evaluation(snap, run.checkpoints.get(0)).checkpoint());
    }

    static int distinctColours(BufferedImage img) {
        Set<Integer> s = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 3) {
            for (int x = 0; x < img.getWidth(); x += 3) {
                s.add(img.getRGB(x, y));
            }
        }
        return s.size();
    }
}
