// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.engine;

import java.nio.file.Path;
import org.instanas.run.RunConfig;

/**
 * The stages as plain functions: the CLI and the workbench call these and nothing else of the
 * engine. Each call must run on the engine thread (the one thread that owns DJL); it writes the run
 * directory as it goes and returns when the stage ends, fails or is cancelled (resumable).
 */
public final class Pipeline {
    private Pipeline() {}

    /**
     * Runs one stage on a run directory. Creates the run (run.json) if it does not exist yet.
     *
     * @param checkpoint checkpoint name to start from (search starts from the newest pretrain
     *                   checkpoint, finetune/evaluate from the newest search/finetune one when null)
     * @param resume     continue this stage from its newest complete checkpoint
     */
    public static void run(Stage stage, RunConfig config, Path runDir, String checkpoint, boolean resume,
                           StageListener listener, CancelToken cancel) throws Exception {
        throw new UnsupportedOperationException("engine stages are being implemented");
    }

    /** pretrain → profile → search → finetune → evaluate on the bundled sample with the tiny preset. */
    public static void demo(RunConfig config, Path runDir, StageListener listener, CancelToken cancel) throws Exception {
        throw new UnsupportedOperationException("engine stages are being implemented");
    }
}
