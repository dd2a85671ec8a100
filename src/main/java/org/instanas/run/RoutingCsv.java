// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.run;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code routing/<checkpoint>.csv}: header, then one row per evaluated image. */
public final class RoutingCsv {
    static final String HEADER_START = "index,label,prediction,correct,latency_ms,rel_latency,arch,measured_ms";

    private RoutingCsv() {}

    public static void write(Path file, List<RoutingRow> rows) throws IOException {
        AtomicFiles.write(file, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            StringBuilder h = new StringBuilder(HEADER_START);
            for (int i = 0; i < Arch.LENGTH; i++) {
                h.append(",p").append(i / Arch.OPTIONS).append('_').append(i % Arch.OPTIONS);
            }
            w.write(h.append('\n').toString());
            StringBuilder sb = new StringBuilder(1024);
            for (RoutingRow r : rows) {
                sb.setLength(0);
                sb.append(r.index())
                        .append(',')
                        .append(r.label())
                        .append(',')
                        .append(r.prediction())
                        .append(',')
                        .append(r.correct() ? 1 : 0)
                        .append(',')
                        .append(fmt(r.latencyMs()))
                        .append(',')
                        .append(fmt(r.relLatency()))
                        .append(',')
                        .append(r.arch())
                        .append(',')
                        .append(fmt(r.measuredMs()));
                for (float p : r.probs()) {
                    sb.append(',').append(String.format(Locale.ROOT, "%.5f", p));
                }
                w.write(sb.append('\n').toString());
            }
            w.flush();
        });
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "NaN" : String.format(Locale.ROOT, "%.6g", v);
    }

    public static List<RoutingRow> read(Path file) {
        List<RoutingRow> rows = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = r.readLine();
            if (header == null || !header.startsWith(HEADER_START)) {
                throw new RunFormatException(
                        file, "not a routing table (header must start with '" + HEADER_START + "')");
            }
            String line;
            int no = 1;
            while ((line = r.readLine()) != null) {
                no++;
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",", -1);
                if (f.length != 8 + Arch.LENGTH) {
                    throw new RunFormatException(
                            file, "line " + no + " has " + f.length + " fields, expected " + (8 + Arch.LENGTH));
                }
                try {
                    float[] probs = new float[Arch.LENGTH];
                    for (int i = 0; i < probs.length; i++) {
                        probs[i] = Float.parseFloat(f[8 + i]);
                    }
                    String arch = f[6].startsWith("'") ? f[6].substring(1) : f[6];
                    Arch.parse(arch);
                    rows.add(new RoutingRow(
                            Integer.parseInt(f[0]),
                            Integer.parseInt(f[1]),
                            Integer.parseInt(f[2]),
                            "1".equals(f[3]),
                            Double.parseDouble(f[4]),
                            Double.parseDouble(f[5]),
                            arch,
                            Double.parseDouble(f[7]),
                            probs));
                } catch (IllegalArgumentException e) {
                    throw new RunFormatException(file, "line " + no + ": " + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new RunFormatException(file, "cannot be read (" + e.getMessage() + ")", e);
        }
        return rows;
    }
}
