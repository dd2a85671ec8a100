// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.gallery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.geom.Rectangle2D;
import java.nio.file.Path;
import java.util.List;
import org.instanas.figure.FigureStyle;
import org.instanas.figure.GalleryFigure;
import org.instanas.run.RoutingRow;
import org.instanas.ui.routing.RoutingFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GalleryViewModelTest {
    @TempDir
    Path tmp;

    RoutingFixture f;
    GalleryViewModel vm;

    @BeforeEach
    void setUp() {
        f = RoutingFixture.create(tmp.resolve("run"));
        vm = new GalleryViewModel(Runnable::run, Runnable::run);
        vm.update(f.data);
    }

    @Test
    void defaultIsFiveClassesOfTenFromFastToSlow() {
        assertEquals(5, vm.shownClasses().size());
        assertEquals(50, vm.imageCount());
        for (GalleryFigure.Row row : vm.figureProperty().get().rows()) {
            List<RoutingRow> im = row.images();
            assertEquals(10, im.size());
            for (int k = 1; k < im.size(); k++) {
                assertTrue(im.get(k - 1).latencyMs() <= im.get(k).latencyMs());
            }
            // first and last are the class's fastest and slowest
            int label = im.get(0).label();
            List<RoutingRow> all = vm.evaluation().rows();
            double min = all.stream()
                    .filter(r -> r.label() == label)
                    .mapToDouble(RoutingRow::latencyMs)
                    .min()
                    .orElseThrow();
            double max = all.stream()
                    .filter(r -> r.label() == label)
                    .mapToDouble(RoutingRow::latencyMs)
                    .max()
                    .orElseThrow();
            assertEquals(min, im.get(0).latencyMs());
            assertEquals(max, im.get(im.size() - 1).latencyMs());
        }
    }

    @Test
    void classesAndImagesPerRowGiveNTimesClasses() {
        vm.showClasses(List.of(7, 1, 3));
        vm.perRowProperty().set(4);
        assertEquals(List.of(1, 3, 7), vm.shownClasses());
        assertEquals(12, vm.imageCount());
        assertEquals(
                List.of("automobile", "cat", "horse"),
                vm.figureProperty().get().rows().stream()
                        .map(GalleryFigure.Row::label)
                        .toList());
        vm.showClasses(List.of());
        assertNull(vm.figureProperty().get());
        assertEquals("Choose at least one class.", vm.emptyText());
    }

    @Test
    void easiestAndHardestOverall() {
        vm.modeProperty().set(GalleryViewModel.Mode.EXTREMES);
        vm.perRowProperty().set(6);
        List<GalleryFigure.Row> rows = vm.figureProperty().get().rows();
        assertEquals(2, rows.size());
        assertEquals(12, vm.imageCount());
        double fastest = vm.evaluation().rows().stream()
                .mapToDouble(RoutingRow::latencyMs)
                .min()
                .orElseThrow();
        assertEquals(fastest, rows.get(0).images().get(0).latencyMs());
    }

    @Test
    void clickingAPictureSelectsExactlyThatImage() {
        FigureStyle s = FigureStyle.screen();
        double w = 900;
        double h = 620;
        for (GalleryFigure.Row row : vm.figureProperty().get().rows()) {
            for (RoutingRow r : List.of(
                    row.images().get(0), row.images().get(5), row.images().get(9))) {
                vm.selectedProperty().set(r);
                Rectangle2D b = vm.selectedBounds(w, h, s);
                assertNotNull(b, "image " + r.index() + " is drawn");
                assertTrue(b.getWidth() > 20 && b.getHeight() > 20, "a picture, not a stray pixel: " + b);
                vm.selectedProperty().set(null);
                assertSame(r, vm.clickAt(b.getCenterX(), b.getCenterY(), w, h, s));
                assertSame(r, vm.selectedProperty().get());
            }
        }
        assertNull(vm.clickAt(2, 2, w, h, s)); // the title area
        assertNull(vm.selectedProperty().get());
    }

    @Test
    void pickColoursSurviveSmoothing() {
        for (int slot : new int[] {1, 17, 255, 1000, 4094}) {
            int rgb = GalleryPicker.encode(slot);
            assertEquals(slot, GalleryPicker.decode(rgb));
            int off = rgb + 0x020202; // a small rounding error in every channel
            assertEquals(slot, GalleryPicker.decode(off));
        }
        assertEquals(0, GalleryPicker.decode(0xffffff));
    }
}
