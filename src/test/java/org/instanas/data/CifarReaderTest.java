// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.data;

import static org.instanas.data.Fixtures.assertFails;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CifarReaderTest {
    @TempDir
    Path tmp;

    private Path cifar10(Path dir) {
        for (int b = 1; b <= 5; b++) {
            Fixtures.write(dir.resolve("data_batch_" + b + ".bin"), Fixtures.cifar(4, 1, 10), false);
        }
        Fixtures.write(dir.resolve("test_batch.bin"), Fixtures.cifar(3, 1, 10), false);
        return dir;
    }

    @Test
    void cifar10InItsUsualSubfolder() {
        cifar10(tmp.resolve("c10/cifar-10-batches-bin"));
        DatasetSplits d = Datasets.load(tmp.resolve("c10").toString());
        assertEquals("cifar10", d.format());
        assertTrue(d.source().endsWith("cifar-10-batches-bin"));
        assertEquals(20, d.train().size());
        assertEquals(3, d.test().size());
        assertEquals("3×32×32", d.train().shape());
        assertEquals(ClassNames.CIFAR10, d.classNames());
        assertEquals(3, d.mean().length);
        assertTrue(d.flip());
        // batch 2's first record is image 4 overall; its pixels are those of record 0 of that file
        assertEquals(Fixtures.px(0, 1024 + 5), d.train().pixels()[4 * 3072 + 1024 + 5]);
        assertEquals(Fixtures.px(0, 1024 + 5) & 0xff, d.train().pixel(4, 1, 0, 5));
        assertEquals(1, d.train().labels()[5]);
    }

    @Test
    void cifar10MetaNamesAreUsed() throws IOException {
        Path dir = cifar10(tmp.resolve("c"));
        Files.writeString(dir.resolve("batches.meta.txt"), "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n\n");
        assertEquals("j", Datasets.load(dir.toString()).classNames().get(9));
    }

    @Test
    void cifar100UsesFineLabels() {
        Path dir = tmp.resolve("c100/cifar-100-binary");
        Fixtures.write(dir.resolve("train.bin"), Fixtures.cifar(120, 2, 100), false);
        Fixtures.write(dir.resolve("test.bin"), Fixtures.cifar(10, 2, 100), false);
        DatasetSplits d = Datasets.load(tmp.resolve("c100").toString());
        assertEquals("cifar100", d.format());
        assertEquals(100, d.numClasses());
        assertEquals("apple", d.classNames().get(0));
        assertEquals(105 % 100, d.train().labels()[105]);
        assertEquals(Fixtures.px(105, 0), d.train().pixels()[105 * 3072]);
    }

    @Test
    void truncatedCifar() throws IOException {
        Path dir = cifar10(tmp.resolve("t"));
        Path f = dir.resolve("data_batch_3.bin");
        Files.write(f, Arrays.copyOf(Files.readAllBytes(f), 3 * 3073 + 100));
        assertFails(dir, "data_batch_3.bin", "truncated", "3073-byte records");
    }

    @Test
    void cifarLabelOutOfRange() throws IOException {
        Path dir = cifar10(tmp.resolve("l"));
        Path f = dir.resolve("test_batch.bin");
        byte[] data = Files.readAllBytes(f);
        data[2 * 3073] = 10;
        Files.write(f, data);
        assertFails(dir, "test_batch.bin", "record 2: label 10 is out of range 0..9");
    }

    @Test
    void cifar100FineLabelOutOfRange() throws IOException {
        Path dir = tmp.resolve("c100");
        Fixtures.write(dir.resolve("train.bin"), Fixtures.cifar(5, 2, 100), false);
        byte[] test = Fixtures.cifar(5, 2, 100);
        test[3074 + 1] = (byte) 100;
        Fixtures.write(dir.resolve("test.bin"), test, false);
        assertFails(dir, "test.bin", "record 1: label 100 is out of range 0..99");
    }

    @Test
    void missingTestBatch() throws IOException {
        Path dir = cifar10(tmp.resolve("m"));
        Files.delete(dir.resolve("test_batch.bin"));
        assertFails(dir, dir.toString(), "without test_batch.bin");
    }
}
