// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.app;

import java.nio.file.Path;
import java.util.List;

/**
 * The user's own images routed through a run's checkpoint, as the front ends show them.
 *
 * @param images   one row per routed image
 * @param problems one message per file that could not be used
 */
public record RoutedImages(List<Image> images, List<String> problems) {
    /**
     * @param className   the predicted class
     * @param confidence  its probability (0–1)
     * @param options     active options of the route (of 85)
     * @param latencyMs   the route's table latency
     * @param percentile  share of the checkpoint's test images with a faster route (0–100; NaN unknown)
     * @param nearest     the test images with the nearest architectures, e.g. "#12 (0 apart), #40 (1 apart)"
     */
    public record Image(
            Path file,
            String className,
            double confidence,
            int options,
            double latencyMs,
            double percentile,
            String arch,
            String nearest) {}
}
