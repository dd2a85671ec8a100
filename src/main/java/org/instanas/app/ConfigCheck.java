// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.instanas.data.DataException;
import org.instanas.data.Datasets;
import org.instanas.run.RunDirectory;

/** Cheap checks of what a new-run form names (no dataset is read): fit for validating as the user types. */
public final class ConfigCheck {
    private ConfigCheck() {}

    /** Why a dataset spec cannot be used, or null when it resolves to a folder. */
    public static String dataProblem(String spec) {
        if (spec == null || spec.isBlank()) {
            return "must be given (a folder, 'samples' or a dataset name)";
        }
        try {
            Path p = Datasets.resolve(spec.trim());
            return p == null || !Files.isDirectory(p) ? "not found: " + spec : null;
        } catch (DataException | IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /** Why a folder cannot hold a new run, or null. A folder that already is a run is fine (stages continue in it). */
    public static String runDirProblem(String path) {
        if (path == null || path.isBlank()) {
            return "must be given";
        }
        Path p;
        try {
            p = Path.of(path.trim());
        } catch (RuntimeException e) {
            return "not a valid path: " + e.getMessage();
        }
        if (Files.isRegularFile(p)) {
            return "is a file, not a folder";
        }
        if (Files.isDirectory(p) && !new RunDirectory(p).exists() && !isEmpty(p)) {
            return "exists and is not an InstaNAS run (choose an empty or new folder)";
        }
        return null;
    }

    public static boolean isExistingRun(String path) {
        try {
            return path != null && !path.isBlank() && new RunDirectory(Path.of(path.trim())).exists();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }
}
