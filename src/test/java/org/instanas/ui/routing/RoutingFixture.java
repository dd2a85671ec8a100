// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.routing;

import java.nio.file.Path;
import org.instanas.app.export.RunImages;
import org.instanas.run.RunSnapshot;
import org.instanas.testutil.FakeRun;

/** A FakeRun read as the routing panes read it, with FakeRun's synthetic thumbnails and class names. */
public final class RoutingFixture {
    public final FakeRun run;
    public final RunData data;

    private RoutingFixture(FakeRun run) {
        this.run = run;
        this.data = RunData.of(RunSnapshot.load(run.dir), new RunImages(run.thumbnails(), run.classNames, null));
    }

    /** 500 images of 10 classes, 4 evaluated checkpoints. */
    public static RoutingFixture create(Path root) {
        return new RoutingFixture(FakeRun.create(root));
    }

    public static RoutingFixture create(Path root, int images, int classes, int evaluations) {
        return new RoutingFixture(FakeRun.create(root, images, classes, 60, evaluations, 7));
    }

    /** Reads the run folder again (e.g. after a new evaluation was written). */
    public RunData reread() {
        return RunData.of(RunSnapshot.load(run.dir), new RunImages(run.thumbnails(), run.classNames, null));
    }
}
