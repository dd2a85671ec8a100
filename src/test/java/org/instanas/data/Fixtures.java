// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/** Writers for small datasets in the real formats, and the "nothing was written" check. */
final class Fixtures {
    private Fixtures() {}

    /** Pixel value of image i at byte k: deterministic, varied. */
    static byte px(int i, int k) {
        return (byte) (i * 31 + k * 7);
    }

    static byte[] idxImages(int n, int rows, int cols) {
        ByteBuffer b = ByteBuffer.allocate(16 + n * rows * cols);
        b.putInt(0x803).putInt(n).putInt(rows).putInt(cols);
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < rows * cols; k++) {
                b.put(px(i, k));
            }
        }
        return b.array();
    }

    static byte[] idxLabels(int n, int classes) {
        ByteBuffer b = ByteBuffer.allocate(8 + n);
        b.putInt(0x801).putInt(n);
        for (int i = 0; i < n; i++) {
            b.put((byte) (i % classes));
        }
        return b.array();
    }

    /** Writes the four IDX files (gzip or raw, standard names). */
    static Path idx(Path dir, int train, int test, int rows, int cols, boolean gzip) {
        write(dir.resolve("train-images-idx3-ubyte" + (gzip ? ".gz" : "")), idxImages(train, rows, cols), gzip);
        write(dir.resolve("train-labels-idx1-ubyte" + (gzip ? ".gz" : "")), idxLabels(train, 10), gzip);
        write(dir.resolve("t10k-images-idx3-ubyte" + (gzip ? ".gz" : "")), idxImages(test, rows, cols), gzip);
        write(dir.resolve("t10k-labels-idx1-ubyte" + (gzip ? ".gz" : "")), idxLabels(test, 10), gzip);
        return dir;
    }

    /** CIFAR records: labelBytes label bytes (the last is label(i)), then 3072 pixels. */
    static byte[] cifar(int n, int labelBytes, int classes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < n; i++) {
            if (labelBytes == 2) {
                out.write(i % 20);
            }
            out.write(i % classes);
            for (int k = 0; k < 3072; k++) {
                out.write(px(i, k));
            }
        }
        return out.toByteArray();
    }

    static void write(Path file, byte[] data, boolean gzip) {
        try {
            Files.createDirectories(file.getParent());
            if (!gzip) {
                Files.write(file, data);
                return;
            }
            try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(file))) {
                o.write(data);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] gzip(byte[] data) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (OutputStream o = new GZIPOutputStream(b)) {
            o.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toByteArray();
    }

    /** Every path under root with its size and modification time. */
    static Map<String, String> listing(Path root) {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.toList()) {
                m.put(
                        root.relativize(p).toString(),
                        Files.isDirectory(p)
                                ? "dir"
                                : Files.size(p) + " "
                                        + Files.getLastModifiedTime(p).toMillis());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return m;
    }

    /**
     * Loading {@code root} fails with a DataException whose message contains every fragment (file name and
     * problem), and the folder is left exactly as it was.
     */
    static DataException assertFails(Path root, String... fragments) {
        Map<String, String> before = listing(root);
        DataException e = assertThrows(DataException.class, () -> Datasets.load(root.toString()));
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), () -> "'" + e.getMessage() + "' should mention '" + f + "'");
        }
        assertEquals(before, listing(root), "nothing may be written");
        return e;
    }
}
