// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.run;

/**
 * One evaluated test image of {@code routing/<checkpoint>.csv}.
 *
 * @param index       index of the image in the test split
 * @param label       true class
 * @param prediction  predicted class
 * @param correct     prediction == label
 * @param latencyMs   table latency of the assigned (greedy) architecture
 * @param relLatency  (latency − mean latency of its class) / that mean
 * @param arch        85-character architecture string
 * @param measuredMs  measured wall-clock latency at batch 1 (gathered execution), NaN if not measured
 * @param probs       the controller's 85 probabilities
 */
public record RoutingRow(
        int index,
        int label,
        int prediction,
        boolean correct,
        double latencyMs,
        double relLatency,
        String arch,
        double measuredMs,
        float[] probs) {}
