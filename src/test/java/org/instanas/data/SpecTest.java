// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecTest {
    @TempDir
    Path tmp;

    @Test
    void bundledSample() {
        assertEquals(Path.of("samples", "fashion-mnist"), Datasets.resolve("samples"));
        DatasetSplits d = Datasets.load("samples");
        assertEquals("samples", d.spec());
        assertEquals("idx", d.format());
        assertEquals(6000, d.train().size());
        assertEquals(1000, d.test().size());
        assertEquals("1×28×28", d.train().shape());
        assertEquals(ClassNames.FASHION_MNIST, d.classNames());
        assertArrayEquals(
                new int[] {600, 600, 600, 600, 600, 600, 600, 600, 600, 600},
                d.train().classCounts(10));
        assertArrayEquals(
                new int[] {100, 100, 100, 100, 100, 100, 100, 100, 100, 100},
                d.test().classCounts(10));
        assertTrue(d.flip());
        assertEquals(0.286, d.mean()[0], 0.01);
        assertEquals(0.353, d.std()[0], 0.01);
    }

    @Test
    void samplesOverrideByProperty() {
        Path dir = Fixtures.idx(tmp.resolve("mine/fashion-mnist"), 10, 10, 4, 4, true);
        String old = System.getProperty("instanas.samples");
        try {
            System.setProperty("instanas.samples", tmp.resolve("mine").toString());
            assertEquals(dir, Datasets.resolve("samples"));
            System.setProperty("instanas.samples", tmp.resolve("nowhere").toString());
            DataException e = assertThrows(DataException.class, () -> Datasets.resolve("samples"));
            assertTrue(e.getMessage().contains("nowhere"), e.getMessage());
        } finally {
            if (old == null) {
                System.clearProperty("instanas.samples");
            } else {
                System.setProperty("instanas.samples", old);
            }
        }
    }

    @Test
    void unknownSpec() {
        List<String> before = topLevel();
        DataException e = assertThrows(DataException.class, () -> Datasets.load("no-such-dataset-xyz"));
        assertTrue(e.getMessage().startsWith("unknown dataset 'no-such-dataset-xyz'"), e.getMessage());
        for (String form : new String[] {"IDX", "CIFAR", "class sub-folders", "'samples'", "'fashion-mnist'"}) {
            assertTrue(e.getMessage().contains(form), e.getMessage());
        }
        assertFalse(Files.exists(Path.of("no-such-dataset-xyz")));
        assertEquals(before, topLevel(), "nothing may be written");
    }

    /** The working folder's entries, without build folders (other builds may change them meanwhile). */
    private static List<String> topLevel() {
        try (Stream<Path> s = Files.list(Path.of("."))) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith("target"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void specIsAFile() throws IOException {
        Path f = Files.writeString(tmp.resolve("data.bin"), "x");
        DataException e = assertThrows(DataException.class, () -> Datasets.load(f.toString()));
        assertTrue(e.getMessage().startsWith(f + ": is a file"), e.getMessage());
    }

    @Test
    void namedDatasetNotInstalledSaysHowToGetIt() {
        assumeFalse(Files.isDirectory(Path.of("/usr/share/datasets/mnist")));
        String home = System.getProperty("user.home");
        try {
            System.setProperty("user.home", tmp.toString());
            DataException e = assertThrows(DataException.class, () -> Datasets.load("mnist"));
            assertTrue(e.getMessage().contains("mnist is not installed"), e.getMessage());
            assertTrue(e.getMessage().contains(".instanas/datasets/mnist"), e.getMessage());
        } finally {
            System.setProperty("user.home", home);
        }
    }

    @Test
    void namedDatasetFromDatasetsProperty() {
        Fixtures.idx(tmp.resolve("mnist"), 10, 10, 4, 4, false);
        try {
            System.setProperty("instanas.datasets", tmp.toString());
            DatasetSplits d = Datasets.load("MNIST");
            assertEquals(ClassNames.DIGITS, d.classNames());
            assertFalse(d.flip());
        } finally {
            System.clearProperty("instanas.datasets");
        }
    }
}
