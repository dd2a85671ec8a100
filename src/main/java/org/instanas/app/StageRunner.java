// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.app;

import java.nio.file.Path;
import java.util.List;
import org.instanas.data.OwnImages;
import org.instanas.engine.CancelToken;
import org.instanas.engine.Pipeline;
import org.instanas.engine.Router;
import org.instanas.engine.StageListener;
import org.instanas.engine.Sweep;
import org.instanas.run.RouteTrial;
import org.instanas.run.RunConfig;
import org.instanas.run.Stage;

/**
 * The engine's entry points as the front ends see them. {@link #PIPELINE} calls
 * {@link Pipeline}; tests substitute a runner that writes a run directory without libtorch.
 */
public interface StageRunner {
    void run(
            Stage stage,
            RunConfig config,
            Path runDir,
            String checkpoint,
            boolean resume,
            StageListener listener,
            CancelToken cancel)
            throws Exception;

    void demo(RunConfig config, Path runDir, StageListener listener, CancelToken cancel) throws Exception;

    /**
     * Runs or continues the sweep of reward windows from a pretrained run ({@link Sweep#run}; empty
     * {@code ubEnds}: continue its stored plan), the baseline with the variants' budget.
     */
    default void sweep(Path source, RunConfig config, List<Double> ubEnds, StageListener listener, CancelToken cancel)
            throws Exception {
        Pipeline.setOrigin("workbench (sweep)");
        Sweep.run(source, config, ubEnds, true, 0, listener, cancel);
    }

    /** Routes the user's own images through a checkpoint of the run ({@link Router#route}). */
    default List<Router.Routed> route(RunConfig config, Path runDir, String checkpoint, OwnImages images)
            throws Exception {
        return Router.route(config, runDir, checkpoint, images, null);
    }

    /** Test images through an edited architecture ({@link Router#tryArchitecture}). */
    default RouteTrial tryArchitecture(
            RunConfig config, Path runDir, String checkpoint, int[] testIndices, boolean[][] arch, boolean reestimate)
            throws Exception {
        return Router.tryArchitecture(config, runDir, checkpoint, testIndices, arch, reestimate, null);
    }

    StageRunner PIPELINE = new StageRunner() {
        @Override
        public void run(
                Stage stage,
                RunConfig config,
                Path runDir,
                String checkpoint,
                boolean resume,
                StageListener listener,
                CancelToken cancel)
                throws Exception {
            Pipeline.setOrigin("workbench");
            Pipeline.run(stage, config, runDir, checkpoint, resume, listener, cancel);
        }

        @Override
        public void demo(RunConfig config, Path runDir, StageListener listener, CancelToken cancel) throws Exception {
            Pipeline.setOrigin("workbench (demo)");
            Pipeline.demo(config, runDir, listener, cancel);
        }
    };
}
