// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Reading and writing {@code metrics.jsonl}: one flat JSON object per line with the keys
 * {@code stage, kind, epoch, step, time}, an optional {@code message} and numeric values.
 */
public final class MetricsFile {
    private static final Set<String> FIXED = Set.of("stage", "kind", "epoch", "step", "time", "message");

    private MetricsFile() {}

    public static String toLine(MetricRecord r) {
        ObjectNode o = Json.LINE.createObjectNode();
        o.put("stage", r.stage());
        o.put("kind", r.kind());
        o.put("epoch", r.epoch());
        o.put("step", r.step());
        o.put("time", r.time());
        if (r.message() != null) {
            o.put("message", r.message());
        }
        for (Map.Entry<String, Double> e : r.values().entrySet()) {
            double v = e.getValue();
            if (Double.isFinite(v)) {
                o.put(e.getKey(), v);
            } else {
                o.put(e.getKey(), Double.isNaN(v) ? "NaN" : (v > 0 ? "Infinity" : "-Infinity"));
            }
        }
        try {
            return Json.LINE.writeValueAsString(o);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses one line; returns null (and reports through {@code warn}) when it is not a metric record. */
    public static MetricRecord parse(String line, Consumer<String> warn) {
        if (line.isBlank()) {
            return null;
        }
        try {
            JsonNode n = Json.LINE.readTree(line);
            if (n == null || !n.isObject() || !n.hasNonNull("stage") || !n.has("step")) {
                warn.accept("not a metric record: " + abbreviate(line));
                return null;
            }
            Map<String, Double> values = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (FIXED.contains(e.getKey())) {
                    continue;
                }
                JsonNode v = e.getValue();
                // records written before the key was settled use an older name of "unique"
                String key = Metric.UNIQUE_OLD_NAMES.contains(e.getKey()) ? Metric.UNIQUE : e.getKey();
                if (v.isNumber()) {
                    values.put(key, v.asDouble());
                } else if (v.isTextual()) {
                    switch (v.asText()) {
                        case "NaN" -> values.put(key, Double.NaN);
                        case "Infinity" -> values.put(key, Double.POSITIVE_INFINITY);
                        case "-Infinity" -> values.put(key, Double.NEGATIVE_INFINITY);
                        default -> {}
                    }
                }
            }
            return new MetricRecord(
                    n.get("stage").asText(),
                    n.path("kind").asText(MetricRecord.STEP),
                    n.path("epoch").asInt(0),
                    n.path("step").asLong(0),
                    n.path("time").asDouble(0),
                    values,
                    n.hasNonNull("message") ? n.get("message").asText() : null);
        } catch (IOException | RuntimeException e) {
            warn.accept("malformed line ignored: " + abbreviate(line));
            return null;
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }

    /** Reads every complete line of a metrics file; malformed lines are skipped with a warning. */
    public static List<MetricRecord> readAll(Path file, Consumer<String> warn) throws IOException {
        Tail tail = new Tail(file);
        List<MetricRecord> out = new ArrayList<>();
        tail.poll(out::add, warn);
        return out;
    }

    /**
     * Incremental reader of a growing metrics file. Each {@link #poll} returns the records of the
     * complete lines appended since the previous call; a trailing line without a newline is left for
     * later (it may still be being written).
     */
    public static final class Tail {
        private final Path file;
        private long offset;
        private int lineNo;

        public Tail(Path file) {
            this.file = file;
        }

        public long offset() {
            return offset;
        }

        public synchronized int poll(Consumer<MetricRecord> sink, Consumer<String> warn) throws IOException {
            if (!Files.exists(file)) {
                return 0;
            }
            int count = 0;
            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
                long len = raf.length();
                if (len < offset) { // file replaced (truncated): start again
                    offset = 0;
                    lineNo = 0;
                }
                if (len == offset) {
                    return 0;
                }
                byte[] buf = new byte[(int) Math.min(len - offset, Integer.MAX_VALUE - 16)];
                raf.seek(offset);
                raf.readFully(buf);
                int start = 0;
                for (int i = 0; i < buf.length; i++) {
                    if (buf[i] == '\n') {
                        String line = new String(buf, start, i - start, StandardCharsets.UTF_8);
                        lineNo++;
                        int no = lineNo;
                        MetricRecord r = parse(line, m -> warn.accept(file.getFileName() + " line " + no + ": " + m));
                        if (r != null) {
                            sink.accept(r);
                            count++;
                        }
                        start = i + 1;
                    }
                }
                offset += start;
            }
            return count;
        }
    }
}
