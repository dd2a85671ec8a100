// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.data;

import static org.instanas.data.Fixtures.assertFails;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
    @TempDir
    Path tmp;

    @Test
    void rawAndGzipGiveTheSameData() {
        DatasetSplits raw = Datasets.load(
                Fixtures.idx(tmp.resolve("raw"), 30, 12, 5, 4, false).toString());
        DatasetSplits gz = Datasets.load(
                Fixtures.idx(tmp.resolve("gz"), 30, 12, 5, 4, true).toString());
        for (DatasetSplits d : List.of(raw, gz)) {
            assertEquals("idx", d.format());
            assertEquals(30, d.train().size());
            assertEquals(12, d.test().size());
            assertEquals("1×5×4", d.train().shape());
            assertEquals(Fixtures.px(7, 13), d.train().pixels()[7 * 20 + 13]);
            assertEquals(7 % 10, d.train().labels()[7]);
            assertEquals(ClassNames.DIGITS, d.classNames());
            assertFalse(d.flip(), "digits are not flipped");
        }
        assertArrayEquals(raw.train().pixels(), gz.train().pixels());
        assertArrayEquals(raw.mean(), gz.mean());
    }

    @Test
    void gzipIsDetectedByContentNotName() throws IOException {
        Path dir = Fixtures.idx(tmp.resolve("d"), 10, 10, 3, 3, false);
        // gzip data under the raw name, raw data under nothing unusual: both must load
        Path images = dir.resolve("train-images-idx3-ubyte");
        Files.write(images, Fixtures.gzip(Files.readAllBytes(images)));
        assertEquals(10, Datasets.load(dir.toString()).train().size());
    }

    @Test
    void fashionNamesFromFolderNameOrClassesTxt() throws IOException {
        DatasetSplits byName = Datasets.load(
                Fixtures.idx(tmp.resolve("my-fashion-set"), 10, 10, 2, 2, true).toString());
        assertEquals(ClassNames.FASHION_MNIST, byName.classNames());
        assertTrue(byName.flip());
        Path other = Fixtures.idx(tmp.resolve("other"), 10, 10, 2, 2, true);
        Files.writeString(other.resolve("classes.txt"), String.join("\n", ClassNames.FASHION_MNIST) + "\n");
        DatasetSplits byFile = Datasets.load(other.toString());
        assertEquals("Ankle boot", byFile.classNames().get(9));
        assertTrue(byFile.flip());
    }

    @Test
    void normalisationIsMeanAndStdOfTrainPixels() {
        DatasetSplits d =
                Datasets.load(Fixtures.idx(tmp.resolve("n"), 20, 5, 4, 4, false).toString());
        byte[] px = d.train().pixels();
        double s = 0;
        double s2 = 0;
        for (byte b : px) {
            double v = (b & 0xff) / 255.0;
            s += v;
            s2 += v * v;
        }
        double mean = s / px.length;
        assertEquals(mean, d.mean()[0], 1e-6);
        assertEquals(Math.sqrt(s2 / px.length - mean * mean), d.std()[0], 1e-6);
    }

    @Test
    void truncatedImagesRaw() throws IOException {
        Path dir = Fixtures.idx(tmp.resolve("t"), 20, 5, 4, 4, false);
        Path f = dir.resolve("train-images-idx3-ubyte");
        Files.write(f, Arrays.copyOf(Files.readAllBytes(f), 16 + 100));
        assertFails(dir, "train-images-idx3-ubyte", "truncated: expected 320 bytes of image data, found 100");
    }

    @Test
    void truncatedImagesGzip() throws IOException {
        Path dir = Fixtures.idx(tmp.resolve("t"), 20, 5, 4, 4, false);
        Path raw = dir.resolve("train-images-idx3-ubyte");
        byte[] data = Arrays.copyOf(Files.readAllBytes(raw), 16 + 100);
        Files.delete(raw);
        Fixtures.write(dir.resolve("train-images-idx3-ubyte.gz"), data, true);
        assertFails(dir, "train-images-idx3-ubyte.gz", "truncated: expected 320 bytes of image data, found 100");
    }

    @Test
    void trailingGarbage() throws IOException {
        Path dir = Fixtures.idx(tmp.resolve("g"), 20, 5, 4, 4, true);
        Path f = dir.resolve("t10k-images-idx3-ubyte.gz");
        byte[] data = Fixtures.idxImages(5, 4, 4);
        Fixtures.write(f, Arrays.copyOf(data, data.length + 3), true);
        assertFails(dir, "t10k-images-idx3-ubyte.gz", "trailing data");
    }

    @Test
    void wrongMagic() throws IOException {
        Path dir = Fixtures.idx(tmp.resolve("m"), 20, 5, 4, 4, false);
        Path f = dir.resolve("train-images-idx3-ubyte");
        byte[] data = Files.readAllBytes(f);
        ByteBuffer.wrap(data).putInt(0, 0x12345678);
        Files.write(f, data);
        assertFails(dir, "train-images-idx3-ubyte", "wrong magic 0x12345678", "0x00000803");
    }

    @Test
    void labelFileWhereImagesBelong() throws IOException {
        Path dir = Fixtures.idx(tmp.resolve("m"), 20, 5, 4, 4, false);
        Files.write(dir.resolve("train-images-idx3-ubyte"), Fixtures.idxLabels(20, 10));
        assertFails(dir, "train-images-idx3-ubyte", "wrong magic 0x00000801", "label file");
    }

    @Test
    void labelImageCountMismatch() {
        Path dir = Fixtures.idx(tmp.resolve("c"), 20, 5, 4, 4, true);
        Fixtures.write(dir.resolve("train-labels-idx1-ubyte.gz"), Fixtures.idxLabels(19, 10), true);
        assertFails(dir, "train-images-idx3-ubyte.gz", "20 images", "train-labels-idx1-ubyte.gz", "19 labels");
    }

    @Test
    void labelOutOfRange() throws IOException {
        Path dir = Fixtures.idx(tmp.resolve("l"), 20, 5, 4, 4, false);
        Path f = dir.resolve("t10k-labels-idx1-ubyte");
        byte[] data = Files.readAllBytes(f);
        data[8 + 3] = 10;
        Files.write(f, data);
        assertFails(dir, "t10k-labels-idx1-ubyte", "label 10 of item 3 is out of range 0..9");
    }

    @Test
    void missingFile() throws IOException {
        Path dir = Fixtures.idx(tmp.resolve("x"), 20, 5, 4, 4, false);
        Files.delete(dir.resolve("t10k-labels-idx1-ubyte"));
        assertFails(dir, dir.toString(), "missing t10k-labels-idx1-ubyte[.gz]");
    }

    @Test
    void absurdHeaderInSmallGzipFailsBeforeAllocating() {
        Path dir = Fixtures.idx(tmp.resolve("h"), 20, 5, 4, 4, true);
        ByteBuffer b =
                ByteBuffer.allocate(16).putInt(0x803).putInt(20).putInt(100).putInt(100);
        Fixtures.write(dir.resolve("train-images-idx3-ubyte.gz"), b.array(), true);
        assertFails(dir, "train-images-idx3-ubyte.gz", "truncated or corrupt", "promises 200000 bytes");
        b = ByteBuffer.allocate(16).putInt(0x803).putInt(20).putInt(60000).putInt(60000);
        Fixtures.write(dir.resolve("train-images-idx3-ubyte.gz"), b.array(), true);
        assertFails(dir, "train-images-idx3-ubyte.gz", "too large");
    }

    @Test
    void truncatedGzipFile() throws IOException {
        Path dir = tmp.resolve("z");
        Fixtures.idx(dir, 20, 5, 4, 4, true);
        // incompressible pixels, so that cutting the .gz file cuts the image data
        byte[] data = Fixtures.idxImages(2000, 8, 8);
        Random r = new Random(1);
        for (int k = 16; k < data.length; k++) {
            data[k] = (byte) r.nextInt(256);
        }
        Fixtures.write(dir.resolve("train-images-idx3-ubyte.gz"), data, true);
        Fixtures.write(dir.resolve("train-labels-idx1-ubyte.gz"), Fixtures.idxLabels(2000, 10), true);
        Path f = dir.resolve("train-images-idx3-ubyte.gz");
        byte[] gz = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(gz, gz.length / 2));
        DataException e = assertFails(
                dir, "train-images-idx3-ubyte.gz", "truncated: expected 128000 bytes of image " + "data, found ");
        int found = Integer.parseInt(e.getMessage().replaceAll(".*found (\\d+).*", "$1"));
        assertTrue(found > 50000 && found < 70000, e.getMessage());
    }

    @Test
    void corruptGzip() throws IOException {
        Path dir = Fixtures.idx(tmp.resolve("z"), 20, 5, 4, 4, true);
        Path f = dir.resolve("train-images-idx3-ubyte.gz");
        byte[] data = Files.readAllBytes(f);
        for (int k = 12; k < data.length - 8; k++) {
            data[k] ^= (byte) 0x5a;
        }
        Files.write(f, data);
        assertFails(dir, "train-images-idx3-ubyte.gz");
    }
}
