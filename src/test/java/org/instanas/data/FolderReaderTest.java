// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.data;

import static org.instanas.data.Fixtures.assertFails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderReaderTest {
    @TempDir
    Path tmp;

    static void rgb(Path file, int w, int h, Color fill, String format) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(fill);
        g.fillRect(0, 0, w, h);
        g.dispose();
        img.setRGB(1, 2, 0x102030);
        Files.createDirectories(file.getParent());
        assertTrue(ImageIO.write(img, format, file.toFile()));
    }

    static void gray(Path file, int w, int h, int value) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.getRaster().setSample(x, y, 0, (value + x + y) & 0xff);
            }
        }
        Files.createDirectories(file.getParent());
        assertTrue(ImageIO.write(img, "png", file.toFile()));
    }

    @Test
    void trainTestFoldersWithPngAndJpegOfDifferentSizes() throws IOException {
        Path root = tmp.resolve("set");
        rgb(root.resolve("train/cat/a.png"), 12, 10, Color.RED, "png");
        rgb(root.resolve("train/cat/b.jpg"), 30, 25, new Color(0, 200, 0), "jpg");
        rgb(root.resolve("train/dog/c.jpeg"), 24, 20, Color.BLUE, "jpg");
        rgb(root.resolve("val/dog/d.png"), 12, 10, Color.WHITE, "png");
        DatasetSplits d = Datasets.load(root.toString());
        assertEquals("folder", d.format());
        assertEquals(List.of("cat", "dog"), d.classNames());
        assertEquals("3×10×12", d.train().shape(), "the first image's size");
        assertEquals(3, d.train().size());
        assertEquals(1, d.test().size());
        assertEquals(1, d.test().labels()[0]);
        ImageSet t = d.train();
        // the PNG of the target size is copied exactly
        assertEquals(255, t.pixel(0, 0, 5, 5));
        assertEquals(0, t.pixel(0, 1, 5, 5));
        assertEquals(0x10, t.pixel(0, 0, 2, 1));
        assertEquals(0x20, t.pixel(0, 1, 2, 1));
        assertEquals(0x30, t.pixel(0, 2, 2, 1));
        // the resized JPEG keeps its colour away from the odd pixel
        assertEquals(200, t.pixel(1, 1, 8, 8), 6);
        assertEquals(0, t.pixel(1, 0, 8, 8), 6);
        assertEquals(255, t.pixel(2, 2, 8, 8), 6);
        assertTrue(d.flip());
    }

    @Test
    void classFoldersAreSplitEverySixthAndGrayStaysGray() throws IOException {
        Path root = tmp.resolve("g");
        for (int i = 0; i < 7; i++) {
            gray(root.resolve("a/img" + i + ".png"), 8, 6, 10 * i);
        }
        for (int i = 0; i < 12; i++) {
            gray(root.resolve("b/img" + String.format("%02d", i) + ".png"), 8, 6, 100 + i);
        }
        DatasetSplits d = Datasets.load(root.toString());
        assertEquals("1×6×8", d.train().shape());
        assertEquals(6 + 10, d.train().size());
        assertEquals(1 + 2, d.test().size());
        // test holds a/img5, b/img05, b/img11; gray values come through without gamma changes
        assertEquals(50 + 3 + 2, d.test().pixel(0, 0, 2, 3));
        assertEquals(105, d.test().pixel(1, 0, 0, 0));
        assertEquals(111, d.test().pixel(2, 0, 0, 0));
        assertEquals(
                List.of(0, 1, 1),
                List.of(d.test().labels()[0], d.test().labels()[1], d.test().labels()[2]));
    }

    @Test
    void requestedSizeAndMixedColourGiveRgb() throws IOException {
        Path root = tmp.resolve("m");
        gray(root.resolve("a/1.png"), 20, 20, 77);
        rgb(root.resolve("b/2.png"), 40, 30, Color.YELLOW, "png");
        DatasetSplits d = Datasets.load(root.toString(), 16, 16);
        assertEquals("3×16×16", d.train().shape());
        assertEquals(d.train().pixel(0, 0, 0, 0), d.train().pixel(0, 2, 0, 0), "gray replicated");
        assertEquals(77, d.train().pixel(0, 1, 0, 0), 3);
    }

    @Test
    void emptyFolder() throws IOException {
        Path root = Files.createDirectories(tmp.resolve("empty"));
        assertFails(root, root.toString(), "empty folder");
    }

    @Test
    void trainFolderWithoutClasses() throws IOException {
        Path root = tmp.resolve("e");
        Files.createDirectories(root.resolve("train"));
        Files.createDirectories(root.resolve("test"));
        assertFails(root, root.resolve("train").toString(), "empty: no class folders");
    }

    @Test
    void classFolderWithoutImages() throws IOException {
        Path root = tmp.resolve("c");
        gray(root.resolve("a/1.png"), 4, 4, 1);
        Files.createDirectories(root.resolve("b"));
        assertFails(root, root.resolve("b").toString(), "class folder without images");
    }

    @Test
    void nonImageFile() throws IOException {
        Path root = tmp.resolve("n");
        gray(root.resolve("a/1.png"), 4, 4, 1);
        Files.writeString(root.resolve("a/notes.txt"), "hello");
        assertFails(root, root.resolve("a/notes.txt").toString(), "not an image");
    }

    @Test
    void unreadableImage() throws IOException {
        Path root = tmp.resolve("u");
        gray(root.resolve("a/1.png"), 4, 4, 1);
        Files.writeString(root.resolve("a/2.png"), "this is not a PNG");
        assertFails(root, root.resolve("a/2.png").toString(), "not a readable image");
    }

    @Test
    void trainWithoutTest() throws IOException {
        Path root = tmp.resolve("t");
        gray(root.resolve("train/a/1.png"), 4, 4, 1);
        assertFails(root, root.toString(), "no test/ or val/");
    }
}
