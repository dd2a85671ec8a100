// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.app;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Where the workbench keeps its own files: {@code ~/.instanas} by default, or the folder named by the
 * system property {@code instanas.home} (tests set it to a temporary folder).
 */
public final class AppPaths {
    public static final String HOME_PROPERTY = "instanas.home";

    private AppPaths() {}

    public static Path home() {
        String p = System.getProperty(HOME_PROPERTY);
        if (p != null && !p.isBlank()) {
            return Path.of(p);
        }
        return Path.of(System.getProperty("user.home"), ".instanas");
    }

    /** Default parent of new runs. */
    public static Path runs() {
        return home().resolve("runs");
    }

    public static Path recentFile() {
        return home().resolve("recent.json");
    }

    /** A fresh run folder name under {@link #runs()}, e.g. {@code sample-20250101-120000}. */
    public static Path newRunDir(String prefix) {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path p = runs().resolve(prefix + "-" + stamp);
        int i = 2;
        while (p.toFile().exists()) {
            p = runs().resolve(prefix + "-" + stamp + "-" + i++);
        }
        return p;
    }
}
