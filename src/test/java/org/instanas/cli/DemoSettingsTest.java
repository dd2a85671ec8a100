// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.instanas.run.RunConfig;
import org.instanas.run.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code demo}: its own sizes for a new run, and an option the user gives wins over them. */
class DemoSettingsTest {
    private static RunConfig settings(String... args) {
        StageCommands.Demo demo = new StageCommands.Demo();
        new CommandLine(demo).parseArgs(args);
        return demo.opts.config(Stage.PRETRAIN, demo::newRunSettings);
    }

    @Test
    void aNewDemoRunTakesTheDemoSizesAndTheOptionsGivenWin(@TempDir Path tmp) {
        RunConfig defaults = new RunConfig();
        RunConfig plain = settings("--run", tmp.resolve("a").toString());
        assertEquals("gathered", plain.execution);
        assertEquals(2, plain.searchEpochs);
        assertEquals(5, plain.finetuneEpochs);
        assertEquals(0.01, plain.finetuneLr);
        assertEquals(200, plain.measureImages);

        RunConfig given = settings(
                "--run",
                tmp.resolve("b").toString(),
                "--execution",
                "masked",
                "--finetune-lr",
                "0.02",
                "--measure-images",
                "50",
                "--alpha",
                "0.9");
        assertEquals("masked", given.execution);
        assertEquals(0.02, given.finetuneLr);
        assertEquals(50, given.measureImages);
        assertEquals(0.9, given.alpha);
        assertEquals(2, given.searchEpochs, "what the user did not give stays the demo's");
        assertEquals(defaults.beta, given.beta);
    }
}
