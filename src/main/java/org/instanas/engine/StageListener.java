// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.engine;

import org.instanas.run.MetricRecord;

/** Receives what a running stage reports. Called on the engine thread: implementations must be quick. */
public interface StageListener {
    /** A metric record, already appended to metrics.jsonl. */
    default void onMetric(MetricRecord record) {}

    /** Progress within the current stage. */
    default void onProgress(String stage, long step, long totalSteps, double imagesPerSecond) {}

    /** A line for the log / status bar. */
    default void onMessage(String message) {}

    StageListener NONE = new StageListener() {};
}
