// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.run;

import java.util.List;

/**
 * Test images under one architecture (what if they all took this route?) against their own routes,
 * and the measured batch-1 time of both networks on the first image (median of 5).
 */
public record RouteTrial(
        String checkpoint,
        String arch,
        List<Image> images,
        double measuredMs,
        double routedMeasuredMs,
        boolean reestimated) {
    /** One test image under a tried architecture, and under the controller's own route. */
    public record Image(
            int index,
            int label,
            int prediction,
            float[] classProbabilities,
            double latencyMs,
            int routedPrediction,
            float[] routedProbabilities,
            double routedLatencyMs,
            String routedArch) {
        public boolean correct() {
            return prediction == label;
        }

        public boolean routedCorrect() {
            return routedPrediction == label;
        }
    }

    public double accuracy() {
        return images.stream().filter(Image::correct).count() / (double) Math.max(1, images.size());
    }

    public double routedAccuracy() {
        return images.stream().filter(Image::routedCorrect).count() / (double) Math.max(1, images.size());
    }

    public double latencyMs() {
        return images.isEmpty() ? Double.NaN : images.get(0).latencyMs();
    }

    public double routedMeanLatencyMs() {
        return images.stream().mapToDouble(Image::routedLatencyMs).average().orElse(Double.NaN);
    }
}
