// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The per-(cell, option) latency lookup table (milliseconds), as stored in {@code latency.json}.
 *
 * @param ms          latency of option a in cell t: {@code ms[t][a]}
 * @param stageEntry  whether cell t is the first cell of its stage (an empty entry cell runs option 4)
 * @param device      what it was measured on (e.g. "cpu", "gpu(0)", or a name for an imported table)
 * @param threads     intra-op threads during measurement
 * @param method      how it was obtained, e.g. "median of 50 timed runs after 10 warm-ups, batch 1"
 * @param spreadMs    per-entry spread (p90 − p10) of the timings, may be null
 * @param date        ISO-8601 date-time of measurement
 */
public record LatencyTable(
        double[][] ms,
        boolean[] stageEntry,
        String device,
        int threads,
        String method,
        double[][] spreadMs,
        String date) {
    public static final int CELLS = Arch.CELLS;
    public static final int OPTIONS = Arch.OPTIONS;

    public LatencyTable {
        if (ms == null || ms.length != CELLS) {
            throw new IllegalArgumentException("latency table must have " + CELLS + " cells");
        }
        for (double[] row : ms) {
            if (row == null || row.length != OPTIONS) {
                throw new IllegalArgumentException("latency table must have " + OPTIONS + " options per cell");
            }
            for (double v : row) {
                if (!Double.isFinite(v) || v < 0) {
                    throw new IllegalArgumentException("latency table has a negative or non-finite entry: " + v);
                }
            }
        }
        if (stageEntry == null || stageEntry.length != CELLS) {
            throw new IllegalArgumentException("latency table needs " + CELLS + " stage-entry flags");
        }
    }

    /** Latency of the MobileNetV2 path: option 0 in every cell. */
    public double baseline() {
        double s = 0;
        for (double[] row : ms) {
            s += row[0];
        }
        return s;
    }

    /** Every option of every cell selected. */
    public double max() {
        return Arrays.stream(ms).flatMapToDouble(Arrays::stream).sum();
    }

    /** The cheapest network: non-entry cells empty, entry cells fall back to option 4. */
    public double min() {
        double s = 0;
        for (int t = 0; t < CELLS; t++) {
            if (stageEntry[t]) {
                s += ms[t][4];
            }
        }
        return s;
    }

    /** Table latency of an architecture, with the empty-cell rule (entry cells fall back to option 4). */
    public double latencyOf(boolean[][] bits) {
        double s = 0;
        for (int t = 0; t < CELLS; t++) {
            boolean any = false;
            for (int a = 0; a < OPTIONS; a++) {
                if (bits[t][a]) {
                    s += ms[t][a];
                    any = true;
                }
            }
            if (!any && stageEntry[t]) {
                s += ms[t][4];
            }
        }
        return s;
    }

    /** Table latency of an 85-character architecture string (cell-major, '1' = selected). */
    public double latencyOf(String arch) {
        return latencyOf(Arch.parse(arch));
    }

    public static LatencyTable read(Path file) {
        try {
            return Json.MAPPER.readValue(file.toFile(), LatencyTable.class);
        } catch (IOException | RuntimeException e) {
            throw new RunFormatException(file, "not a valid latency table (" + rootMessage(e) + ")", e);
        }
    }

    public void write(Path file) throws IOException {
        AtomicFiles.writeJson(file, this);
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        if (m == null) {
            return t.getClass().getSimpleName();
        }
        int nl = m.indexOf('\n');
        return nl > 0 ? m.substring(0, nl) : m;
    }
}
