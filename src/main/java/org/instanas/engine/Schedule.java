// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.engine;

/**
 * A value that changes over a stage: a learning rate, pretraining's keep probability, the upper
 * bound of the reward window. Every schedule of the engine is one of the factories below, so a
 * stage's loop asks each the same question ({@link #at}) at the same point (before a step).
 */
@FunctionalInterface
interface Schedule {

    /** Where a stage stands: its global step (from 0) out of {@code steps}, and its epoch out of {@code epochs}. */
    record Progress(long step, long steps, int epoch, int epochs) {}

    double at(Progress p);

    static Schedule constant(double v) {
        return p -> v;
    }

    /** Cosine annealing from {@code v0} to 0 over the stage's steps, step by step. */
    static Schedule cosine(double v0) {
        return p -> 0.5 * v0 * (1 + Math.cos(Math.PI * Math.min(1.0, (double) p.step() / Math.max(1, p.steps()))));
    }

    /** The original's step schedule: {@code v0}, ×0.1 from half of the epochs, ×0.01 from three quarters. */
    static Schedule stepDrops(double v0) {
        return p -> {
            double f = (double) p.epoch() / Math.max(1, p.epochs());
            return v0 * (f >= 0.75 ? 0.01 : f >= 0.5 ? 0.1 : 1.0);
        };
    }

    /** {@code v0} multiplied by {@code ratio} every {@code everyEpochs} epochs (the controller's learning rate). */
    static Schedule decayEvery(double v0, double ratio, int everyEpochs) {
        return p -> v0 * Math.pow(ratio, Math.floor((double) p.epoch() / Math.max(1, everyEpochs)));
    }

    /**
     * Linear from {@code start} at the first epoch to {@code end} at the last, constant within an
     * epoch (the original's reward window; a one-epoch stage is at {@code end}).
     */
    static Schedule linearOverEpochs(double start, double end) {
        return p -> {
            double r = p.epochs() <= 1 ? 1.0 : Math.min(1.0, (double) p.epoch() / (p.epochs() - 1));
            return start - (start - end) * r;
        };
    }

    /**
     * Linear from {@code start} to {@code end}, step by step, between the same anchors as {@link
     * #linearOverEpochs}: {@code start} at the first step, {@code end} from the first step of the last
     * epoch on (a one-epoch stage ramps over its whole length, reaching {@code end} at its last step).
     * A per-epoch window outruns the controller of a short search: it jumps at once to where no
     * sampled architecture is rewarded.
     */
    static Schedule linearOverSteps(double start, double end) {
        return p -> {
            double ramp =
                    p.epochs() <= 1 ? Math.max(1, p.steps() - 1) : (double) p.steps() * (p.epochs() - 1) / p.epochs();
            double r = ramp <= 0 ? 1.0 : Math.min(1.0, p.step() / ramp);
            return start - (start - end) * r;
        };
    }

    /**
     * Pretraining's keep probability of each option: 1 for the first {@code allOnFraction} of the
     * steps, then falling linearly, step by step, to {@code finalKeep} at the last step. (Per epoch, a
     * two-epoch run with half of it all-on jumped from 1 to the final keep at once and collapsed to
     * chance accuracy on Fashion-MNIST.)
     */
    static Schedule keep(double allOnFraction, double finalKeep) {
        return p -> {
            long allOn = Math.round(allOnFraction * p.steps());
            if (p.step() < allOn) {
                return 1.0;
            }
            return 1.0
                    - (1.0 - finalKeep)
                            * Math.min(1.0, (double) (p.step() - allOn + 1) / Math.max(1, p.steps() - allOn));
        };
    }
}
