// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.difficulty;

import org.instanas.analysis.Difficulty;
import org.instanas.run.RoutingRow;

/** One row of the difficulty table: the difficulty measures of an image and its routing row. */
public record ImageRow(Difficulty.Image image, RoutingRow row, String predictionName) {
    public int index() {
        return image.index();
    }

    public int label() {
        return image.label();
    }

    public String className() {
        return image.className();
    }

    public boolean correct() {
        return image.correct();
    }

    public double latencyMs() {
        return image.latencyMs();
    }

    /** Against the chosen reference (class mean by default), −0.12 for "−12 %". */
    public double relLatency() {
        return image.relLatency();
    }

    public int activeOptions() {
        return image.activeOptions();
    }

    public double entropy() {
        return image.entropy();
    }

    public double measuredMs() {
        return row.measuredMs();
    }
}
