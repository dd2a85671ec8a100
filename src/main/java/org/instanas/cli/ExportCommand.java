// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.instanas.analysis.Evaluations;
import org.instanas.analysis.Projection;
import org.instanas.analysis.ProjectionResult;
import org.instanas.analysis.SweepEvaluations;
import org.instanas.analysis.VariantsTable;
import org.instanas.app.export.ExportService;
import org.instanas.app.export.FigurePack;
import org.instanas.app.export.RunImages;
import org.instanas.engine.Preflight;
import org.instanas.figure.Figure;
import org.instanas.figure.Figures;
import org.instanas.run.EvalSummary;
import org.instanas.run.RoutingRow;
import org.instanas.run.RunConfig;
import org.instanas.run.RunDirectory;
import org.instanas.run.RunSnapshot;
import org.instanas.run.SweepPlan;
import org.instanas.run.UserException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code export}: renders a run's figures (SVG, PDF, PNG) and tables (CSV) without a display. */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = "Export a run's figures as SVG, PDF or PNG, and its tables as CSV (no display needed).")
public final class ExportCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--run", required = true, paramLabel = "DIR", description = "The run directory.")
    Path run;

    @Option(
            names = "--checkpoint",
            paramLabel = "C",
            description = "Evaluated checkpoint for the per-image figures " + "(default: the newest).")
    String checkpoint;

    @Option(
            names = "--figures",
            defaultValue = "all",
            paramLabel = "LIST",
            description = "all, or some of: curves, latency, usage, gallery, map, variants, arch, histogram "
                    + "(default: ${DEFAULT-VALUE}).")
    String figures;

    @Option(
            names = "--format",
            defaultValue = "svg,pdf,png",
            paramLabel = "LIST",
            description = "svg, pdf and/or png (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--dpi", defaultValue = "300", description = "PNG resolution (default: ${DEFAULT-VALUE}).")
    int dpi;

    @Option(
            names = "--width-cm",
            defaultValue = "17.5",
            description = "Figure width; 8.5 for one paper column (default: ${DEFAULT-VALUE}).")
    double widthCm;

    @Option(
            names = "--height-cm",
            defaultValue = "0",
            description = "Figure height (default: from each figure's shape).")
    double heightCm;

    @Option(names = "--font-pt", defaultValue = "9", description = "Base font size (default: ${DEFAULT-VALUE}).")
    double fontPt;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: RUN/figures).")
    Path out;

    @Option(names = "--no-tables", description = "Do not write the CSV tables.")
    boolean noTables;

    @Option(
            names = "--method",
            defaultValue = "umap",
            paramLabel = "umap|tsne",
            description = "Projection of the map, taken from the cache or computed (default: ${DEFAULT-VALUE}).")
    String method;

    @Option(
            names = "--baseline",
            paramLabel = "DIR",
            description =
                    "A run of the MobileNetV2 path trained alone "
                            + "(pretrain --fixed-arch mbv2, then evaluate): the variants' baseline instead of the meta-graph's own path.")
    Path baseline;

    @Option(
            names = "--with",
            split = ",",
            paramLabel = "DIR",
            description =
                    "Other runs whose evaluations join the "
                            + "variants figure and table (e.g. copies of this run fine-tuned from other search epochs), named RUN/CHECKPOINT.")
    List<Path> with = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Preflight.requireRun(new RunDirectory(run), "export");
        List<String> ids = FigurePack.parseIds(figures);
        List<ExportService.Format> formats = FigurePack.parseFormats(format);
        ExportService.ExportOptions opts = new ExportService.ExportOptions(widthCm, heightCm, dpi, fontPt);
        RunSnapshot snap = RunSnapshot.load(new RunDirectory(run));
        for (String w : snap.warnings()) {
            err.println("warning: " + w);
        }
        EvalSummary eval = Figures.evaluation(snap, checkpoint);
        String cp = eval == null ? null : eval.checkpoint();
        List<RoutingRow> rows = cp == null ? List.of() : Figures.rows(snap, cp);
        RunImages images = RunImages.NONE;
        if (!rows.isEmpty()
                && (ids.contains("gallery") || ids.contains("map") || ids.contains("calibration") || !noTables)) {
            images = RunImages.load(snap.info());
            if (images.warning() != null && ids.contains("gallery")) {
                err.println("warning: " + images.warning());
            }
        }
        ProjectionResult proj = null;
        if (ids.contains("map") && !rows.isEmpty()) {
            Projection.Method m = "tsne".equalsIgnoreCase(method) || "t-sne".equalsIgnoreCase(method)
                    ? Projection.Method.TSNE
                    : Projection.Method.UMAP;
            if (!"umap".equalsIgnoreCase(method) && m == Projection.Method.UMAP) {
                throw new UserException("--method must be umap or tsne (was '" + method + "')");
            }
            proj = FigurePack.projection(snap, cp, rows, Projection.Params.of(m), o::println);
        }
        Map<String, Figure> pack = new LinkedHashMap<>(
                Figures.forRun(snap, cp, images.thumbnails(), proj, images.classNames(), variants(snap, err)));
        RunSnapshot alone = baselineRun(snap);
        if (ids.contains("calibration") && alone != null) {
            Figure cal = Figures.calibration(snap, cp, alone, images.classNames());
            if (cal != null) {
                pack.put("calibration", cal);
            }
        }
        Path dir = out != null ? out : snap.dir().figures();
        // files are named after the run's folder (a copied run keeps the name in its run.json)
        String name = folderName(snap);
        List<Path> written = new ArrayList<>(
                FigurePack.exportFigures(pack, ids, formats, dir, name, opts, m -> err.println("warning: " + m)));
        if (!noTables) {
            written.addAll(FigurePack.exportTables(snap, cp, rows, images.classNames(), pack, dir, name));
        }
        for (Path p : written) {
            o.println("wrote " + p);
        }
        o.println(written.size() + " files in " + dir);
        o.flush();
        return 0;
    }

    /**
     * The variants table with --with and --baseline applied; without them, the whole sweep when the
     * run is one of a sweep's runs (against its baseline), else null (the run's own table).
     */
    private VariantsTable variants(RunSnapshot snap, PrintWriter err) {
        if (baseline == null && with.isEmpty()) {
            SweepEvaluations sweep = SweepEvaluations.ofRun(snap.dir().root());
            return sweep == null ? null : sweep.table(null);
        }
        // keyed by folder name: copies of one run share the name in run.json
        Map<String, List<EvalSummary>> byRun = new LinkedHashMap<>();
        byRun.put(folderName(snap), snap.evaluations());
        for (Path p : with) {
            RunSnapshot other = openOther(p, "--with");
            String key = folderName(other);
            for (int i = 2; byRun.containsKey(key); i++) {
                key = folderName(other) + "-" + i;
            }
            byRun.put(key, other.evaluations());
        }
        EvalSummary alone = null;
        if (baseline != null) {
            RunSnapshot b = openOther(baseline, "--baseline");
            if (!RunConfig.fromMap(b.info().config()).trainsMobileNetV2Alone()) {
                err.println("warning: --baseline " + baseline + " was not trained with --fixed-arch mbv2");
            }
            alone = Evaluations.newest(b.evaluations());
            if (alone == null) {
                throw new UserException(
                        baseline + ": the baseline run has no evaluation; run 'evaluate --run " + baseline + "' first");
            }
        }
        return VariantsTable.of(Evaluations.merge(byRun), alone);
    }

    /** The baseline trained alone: --baseline, else the sweep's baseline when the run is one of a sweep's; or null. */
    private RunSnapshot baselineRun(RunSnapshot snap) {
        if (baseline != null) {
            return openOther(baseline, "--baseline");
        }
        Path b = SweepPlan.baselineOf(snap.dir().root());
        return b == null ? null : RunSnapshot.load(new RunDirectory(b));
    }

    private static RunSnapshot openOther(Path p, String option) {
        RunDirectory d = new RunDirectory(p);
        if (!d.exists()) {
            throw new UserException(option + " " + p + ": not a run directory (no run.json)");
        }
        return RunSnapshot.load(d);
    }

    private static String folderName(RunSnapshot s) {
        Path root = s.dir().root().toAbsolutePath().normalize();
        return root.getFileName() != null ? root.getFileName().toString() : root.toString();
    }
}
