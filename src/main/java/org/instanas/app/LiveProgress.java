// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.app;

/**
 * The latest progress a stage running in this process reported (through its StageListener).
 *
 * @param stage            stage id
 * @param step             steps done in the stage
 * @param totalSteps       steps the stage will take, 0 when unknown
 * @param imagesPerSecond  throughput, NaN when unknown
 * @param startedNanos     {@link System#nanoTime()} when this stage began reporting (in this process)
 * @param startStep        the step of that first report (a resumed stage does not start at 0)
 * @param nanos            {@link System#nanoTime()} of this report
 */
public record LiveProgress(
        String stage,
        long step,
        long totalSteps,
        double imagesPerSecond,
        long startedNanos,
        long startStep,
        long nanos) {
    /** Seconds left at the average pace since this stage began reporting, NaN when unknown. */
    public double etaSeconds() {
        if (totalSteps <= 0 || step <= startStep || nanos <= startedNanos) {
            return Double.NaN;
        }
        double perStep = (nanos - startedNanos) / 1e9 / (step - startStep);
        return Math.max(0, totalSteps - step) * perStep;
    }

    public double fraction() {
        return totalSteps > 0 ? Math.min(1, (double) step / totalSteps) : -1;
    }
}
