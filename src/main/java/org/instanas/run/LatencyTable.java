// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

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
 * @param check       how well the table predicts measured latency (the profile stage's check), or null
 */
public record LatencyTable(
        double[][] ms,
        boolean[] stageEntry,
        String device,
        int threads,
        String method,
        double[][] spreadMs,
        String date,
        @JsonInclude(JsonInclude.Include.NON_NULL) Check check) {
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

    public LatencyTable(
            double[][] ms,
            boolean[] stageEntry,
            String device,
            int threads,
            String method,
            double[][] spreadMs,
            String date) {
        this(ms, stageEntry, device, threads, method, spreadMs, date, null);
    }

    /** This table with the result of its check. */
    public LatencyTable withCheck(Check c) {
        return new LatencyTable(ms, stageEntry, device, threads, method, spreadMs, date, c);
    }

    /**
     * The table against the clock: whole architectures of every density timed at batch 1 (the
     * routed network, as an evaluation times it) next to their table latency (the sum of their
     * options). The table feeds the reward, so its ranking matters most (Spearman's ρ); the fitted
     * line says how far its milliseconds are from the clock's (measured ≈ intercept + slope × table).
     *
     * @param archs          architectures timed
     * @param spearman       rank correlation of table and measured latency
     * @param slope          least-squares slope of measured on table latency
     * @param interceptMs    its intercept
     * @param mbv2TableMs    the MobileNetV2 path by the table
     * @param mbv2MeasuredMs the MobileNetV2 path measured
     * @param tableMs        each architecture's table latency
     * @param measuredMs     each architecture's measured latency (median of the repeats)
     * @param disturbedCells cells whose timing was disturbed (the canary slowed down) and measured again
     * @param note           contention seen while profiling, or ""
     */
    public record Check(
            int archs,
            double spearman,
            double slope,
            double interceptMs,
            double mbv2TableMs,
            double mbv2MeasuredMs,
            double[] tableMs,
            double[] measuredMs,
            int disturbedCells,
            String note) {
        /** "ρ 0.97 · measured ≈ 0.21 + 0.18 × table · MobileNetV2 path 4.30 ms by the table, 1.61 ms measured". */
        public String describe() {
            return String.format(
                    Locale.ROOT,
                    "table vs clock over %d architectures: rank correlation %.2f · measured ≈ %.2f + %.2f × table ms"
                            + " · MobileNetV2 path %.2f ms by the table, %.2f ms measured%s",
                    archs,
                    spearman,
                    interceptMs,
                    slope,
                    mbv2TableMs,
                    mbv2MeasuredMs,
                    note == null || note.isEmpty() ? "" : " · " + note);
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
