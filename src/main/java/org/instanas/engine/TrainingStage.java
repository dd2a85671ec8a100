// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.engine;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.instanas.run.LatencyTable;
import org.instanas.run.Stage;

/**
 * What a training stage (pretrain, search, finetune) adds to the one loop of {@link StageLoop#train}:
 * its models, how to start without a checkpoint, the body of a step and the end of an epoch. The
 * loop does the rest the same way for every stage: epochs and phases of batches, resume from the
 * stage's newest checkpoint, cancel and pause at step boundaries, step metrics and progress, the
 * periodic mid-epoch checkpoint and the step limit.
 */
interface TrainingStage {

    /** What a checkpoint of the stage holds; the controller, its optimizer and the table may be null. */
    record Models(MetaGraph net, Controller ctrl, Optim netOpt, Optim ctrlOpt, LatencyTable table) {}

    Stage stage();

    Models models();

    /** The epochs the stage trains at most (its learning rate schedule spans them). */
    int epochs();

    /**
     * Early stopping: epochs without a better validation accuracy after which the stage stops (its
     * best validation checkpoint is its result); 0 = none.
     */
    default int patience() {
        return 0;
    }

    /** Passes over the training split per epoch (the search alternates controller and meta-graph passes). */
    default int phases() {
        return 1;
    }

    /** The shuffle of the batches of one phase of one epoch. */
    default int shuffle(int epoch, int phase) {
        return epoch;
    }

    /** A fresh start (no checkpoint of this stage resumed): load the starting weights and say so. */
    void start(String checkpoint) throws IOException;

    /** Called when the stage resumes from a checkpoint at {@code at}, before {@link #beginEpoch}. */
    default void resumed(LoopState at) {}

    /** Called before the first step of every epoch, the resumed one included. */
    default void beginEpoch(Schedule.Progress at) {}

    /** Trains on one batch at {@code at} (before the step is counted); returns the step's metrics. */
    Map<String, Double> step(int phase, Batches.Batch batch, Schedule.Progress at) throws IOException;

    /** The reward window in use, as {lb, ub}, or null for a stage without one. */
    default double[] window() {
        return null;
    }

    /** The level a following reward window may not fall below (see {@link LoopState#follow()}), or NaN. */
    default double windowFollow() {
        return Double.NaN;
    }

    /** Whether the stage can be steered while it runs ({@link org.instanas.run.Steering}): the search. */
    default boolean steerable() {
        return false;
    }

    /**
     * Problems with a set of overrides given the window in use (UB above LB); empty when it can be
     * applied. The values' own ranges are checked before.
     */
    default List<String> steerProblems(Map<String, Double> set) {
        return List.of();
    }

    /** Applies a set of overrides from the next step on; a setting not in it follows the run's settings again. */
    default void steer(Map<String, Double> set) {}

    /** The end of an epoch: {@code next} is where a resumed stage would continue. */
    void endEpoch(LoopState next) throws IOException;
}
