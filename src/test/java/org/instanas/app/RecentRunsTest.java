// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecentRunsTest {
    @TempDir
    Path tmp;

    @Test
    void newestFirstPersistedAndBounded() throws Exception {
        Path file = tmp.resolve("recent.json");
        RecentRuns r = new RecentRuns(file);
        for (int i = 0; i < RecentRuns.MAX + 3; i++) {
            r.add(tmp.resolve("run" + i), "run" + i);
        }
        r.add(tmp.resolve("run5"), "run5");
        RecentRuns again = new RecentRuns(file);
        assertEquals(RecentRuns.MAX, again.entries().size());
        assertEquals("run5", again.entries().get(0).name());
        assertEquals(
                1, again.entries().stream().filter(e -> e.name().equals("run5")).count());
    }

    @Test
    void unreadableFileIsAnEmptyList() throws Exception {
        Path file = tmp.resolve("recent.json");
        Files.writeString(file, "garbage");
        assertTrue(new RecentRuns(file).entries().isEmpty());
    }

    @Test
    void homeFollowsTheSystemProperty() {
        String old = System.getProperty(AppPaths.HOME_PROPERTY);
        try {
            System.setProperty(AppPaths.HOME_PROPERTY, tmp.toString());
            assertEquals(tmp.resolve("recent.json"), AppPaths.recentFile());
            assertTrue(AppPaths.newRunDir("sample").startsWith(tmp.resolve("runs")));
        } finally {
            if (old == null) {
                System.clearProperty(AppPaths.HOME_PROPERTY);
            } else {
                System.setProperty(AppPaths.HOME_PROPERTY, old);
            }
        }
    }
}
