// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.instanas.analysis.Difficulty;
import org.instanas.analysis.DifficultyCalibration;
import org.instanas.analysis.Projection;
import org.instanas.analysis.ProjectionResult;
import org.instanas.app.export.CsvExport;
import org.instanas.app.export.FigurePack;
import org.instanas.app.export.RunImages;
import org.instanas.engine.Preflight;
import org.instanas.figure.Figures;
import org.instanas.run.EvalSummary;
import org.instanas.run.RoutingRow;
import org.instanas.run.RunDirectory;
import org.instanas.run.RunSnapshot;
import org.instanas.run.SweepPlan;
import org.instanas.run.UserException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code analyze}: the difficulty table and a UMAP / t-SNE map of an evaluated checkpoint, written to
 * {@code RUN/analysis/} (the map is also cached under {@code RUN/projections/} for the workbench).
 */
@Command(
        name = "analyze",
        mixinStandardHelpOptions = true,
        description = "Rank test images by difficulty and project their architectures (UMAP or t-SNE).")
public final class AnalyzeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--run", required = true, paramLabel = "DIR", description = "The run directory.")
    Path run;

    @Option(names = "--checkpoint", paramLabel = "C", description = "Evaluated checkpoint (default: the newest).")
    String checkpoint;

    @Option(
            names = "--method",
            defaultValue = "umap",
            paramLabel = "umap|tsne",
            description = "Projection method (default: ${DEFAULT-VALUE}).")
    String method;

    @Option(
            names = "--input",
            defaultValue = "probs",
            paramLabel = "probs|arch",
            description =
                    "Project the 85 controller probabilities or the 0/1 architectures (default: ${DEFAULT-VALUE}).")
    String input;

    @Option(names = "--neighbors", defaultValue = "15", description = "UMAP neighbours k (default: ${DEFAULT-VALUE}).")
    int neighbors;

    @Option(
            names = "--min-dist",
            defaultValue = "0.1",
            description = "UMAP minimum distance (default: ${DEFAULT-VALUE}).")
    double minDist;

    @Option(names = "--perplexity", defaultValue = "30", description = "t-SNE perplexity (default: ${DEFAULT-VALUE}).")
    double perplexity;

    @Option(
            names = "--seed",
            defaultValue = "0",
            description = "Seed of the projection and sample (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--max-points",
            paramLabel = "N",
            description = "Embed a random sample of at most N images (default: all for UMAP, "
                    + Projection.Params.TSNE_LIMIT + " for t-SNE, whose memory grows with N²).")
    Integer maxPoints;

    @Option(
            names = "--calibrate-against",
            paramLabel = "RUN",
            description = "Compare each image's route latency with whether this run, the MobileNetV2 path trained "
                    + "alone, misclassifies it (its newest evaluation); default: the sweep's baseline when the run "
                    + "belongs to a sweep.")
    Path calibrateAgainst;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        long t0 = System.nanoTime();
        Preflight.requireRun(new RunDirectory(run), "analyze");
        Projection.Params p = params();
        RunSnapshot snap = RunSnapshot.load(new RunDirectory(run));
        EvalSummary eval = Figures.evaluation(snap, checkpoint);
        if (eval == null) {
            throw new UserException(run + ": no evaluated checkpoint (run 'evaluate' first)");
        }
        String cp = eval.checkpoint();
        List<RoutingRow> rows = Figures.rows(snap, cp);
        if (rows.isEmpty()) {
            throw new UserException(snap.dir().routingCsv(cp) + ": no routed test images");
        }
        RunImages images = RunImages.load(snap.info());
        Path dir = snap.dir().root().resolve("analysis");
        Difficulty d = Difficulty.of(rows, images.classNames());
        Path diffCsv = dir.resolve(cp + "-difficulty.csv");
        CsvExport.difficulty(diffCsv, d);
        ProjectionResult proj = FigurePack.projection(snap, cp, rows, p, out::println);
        Path projCsv = dir.resolve(cp + "-" + p.methodId() + ".csv");
        CsvExport.projection(projCsv, proj, rows, images.classNames());

        out.printf(
                Locale.ROOT,
                "%s, checkpoint %s: %d test images, mean latency %.3f ms, accuracy %.2f %%%n",
                snap.info().name(),
                cp,
                rows.size(),
                d.meanLatencyMs(),
                100.0 * rows.stream().filter(RoutingRow::correct).count() / rows.size());
        out.println("per-class latency (ms):");
        int w = d.classes().stream().mapToInt(c -> c.name().length()).max().orElse(5);
        for (Difficulty.ClassStats c : d.classes()) {
            out.printf(
                    Locale.ROOT,
                    "  %-" + w + "s  mean %8.3f  median %8.3f  (%d images, accuracy %.1f %%)%n",
                    c.name(),
                    c.meanMs(),
                    c.medianMs(),
                    c.count(),
                    100 * c.accuracy());
        }
        out.println(proj.describe() + String.format(Locale.ROOT, " in %.1f s", proj.millis() / 1000.0));
        Path baseline = calibrateAgainst != null
                ? calibrateAgainst
                : SweepPlan.baselineOf(snap.dir().root());
        if (baseline != null) {
            RunSnapshot b = RunSnapshot.load(new RunDirectory(baseline));
            EvalSummary be = Figures.evaluation(b, null);
            if (be == null) {
                throw new UserException(baseline + ": the baseline has no evaluation (run 'evaluate' on it first)");
            }
            DifficultyCalibration cal =
                    DifficultyCalibration.of(rows, Figures.rows(b, be.checkpoint()), images.classNames());
            Path calCsv = dir.resolve(cp + "-difficulty-calibration.csv");
            CsvExport.calibration(calCsv, cal);
            out.println(
                    "difficulty against " + baseline.getFileName() + " : " + be.checkpoint() + ": " + cal.describe());
            for (DifficultyCalibration.ClassRow c : cal.classes()) {
                out.printf(
                        Locale.ROOT,
                        "  %-" + w + "s  rho %6.3f  baseline errors %4d: %7.3f ms, others %7.3f ms%n",
                        c.name(),
                        c.spearman(),
                        c.hard(),
                        c.hardMs(),
                        c.easyMs());
            }
            out.println("wrote " + calCsv);
        }
        out.println("wrote " + diffCsv);
        out.println("wrote " + projCsv);
        out.printf(Locale.ROOT, "done in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        if (images.warning() != null) {
            spec.commandLine().getErr().println("warning: " + images.warning());
        }
        out.flush();
        return 0;
    }

    private Projection.Params params() {
        Projection.Method m = switch (method.toLowerCase(Locale.ROOT)) {
            case "umap" -> Projection.Method.UMAP;
            case "tsne", "t-sne" -> Projection.Method.TSNE;
            default -> throw new UserException("--method must be umap or tsne (was '" + method + "')");
        };
        Projection.Input in = switch (input.toLowerCase(Locale.ROOT)) {
            case "probs", "probabilities" -> Projection.Input.PROBS;
            case "arch", "architecture" -> Projection.Input.ARCH;
            default -> throw new UserException("--input must be probs or arch (was '" + input + "')");
        };
        Projection.Params p = Projection.Params.of(m)
                .withInput(in)
                .withNeighbors(neighbors)
                .withMinDist(minDist)
                .withPerplexity(perplexity)
                .withSeed(seed);
        return maxPoints != null ? p.withMaxPoints(maxPoints) : p;
    }
}
