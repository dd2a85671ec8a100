// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.run;

import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code routing/<checkpoint>.json}: the evaluation of one checkpoint on the test split, with the
 * MobileNetV2 path (option 0 in every cell) of the same meta-graph as the baseline.
 *
 * <p>Measured latencies are wall-clock per image at batch 1: {@code measuredMeanMs} is the
 * controller plus the routed network (the paper's protocol), split into {@code controllerMeanMs} and
 * {@code networkMeanMs} (0 in summaries written before the split was recorded).
 *
 * <p>{@code measuredPairedRatio} is the median over the timed images of (controller + routed
 * network) / (the MobileNetV2 path of the same meta-graph), each image timed both ways back to
 * back. On a machine whose speed changes between stretches of images (batch-1 timing here runs at
 * two speeds 1.5–1.8× apart, in blocks of tens of images) a mean depends on how many images fell in
 * the slow stretches, and one disturbed image (20 ms among 4 ms ones) moves it: means from
 * evaluations made at different times do not compare. The median of the paired ratios is immune to
 * both. 0 in summaries written before it was recorded.
 *
 * <p>{@code split} is the split evaluated: {@value #TEST} (null in summaries written before it was
 * recorded) or {@value #VALIDATION} (the end-of-epoch evaluations of a run with a validation split,
 * kept in {@code routing/validation/}, without a per-image table).
 */
public record EvalSummary(
        String checkpoint,
        String stage,
        int epoch,
        int images,
        double accuracy,
        double latencyMeanMs,
        double latencyStdMs,
        double measuredMeanMs,
        double measuredStdMs,
        int uniqueArchs,
        double meanActiveOptions,
        double mbv2Accuracy,
        double mbv2LatencyMs,
        double mbv2MeasuredMeanMs,
        double mbv2MeasuredStdMs,
        double ub,
        double lb,
        double[] classAccuracy,
        double[] classLatencyMs,
        String time,
        double controllerMeanMs,
        double networkMeanMs,
        double measuredPairedRatio,
        String split) {
    public static final String TEST = "test";
    public static final String VALIDATION = "validation";

    /** Whether this evaluation is of the validation split (else the test split). */
    public boolean onValidation() {
        return VALIDATION.equals(split);
    }

    /** Relative change of the mean table latency vs the MobileNetV2 path (−0.4 = 40 % faster). */
    public double latencyChange() {
        return latencyMeanMs / mbv2LatencyMs - 1.0;
    }

    public static EvalSummary read(Path file) {
        try {
            return Json.MAPPER.readValue(file.toFile(), EvalSummary.class);
        } catch (IOException | RuntimeException e) {
            throw new RunFormatException(
                    file, "not a valid evaluation summary (" + LatencyTable.rootMessage(e) + ")", e);
        }
    }

    public void write(Path file) throws IOException {
        AtomicFiles.writeJson(file, this);
    }
}
