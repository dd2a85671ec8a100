// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.routing;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.instanas.app.export.RunImages;
import org.instanas.run.RouteTrial;
import org.instanas.run.RunSnapshot;
import org.instanas.run.Stage;
import org.instanas.run.UserException;

/**
 * What the routing panes need from the main window.
 *
 * @param snapshot   the open run, or null when none is open; called on {@code background}, never on the FX thread
 * @param images     the test images and class names of a run (called on {@code background}, once per run folder)
 * @param background runs the heavy work: reading routing tables, loading the dataset, UMAP / t-SNE
 * @param startStage starts a stage on the open run: (the fine-tuning or evaluation stage, checkpoint name)
 * @param trials     runs test images through an edited architecture on the engine (what-if routing)
 */
public record RoutingContext(
        Supplier<RunSnapshot> snapshot,
        Function<RunSnapshot, RunImages> images,
        Executor background,
        BiConsumer<Stage, String> startStage,
        Trials trials) {
    public RoutingContext {
        Objects.requireNonNull(snapshot, "snapshot");
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(background, "background");
        Objects.requireNonNull(startStage, "startStage");
        Objects.requireNonNull(trials, "trials");
    }

    /**
     * What-if routing ({@link org.instanas.engine.Router#tryArchitecture}): test images of {@code run} (dataset test
     * indices) through {@code arch} with a checkpoint's statistics; the future may complete on any thread.
     */
    @FunctionalInterface
    public interface Trials {
        CompletableFuture<RouteTrial> tryArchitecture(
                Path run, String checkpoint, int[] testIndices, boolean[][] arch, boolean reestimate);

        /** For front ends without an engine: every trial fails with this message. */
        Trials NONE = (run, checkpoint, indices, arch, reestimate) ->
                CompletableFuture.failedFuture(new UserException("what-if routing needs the engine"));
    }

    /** The same context with what-if routing by {@code t}. */
    public RoutingContext withTrials(Trials t) {
        return new RoutingContext(snapshot, images, background, startStage, t);
    }

    /** Images from the run's own dataset ({@link RunImages#load}: numbered placeholders when it cannot be read). */
    public static RoutingContext of(
            Supplier<RunSnapshot> snapshot, Executor background, BiConsumer<Stage, String> startStage) {
        return new RoutingContext(snapshot, s -> RunImages.load(s.info()), background, startStage, Trials.NONE);
    }

    /** Fixed thumbnails and class names (tests, or a front end that has already loaded the dataset). */
    public static RoutingContext of(
            Supplier<RunSnapshot> snapshot,
            IntFunction<BufferedImage> thumbnails,
            List<String> classNames,
            Executor background,
            BiConsumer<Stage, String> startStage) {
        RunImages fixed = new RunImages(thumbnails, classNames, null);
        return new RoutingContext(snapshot, s -> fixed, background, startStage, Trials.NONE);
    }
}
