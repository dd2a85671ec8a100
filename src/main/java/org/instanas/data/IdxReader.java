// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * MNIST-style IDX files, raw or gzip (detected by content): {@code 0x00000803} images (count, rows,
 * cols, then uint8 pixels) and {@code 0x00000801} labels (count, then one uint8 per image). Headers,
 * counts and lengths are checked before the pixel array is allocated; trailing bytes are an error.
 */
final class IdxReader {
    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;
    /** Standard file names; the first of each pair is the form Fashion-MNIST and Debian use. */
    private static final String[][] STEMS = {
        {"train-images-idx3-ubyte", "train-images.idx3-ubyte"},
        {"train-labels-idx1-ubyte", "train-labels.idx1-ubyte"},
        {"t10k-images-idx3-ubyte", "t10k-images.idx3-ubyte"},
        {"t10k-labels-idx1-ubyte", "t10k-labels.idx1-ubyte"}
    };

    private IdxReader() {}

    /** The four files (train images, train labels, test images, test labels), or null if the folder has none. */
    static Path[] find(Path dir) {
        Path[] found = new Path[STEMS.length];
        List<String> missing = new ArrayList<>();
        int present = 0;
        for (int k = 0; k < STEMS.length; k++) {
            for (String stem : STEMS[k]) {
                for (String name : new String[] {stem, stem + ".gz"}) {
                    Path p = dir.resolve(name);
                    if (found[k] == null && Files.isRegularFile(p)) {
                        found[k] = p;
                    }
                }
            }
            if (found[k] == null) {
                missing.add(STEMS[k][0] + "[.gz]");
            } else {
                present++;
            }
        }
        if (present == 0) {
            return null;
        }
        if (!missing.isEmpty()) {
            throw new DataException(dir + ": incomplete IDX dataset: missing " + String.join(", ", missing));
        }
        return found;
    }

    /** Reads one split; every label must lie in 0..numClasses-1. */
    static ImageSet read(Path images, Path labels, int numClasses) {
        try (InputStream li = DataFiles.open(labels);
                InputStream ii = DataFiles.open(images)) {
            byte[] lh = header(labels, li, 8);
            checkMagic(labels, lh, LABELS_MAGIC, "label");
            int n = count(labels, DataFiles.bigEndianInt(lh, 4));
            byte[] ih = header(images, ii, 16);
            checkMagic(images, ih, IMAGES_MAGIC, "image");
            int n2 = count(images, DataFiles.bigEndianInt(ih, 4));
            int rows = DataFiles.bigEndianInt(ih, 8);
            int cols = DataFiles.bigEndianInt(ih, 12);
            if (rows <= 0 || cols <= 0 || rows > 65535 || cols > 65535) {
                throw DataFiles.error(images, "bad image size " + rows + "x" + cols + " in the header");
            }
            if (n != n2) {
                throw DataFiles.error(images, n2 + " images but " + labels + " holds " + n + " labels");
            }
            long pixelBytes = (long) n * rows * cols;
            if (pixelBytes > DataFiles.MAX_ARRAY) {
                throw DataFiles.error(images, "too large: " + pixelBytes + " bytes of image data");
            }
            checkLength(labels, 8, n, "label");
            checkLength(images, 16, pixelBytes, "image");
            byte[] lab = new byte[n];
            int got = DataFiles.readFully(labels, li, lab, 0, n);
            if (got < n) {
                throw DataFiles.error(labels, "truncated: expected " + n + " bytes of label data, found " + got);
            }
            if (DataFiles.hasMore(labels, li)) {
                throw DataFiles.error(labels, "trailing data after " + n + " labels");
            }
            int[] out = new int[n];
            for (int i = 0; i < n; i++) {
                out[i] = lab[i] & 0xff;
                if (out[i] >= numClasses) {
                    throw DataFiles.error(
                            labels, "label " + out[i] + " of item " + i + " is out of range 0.." + (numClasses - 1));
                }
            }
            byte[] pixels = new byte[(int) pixelBytes];
            got = DataFiles.readFully(images, ii, pixels, 0, pixels.length);
            if (got < pixels.length) {
                throw DataFiles.error(
                        images, "truncated: expected " + pixelBytes + " bytes of image data, found " + got);
            }
            if (DataFiles.hasMore(images, ii)) {
                throw DataFiles.error(images, "trailing data after " + n + " images of " + rows + "x" + cols);
            }
            return new ImageSet(1, rows, cols, pixels, out);
        } catch (IOException e) {
            throw DataFiles.io(images, e);
        }
    }

    private static byte[] header(Path file, InputStream in, int size) {
        byte[] h = new byte[size];
        int got = DataFiles.readFully(file, in, h, 0, size);
        if (got < size) {
            throw DataFiles.error(file, "truncated: expected a " + size + "-byte IDX header, found " + got + " bytes");
        }
        return h;
    }

    private static void checkMagic(Path file, byte[] h, int want, String kind) {
        int magic = DataFiles.bigEndianInt(h, 0);
        if (magic != want) {
            String hint = magic == IMAGES_MAGIC
                    ? " (that is an IDX image file)"
                    : magic == LABELS_MAGIC ? " (that is an IDX label file)" : "";
            throw DataFiles.error(
                    file,
                    String.format("wrong magic 0x%08x%s: expected 0x%08x for IDX %s data", magic, hint, want, kind));
        }
    }

    private static int count(Path file, int n) {
        if (n < 0) {
            throw DataFiles.error(file, "bad item count " + Integer.toUnsignedString(n) + " in the header");
        }
        return n;
    }

    /** For raw files the length must be exact; for gzip the claim must be possible for the compressed size. */
    private static void checkLength(Path file, int headerBytes, long dataBytes, String kind) {
        long size = DataFiles.size(file);
        if (DataFiles.isGzip(file)) {
            if (dataBytes > size * DataFiles.MAX_GZIP_RATIO) {
                throw DataFiles.error(
                        file,
                        "truncated or corrupt: the header promises " + dataBytes + " bytes of " + kind
                                + " data, more than a " + size + "-byte gzip file can hold");
            }
            return;
        }
        long found = size - headerBytes;
        if (found < dataBytes) {
            throw DataFiles.error(
                    file, "truncated: expected " + dataBytes + " bytes of " + kind + " data, found " + found);
        }
        if (found > dataBytes) {
            throw DataFiles.error(
                    file, "trailing data: expected " + dataBytes + " bytes of " + kind + " data, found " + found);
        }
    }
}
