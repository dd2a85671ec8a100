// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.run;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends metric records to {@code metrics.jsonl}, one line each, flushed per line. On opening it
 * cuts off a half-written last line left by a crash, so the file stays a sequence of whole lines.
 */
public final class MetricsWriter implements AutoCloseable {
    private final Path file;
    private final FileChannel channel;

    public MetricsWriter(Path file) throws IOException {
        this.file = file;
        Files.createDirectories(file.toAbsolutePath().getParent());
        repairTail(file);
        this.channel =
                FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    /** Truncates the file after its last newline (a crash may have left a partial line). */
    static void repairTail(Path file) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            long len = raf.length();
            long pos = len;
            while (pos > 0) {
                raf.seek(pos - 1);
                if (raf.read() == '\n') {
                    break;
                }
                pos--;
            }
            if (pos != len) {
                raf.setLength(pos);
            }
        }
    }

    public Path file() {
        return file;
    }

    public synchronized void append(MetricRecord r) throws IOException {
        byte[] bytes = (MetricsFile.toLine(r) + "\n").getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
            channel.write(buf);
        }
    }

    /** Forces appended lines to disk (called at checkpoints). */
    public synchronized void sync() throws IOException {
        channel.force(false);
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }
}
