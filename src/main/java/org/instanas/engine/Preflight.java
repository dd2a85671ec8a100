// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.engine;

import org.instanas.run.CheckpointInfo;
import org.instanas.run.RunConfig;
import org.instanas.run.RunDirectory;
import org.instanas.run.Stage;
import org.instanas.run.UserException;

/**
 * What a stage needs from its run before anything is written, profiled or started: a run folder
 * (run.json) for the stages that continue one, and the checkpoint they start from. A mistyped
 * {@code --run} or {@code --checkpoint} is refused here in milliseconds, naming the folder and the
 * command that would make what is missing, instead of after a new run.json, a lock and a latency
 * profile.
 */
public final class Preflight {
    private Preflight() {}

    /**
     * Checks that {@code stage} can start on {@code dir}; throws a {@link UserException} saying what is
     * missing otherwise. Pretraining and profiling may create a run, so only a named checkpoint is
     * checked for them.
     *
     * @param config the run's settings (from run.json where it exists), for fixed-architecture runs
     */
    public static void check(Stage stage, RunDirectory dir, RunConfig config, String checkpoint, boolean resume) {
        if (stage == Stage.PRETRAIN || stage == Stage.PROFILE) {
            if (checkpoint != null && dir.exists()) {
                Checkpoints.byName(dir, checkpoint);
            }
            return;
        }
        requireRun(dir, stage.id());
        if (checkpoint != null) {
            Checkpoints.byName(dir, checkpoint);
            return;
        }
        if (resume && Checkpoints.newest(dir, stage.id()) != null) {
            return;
        }
        String run = dir.root().toString();
        switch (stage) {
            case SEARCH -> {
                if (Checkpoints.newest(dir, Stage.PRETRAIN.id()) == null) {
                    throw new UserException(run + ": no pretrained meta-graph to search on; make one with 'instanas "
                            + "pretrain --run " + run + "' (or pass --checkpoint NAME)");
                }
            }
            case FINETUNE -> {
                CheckpointInfo c = Checkpoints.newest(dir, Stage.SEARCH.id());
                if (c == null || !Checkpoints.hasController(c)) {
                    throw new UserException(run + ": no search checkpoint with a controller to fine-tune; make one "
                            + "with 'instanas search --run " + run + "' (or pass --checkpoint NAME)");
                }
            }
            case EVALUATE -> {
                if (config != null && config.hasFixedArch()) {
                    if (Checkpoints.newest(dir, Stage.PRETRAIN.id()) == null) {
                        throw new UserException(run + ": no checkpoint of the fixed architecture to evaluate; make "
                                + "one with 'instanas pretrain --run " + run + "'");
                    }
                } else {
                    CheckpointInfo c = Checkpoints.newest(dir, Stage.FINETUNE.id(), Stage.SEARCH.id());
                    if (c == null || !Checkpoints.hasController(c)) {
                        throw new UserException(run + ": no checkpoint with a controller to evaluate; make one with "
                                + "'instanas search --run " + run + "' (or pass --checkpoint NAME)");
                    }
                }
            }
            default -> {}
        }
    }

    /**
     * Refuses a folder that is not a run, naming it and the command that creates one; {@code command} is
     * the one that was refused.
     */
    public static void requireRun(RunDirectory dir, String command) {
        if (!dir.exists()) {
            String run = dir.root().toString();
            boolean folder = java.nio.file.Files.isDirectory(dir.root());
            throw new UserException(run + ": " + (folder ? "not an InstaNAS run (no run.json)" : "no such run")
                    + "; '" + command + "' needs an existing run: create one with 'instanas pretrain --run " + run
                    + "' (or 'instanas demo --run " + run + "'), or check the path");
        }
    }
}
