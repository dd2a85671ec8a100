// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.app.export;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.instanas.analysis.Difficulty;
import org.instanas.analysis.DifficultyCalibration;
import org.instanas.analysis.ProjectionResult;
import org.instanas.analysis.Series;
import org.instanas.analysis.VariantsTable;
import org.instanas.figure.CurvesFigure;
import org.instanas.run.Arch;
import org.instanas.run.AtomicFiles;
import org.instanas.run.MetricRecord;
import org.instanas.run.RoutingCsv;
import org.instanas.run.RoutingRow;

/** Tables as CSV (RFC 4180 quoting, '.' as decimal separator), written atomically. */
public final class CsvExport {
    private CsvExport() {}

    /** One row per image: difficulty measures. */
    public static void difficulty(Path file, Difficulty d) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of(
                "index",
                "label",
                "class",
                "prediction",
                "correct",
                "latency_ms",
                "rel_latency",
                "active_options",
                "entropy_bits"));
        for (Difficulty.Image i : d.images()) {
            rows.add(List.of(
                    Integer.toString(i.index()),
                    Integer.toString(i.label()),
                    i.className(),
                    Integer.toString(i.prediction()),
                    i.correct() ? "1" : "0",
                    num(i.latencyMs()),
                    num(i.relLatency()),
                    Integer.toString(i.activeOptions()),
                    num(i.entropy())));
        }
        write(file, rows);
    }

    /** Per-class statistics of a difficulty analysis. */
    public static void classes(Path file, Difficulty d) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("label", "class", "images", "mean_ms", "median_ms", "std_ms", "min_ms", "max_ms", "accuracy"));
        for (Difficulty.ClassStats c : d.classes()) {
            rows.add(List.of(
                    Integer.toString(c.label()),
                    c.name(),
                    Integer.toString(c.count()),
                    num(c.meanMs()),
                    num(c.medianMs()),
                    num(c.stdMs()),
                    num(c.minMs()),
                    num(c.maxMs()),
                    num(c.accuracy())));
        }
        write(file, rows);
    }

    /** The routing table, in the run directory's own format. */
    public static void routing(Path file, List<RoutingRow> rows) throws IOException {
        RoutingCsv.write(file, rows);
    }

    public static void variants(Path file, VariantsTable t) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of(
                "model",
                "checkpoint",
                "stage",
                "epoch",
                "images",
                "accuracy_pct",
                "error_pct",
                "latency_ms",
                "latency_std_ms",
                "latency_change",
                "measured_ms",
                "measured_std_ms",
                "unique_archs",
                "pareto",
                "evaluations",
                "measured_change"));
        for (VariantsTable.Row r : t.rows()) {
            rows.add(List.of(
                    r.label(),
                    str(r.checkpoint()),
                    str(r.stage()),
                    Integer.toString(r.epoch()),
                    Integer.toString(r.images()),
                    num(r.accuracyPct()),
                    num(r.errorPct()),
                    num(r.latencyMs()),
                    num(r.latencyStdMs()),
                    num(r.latencyChange()),
                    num(r.measuredMs()),
                    num(r.measuredStdMs()),
                    Integer.toString(r.uniqueArchs()),
                    r.pareto() ? "1" : "0",
                    Integer.toString(r.evaluations()),
                    num(r.measuredChange())));
        }
        write(file, rows);
    }

    /** The difficulty calibration: one row per class, then "all". */
    public static void calibration(Path file, DifficultyCalibration c) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of(
                "label",
                "class",
                "images",
                "baseline_errors",
                "spearman",
                "route_ms_baseline_wrong",
                "route_ms_baseline_right"));
        for (DifficultyCalibration.ClassRow r : c.classes()) {
            rows.add(List.of(
                    Integer.toString(r.label()),
                    r.name(),
                    Integer.toString(r.images()),
                    Integer.toString(r.hard()),
                    num(r.spearman()),
                    num(r.hardMs()),
                    num(r.easyMs())));
        }
        rows.add(List.of(
                "",
                "all",
                Integer.toString(c.images()),
                Integer.toString(c.hard()),
                num(c.spearman()),
                num(c.hardMs()),
                num(c.easyMs())));
        write(file, rows);
    }

    /** Every metric record with every key as a column (empty where a record has no value). */
    public static void metrics(Path file, List<MetricRecord> records) throws IOException {
        Set<String> keys = new LinkedHashSet<>();
        for (MetricRecord r : records) {
            keys.addAll(r.values().keySet());
        }
        List<List<String>> rows = new ArrayList<>();
        List<String> head = new ArrayList<>(List.of("stage", "kind", "epoch", "step", "time", "message"));
        head.addAll(keys);
        rows.add(head);
        for (MetricRecord r : records) {
            List<String> row = new ArrayList<>(List.of(
                    str(r.stage()),
                    str(r.kind()),
                    Integer.toString(r.epoch()),
                    Long.toString(r.step()),
                    String.format(Locale.ROOT, "%.3f", r.time()),
                    str(r.message())));
            for (String k : keys) {
                row.add(r.has(k) ? num(r.value(k)) : "");
            }
            rows.add(row);
        }
        write(file, rows);
    }

    /** The curves of a figure, undecimated: run, key, x, raw, smoothed (long format). */
    public static void curves(Path file, CurvesFigure f) throws IOException {
        CurvesFigure.Options o = f.options();
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("run", "key", CurvesFigure.xLabel(o.x()).replace(' ', '_'), "raw", "smoothed"));
        for (CurvesFigure.Run run : f.runs()) {
            for (String key : o.keys()) {
                Series[] s = CurvesFigure.rawAndSmoothed(run.records(), key, o, 0);
                for (int i = 0; i < s[0].size(); i++) {
                    rows.add(List.of(run.label(), key, num(s[0].x()[i]), num(s[0].y()[i]), num(s[1].y()[i])));
                }
            }
        }
        write(file, rows);
    }

    /** A projection with what each point is: point, index, label, class, x, y, latency, correctness. */
    public static void projection(Path file, ProjectionResult p, List<RoutingRow> rows, List<String> classNames)
            throws IOException {
        List<List<String>> out = new ArrayList<>();
        out.add(List.of(
                "index",
                "label",
                "x",
                "y",
                "latency_ms",
                "rel_latency",
                "class",
                "prediction",
                "correct",
                "active_options",
                "row"));
        for (int i = 0; i < p.size(); i++) {
            RoutingRow r = rows.get(p.indices()[i]);
            out.add(List.of(
                    Integer.toString(r.index()),
                    Integer.toString(r.label()),
                    num(p.xy()[i][0]),
                    num(p.xy()[i][1]),
                    num(r.latencyMs()),
                    num(r.relLatency()),
                    Difficulty.className(classNames, r.label()),
                    Integer.toString(r.prediction()),
                    r.correct() ? "1" : "0",
                    Integer.toString(Arch.activeOptions(r.arch())),
                    Integer.toString(p.indices()[i])));
        }
        write(file, out);
    }

    /** Writes rows (the first is the header). */
    public static void write(Path file, List<List<String>> rows) throws IOException {
        AtomicFiles.write(file, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            StringBuilder sb = new StringBuilder(256);
            for (List<String> row : rows) {
                sb.setLength(0);
                for (int i = 0; i < row.size(); i++) {
                    if (i > 0) {
                        sb.append(',');
                    }
                    sb.append(quote(row.get(i)));
                }
                w.write(sb.append('\n').toString());
            }
            w.flush();
        });
    }

    static String quote(String s) {
        if (s == null) {
            return "";
        }
        if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }

    static String num(double v) {
        if (Double.isNaN(v)) {
            return "";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.6g", v)
                .replaceFirst("(\\.\\d*?)0+(e|$)", "$1$2")
                .replaceFirst("\\.(e|$)", "$1");
    }

    private static String str(String s) {
        return s == null ? "" : s;
    }
}
