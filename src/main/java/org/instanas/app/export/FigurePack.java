// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.app.export;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.instanas.analysis.Difficulty;
import org.instanas.analysis.Projection;
import org.instanas.analysis.ProjectionCache;
import org.instanas.analysis.ProjectionResult;
import org.instanas.analysis.VariantsTable;
import org.instanas.figure.CurvesFigure;
import org.instanas.figure.Figure;
import org.instanas.figure.Figures;
import org.instanas.figure.VariantsFigure;
import org.instanas.run.EvalSummary;
import org.instanas.run.RoutingRow;
import org.instanas.run.RunSnapshot;
import org.instanas.run.UserException;

/** Exports a run's figure pack and tables in one go (the CLI's {@code export} and the GUI's "export all"). */
public final class FigurePack {
    private FigurePack() {}

    /** Parses "all" or a comma-separated list of figure ids; unknown ids are refused with the valid ones. */
    public static List<String> parseIds(String spec) {
        if (spec == null || spec.isBlank() || spec.trim().equalsIgnoreCase("all")) {
            return Figures.IDS;
        }
        Set<String> out = new LinkedHashSet<>();
        for (String s : spec.split(",")) {
            String id = s.trim().toLowerCase(Locale.ROOT);
            if (id.isEmpty()) {
                continue;
            }
            if (!Figures.IDS.contains(id)) {
                throw new UserException(
                        "unknown figure '" + id + "' (choose from all, " + String.join(", ", Figures.IDS) + ")");
            }
            out.add(id);
        }
        if (out.isEmpty()) {
            throw new UserException("no figure named (choose from all, " + String.join(", ", Figures.IDS) + ")");
        }
        return List.copyOf(out);
    }

    public static List<ExportService.Format> parseFormats(String spec) {
        Set<ExportService.Format> out = new LinkedHashSet<>();
        for (String s : spec.split(",")) {
            if (!s.isBlank()) {
                try {
                    out.add(ExportService.Format.parse(s));
                } catch (IllegalArgumentException e) {
                    throw new UserException(e.getMessage());
                }
            }
        }
        if (out.isEmpty()) {
            throw new UserException("no format named (use svg, pdf or png)");
        }
        return List.copyOf(out);
    }

    /**
     * A projection of the rows for the map: the cached one for these parameters, else computed now
     * (and cached).
     */
    public static ProjectionResult projection(
            RunSnapshot snap, String checkpoint, List<RoutingRow> rows, Projection.Params p, Consumer<String> log) {
        Optional<ProjectionResult> cached = ProjectionCache.load(snap.dir(), checkpoint, p, rows.size());
        if (cached.isPresent()) {
            log.accept(cached.get().methodName() + " map from the cache (" + ProjectionCache.key(checkpoint, p) + ")");
            return cached.get();
        }
        log.accept("computing the " + p.method().name() + " map of " + rows.size() + " images …");
        ProjectionResult r = Projection.run(rows, p);
        try {
            ProjectionCache.store(snap.dir(), checkpoint, p, r);
        } catch (IOException e) {
            log.accept("warning: the map could not be cached (" + e.getMessage() + ")");
        }
        return r;
    }

    /** Writes the chosen figures in the chosen formats; returns the files written. */
    public static List<Path> exportFigures(
            Map<String, Figure> figures,
            Collection<String> ids,
            Collection<ExportService.Format> formats,
            Path outDir,
            String runName,
            ExportService.ExportOptions o,
            Consumer<String> log)
            throws IOException {
        List<Path> written = new ArrayList<>();
        for (String id : ids) {
            Figure f = figures.get(id);
            if (f == null) {
                log.accept("skipped " + id + ": " + missingReason(id));
                continue;
            }
            for (ExportService.Format fmt : formats) {
                Path file = outDir.resolve(ExportService.fileName(runName, id, fmt));
                written.add(ExportService.export(f, fmt, file, o));
            }
        }
        return written;
    }

    static String missingReason(String id) {
        return switch (id) {
            case "curves" -> "no metrics yet";
            case "latency" -> "no latency table (run 'profile' first)";
            case "variants" -> "no evaluated checkpoint";
            case "map" -> "no projection (no evaluated checkpoint)";
            case "calibration" ->
                "no baseline trained alone to compare with (export --baseline RUN, or a sweep's "
                        + "baseline, evaluated on the same test images)";
            default -> "no evaluated checkpoint (run 'evaluate' first)";
        };
    }

    /** Writes the tables: difficulty and per-class (if rows), variants (if evaluations), metrics and curves. */
    public static List<Path> exportTables(
            RunSnapshot snap,
            String checkpoint,
            List<RoutingRow> rows,
            List<String> classNames,
            Map<String, Figure> figures,
            Path outDir,
            String runName)
            throws IOException {
        List<Path> written = new ArrayList<>();
        String prefix = runName == null || runName.isBlank() ? "" : runName.replaceAll("[^A-Za-z0-9._-]+", "_") + "-";
        if (!rows.isEmpty()) {
            Difficulty d = Difficulty.of(rows, classNames);
            Path f = outDir.resolve(prefix + checkpoint + "-difficulty.csv");
            CsvExport.difficulty(f, d);
            written.add(f);
            f = outDir.resolve(prefix + checkpoint + "-classes.csv");
            CsvExport.classes(f, d);
            written.add(f);
        }
        List<EvalSummary> evals = snap.evaluations();
        VariantsTable variants = figures.get("variants") instanceof VariantsFigure vf
                ? vf.table()
                : evals.isEmpty() ? null : VariantsTable.of(evals);
        if (variants != null) {
            Path f = outDir.resolve(prefix + "variants.csv");
            CsvExport.variants(f, variants);
            written.add(f);
        }
        if (!snap.metrics().isEmpty()) {
            Path f = outDir.resolve(prefix + "metrics.csv");
            CsvExport.metrics(f, snap.metrics());
            written.add(f);
        }
        if (figures.get("curves") instanceof CurvesFigure c) {
            Path f = outDir.resolve(prefix + "curves.csv");
            CsvExport.curves(f, c);
            written.add(f);
        }
        return written;
    }
}
