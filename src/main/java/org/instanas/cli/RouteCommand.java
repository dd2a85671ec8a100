// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.instanas.analysis.Difficulty;
import org.instanas.app.export.RunImages;
import org.instanas.data.OwnImages;
import org.instanas.engine.Preflight;
import org.instanas.engine.Preset;
import org.instanas.engine.Router;
import org.instanas.run.Arch;
import org.instanas.run.RunConfig;
import org.instanas.run.RunDirectory;
import org.instanas.run.RunInfo;
import org.instanas.run.UserException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code route}: the controller's route and the prediction for the user's own images. */
@Command(
        name = "route",
        mixinStandardHelpOptions = true,
        description = "Route your own images (files or folders) through a checkpoint: prediction, architecture, "
                + "latency and its percentile among the test images, and the test images with the nearest "
                + "architectures.")
public final class RouteCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--run", required = true, paramLabel = "DIR", description = "The run directory.")
    Path run;

    @Option(
            names = "--checkpoint",
            paramLabel = "C",
            description = "Checkpoint with a controller (default: the newest fine-tuning or search one).")
    String checkpoint;

    @Option(
            names = "--arch",
            paramLabel = "A",
            description = "What if: also run each image through this architecture: mbv2, cheapest, or 85 "
                    + "characters 0/1 (cell-major, 5 options per cell); prints its prediction, table latency and "
                    + "measured batch-1 time beside the controller's route.")
    String arch;

    @Option(names = "--threads", description = "libtorch intra-op threads (default: half the cores).")
    Integer threads;

    @Parameters(arity = "1..*", paramLabel = "IMAGE", description = "Image files (PNG, JPEG, …) or folders of them.")
    List<Path> images;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RunDirectory dir = new RunDirectory(run);
        Preflight.requireRun(dir, "route");
        RunInfo info = RunInfo.read(dir.runJson());
        RunConfig cfg = RunConfig.fromMap(info.config());
        if (threads != null) {
            cfg.threads = threads;
        }
        Preset preset = Preset.load(cfg.preset);
        OwnImages own = OwnImages.read(images, preset.inputChannels(), preset.inputSize());
        for (String p : own.problems()) {
            err.println("skipped " + p);
        }
        if (own.files().isEmpty()) {
            err.flush();
            throw new UserException("no readable image among the " + images.size() + " given");
        }
        List<String> names = RunImages.load(info).classNames();
        if (arch != null) {
            Router.architecture(arch); // a bad value is reported before the engine starts
        }
        List<Router.Routed> routed =
                EngineThread.call(cfg.threads, () -> Router.route(cfg, run, checkpoint, own, arch, null));
        for (Router.Routed r : routed) {
            out.printf(
                    Locale.ROOT,
                    "%s: %s (%.1f %%), %d options, %.3f ms by the table (faster than %.1f %% of the test images), "
                            + "nearest test images %s%n  %s%n",
                    r.file().getFileName(),
                    Difficulty.className(names, r.prediction()),
                    100 * r.classProbabilities()[r.prediction()],
                    Arch.activeOptions(r.arch()),
                    r.latencyMs(),
                    r.percentile(),
                    r.nearestText(),
                    r.arch());
            Router.WhatIf w = r.whatIf();
            if (w != null) {
                out.printf(
                        Locale.ROOT,
                        "  what if %s: %s (%.1f %%), %d options, %.3f ms by the table; measured at batch 1 %.3f ms "
                                + "against %.3f ms for the controller's route (networks only)%n",
                        arch,
                        Difficulty.className(names, w.prediction()),
                        100 * w.classProbabilities()[w.prediction()],
                        Arch.activeOptions(w.arch()),
                        w.latencyMs(),
                        w.measuredMs(),
                        w.routedMeasuredMs());
            }
        }
        out.printf(
                Locale.ROOT,
                "%d routed, %d skipped (fitted to %dx%dx%d as the training images)%n",
                routed.size(),
                own.problems().size(),
                preset.inputChannels(),
                preset.inputSize(),
                preset.inputSize());
        out.flush();
        err.flush();
        return 0;
    }
}
