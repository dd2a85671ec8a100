// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.app;

import java.nio.file.Path;
import org.instanas.run.RunConfig;
import org.instanas.run.RunDirectory;

/** The settings of the demo: the bundled sample with the tiny preset, sized for 7–8 minutes on 2 CPU cores (at most 10). */
public final class DemoConfig {
    private DemoConfig() {}

    /**
     * Demo defaults for a new run (options given on the command line are applied after them); an
     * existing run keeps its stored settings. The demo trains gathered: it has a time budget, and
     * on the bundled sample gathered search and fine-tuning ended as accurate as masked in less
     * time (docs/performance.md "The demo").
     */
    public static RunConfig apply(RunConfig given, Path run) {
        if (new RunDirectory(run).exists()) {
            return given;
        }
        RunConfig c = given.copy();
        c.preset = "tiny";
        c.pretrainEpochs = 3;
        c.pretrainLr = 0.05;
        c.searchEpochs = 2;
        c.finetuneEpochs = 5;
        c.finetuneLr = 0.01;
        c.batchSize = 64;
        c.execution = "gathered";
        c.lr = 5e-4;
        c.netLr = 0.01;
        c.profileRepeats = 30;
        c.measureImages = 200;
        return c;
    }
}
