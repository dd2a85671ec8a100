// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.engine;

/**
 * How a forward pass treats BatchNorm. {@link #EVAL} normalises with the running statistics;
 * {@link #TRAIN} with the batch's, updating the running ones with PyTorch's momentum 0.1;
 * {@link #calibration} too, with the momentum that makes the running statistics the exact average of
 * the batches seen so far (BatchNorm re-estimation, {@link Steps#recalibrate}).
 *
 * @param training    batch statistics (and running-statistics updates) rather than running ones
 * @param bnMomentum  DJL's momentum: the weight of the old running value (PyTorch's 1 − momentum)
 * @param calibration a re-estimation pass: a layer that did not run in every batch (an option no
 *                    image of a batch selected) averages over the batches it ran in instead
 *                    ({@link MetaGraph} counts them)
 */
record Pass(boolean training, float bnMomentum, boolean calibration) {
    /** DJL's momentum for PyTorch's default 0.1. */
    static final float BN_MOMENTUM = 0.9f;

    static final Pass TRAIN = new Pass(true, BN_MOMENTUM, false);
    static final Pass EVAL = new Pass(false, BN_MOMENTUM, false);

    /**
     * Batch statistics without touching the running ones (DJL's momentum 1 keeps the old value): the
     * search's reward forwards with {@code --reward-statistics batch}, where each policy is normalised
     * by the statistics of its own batch instead of those the sampled routes of training left.
     */
    static final Pass BATCH_STATISTICS = new Pass(true, 1f, false);

    /** Whether this pass writes the running statistics (training or re-estimation). */
    boolean updatesRunning() {
        return training && bnMomentum < 1f;
    }

    /** The {@code k}-th batch (from 1) of a re-estimation: running statistics = mean of the k batches. */
    static Pass calibration(int k) {
        return new Pass(true, 1f - 1f / k, true);
    }
}
