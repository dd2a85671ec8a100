// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.instanas.engine.Torch;
import org.junit.jupiter.api.Test;

class VersionTest {
    @Test
    void versionNamesTheCpuAndTheKernelConfigurationInUse() {
        ExportCommandTest.Result r = ExportCommandTest.run("--version");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().matches("(?s).*\\ncpu +\\S.*\\n.*"), r.out());
        String commit = Torch.buildCommit(); // null only when built outside a git checkout
        if (commit != null) {
            assertTrue(commit.matches("[0-9a-f]{7,}(-dirty)?"), commit);
            assertTrue(r.out().contains("\nbuild    " + commit + "\n"), "the git commit of the build: " + r.out());
        }
        assertTrue(r.out().matches("(?s).*\\nkernels +(native|pad16) \\(.*self-check (run|cached from) .*"), r.out());
    }
}
