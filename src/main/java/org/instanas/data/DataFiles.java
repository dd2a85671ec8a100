// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/** Small I/O helpers shared by the readers: gzip detection by magic bytes and errors naming the file. */
final class DataFiles {
    /** The largest array the JVM reliably allocates. */
    static final long MAX_ARRAY = Integer.MAX_VALUE - 16;
    /** Deflate cannot expand more than ~1032:1; a header claiming more than this is corrupt. */
    static final long MAX_GZIP_RATIO = 1100;

    private static final int BUFFER = 1 << 16;

    private DataFiles() {}

    /** Whether the file starts with the gzip magic bytes 1f 8b. */
    static boolean isGzip(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(2);
            return head.length == 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b;
        } catch (IOException e) {
            throw io(file, e);
        }
    }

    /**
     * A buffered stream over the file, decompressed if it is gzip (by content, not by name). The gzip
     * stream is not wrapped again, so that a short read reports exactly the bytes that were there.
     */
    static InputStream open(Path file) {
        boolean gz = isGzip(file);
        try {
            InputStream raw = new BufferedInputStream(Files.newInputStream(file), BUFFER);
            return gz ? new GZIPInputStream(raw, BUFFER) : raw;
        } catch (IOException e) {
            throw io(file, e);
        }
    }

    /** A buffered stream over the file as it is (no decompression). */
    static InputStream openRaw(Path file) {
        try {
            return new BufferedInputStream(Files.newInputStream(file), BUFFER);
        } catch (IOException e) {
            throw io(file, e);
        }
    }

    static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw io(file, e);
        }
    }

    /**
     * Reads up to n bytes into dst[off..off+n) and returns how many were there: fewer at the end of the file,
     * including a gzip stream that ends early (a truncated .gz file).
     */
    static int readFully(Path file, InputStream in, byte[] dst, int off, int n) {
        int got = 0;
        try {
            while (got < n) {
                int r = in.read(dst, off + got, n - got);
                if (r < 0) {
                    break;
                }
                got += r;
            }
        } catch (EOFException e) {
            return got;
        } catch (IOException e) {
            throw io(file, e);
        }
        return got;
    }

    /** Whether any byte is left in the stream. */
    static boolean hasMore(Path file, InputStream in) {
        try {
            return in.read() >= 0;
        } catch (IOException e) {
            throw io(file, e);
        }
    }

    static DataException io(Path file, IOException e) {
        String what;
        if (e instanceof NoSuchFileException) {
            what = "no such file";
        } else if (e instanceof AccessDeniedException) {
            what = "permission denied";
        } else if (e instanceof ZipException || e instanceof EOFException) {
            what = "corrupt gzip data (" + e.getMessage() + ")";
        } else {
            what = "cannot read: " + e.getMessage();
        }
        return new DataException(file + ": " + what, e);
    }

    static DataException error(Path file, String problem) {
        return new DataException(file + ": " + problem);
    }

    static int bigEndianInt(byte[] b, int off) {
        return ((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
    }
}
