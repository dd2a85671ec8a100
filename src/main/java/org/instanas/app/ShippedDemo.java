// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.instanas.data.Datasets;
import org.instanas.run.AtomicFiles;
import org.instanas.run.RunDirectory;

/**
 * The finished demo run shipped beside the bundled sample ({@code samples/demo-run}, see its
 * README): the workbench opens it on a first start so every pane has something to show at once. It
 * is read-only: a stage started on it runs on a copy under the runs folder.
 */
public final class ShippedDemo {
    public static final String FOLDER = "demo-run";
    /** A system property naming another folder as the shipped run (tests). */
    public static final String PROPERTY = "instanas.shippedDemo";

    private ShippedDemo() {}

    /** The shipped demo run, or null when this installation has none. */
    public static Path find() {
        try {
            String given = System.getProperty(PROPERTY);
            Path p = (given != null
                            ? Path.of(given)
                            : Datasets.resolve("samples").getParent().resolve(FOLDER))
                    .toAbsolutePath()
                    .normalize();
            return new RunDirectory(p).exists() ? p : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Whether {@code run} is the shipped (read-only) demo run. */
    public static boolean isShipped(Path run) {
        Path shipped = find();
        return shipped != null
                && run != null
                && shipped.equals(run.toAbsolutePath().normalize());
    }

    /**
     * Copies a run into a new folder under the runs folder (everything but its lock and temporaries),
     * written to a temporary folder first so a failed copy leaves nothing half-made; returns the copy.
     */
    public static Path copy(Path run) throws IOException {
        Path target = AppPaths.newRunDir("demo");
        Path tmp = target.resolveSibling("." + target.getFileName() + AtomicFiles.TMP_SUFFIX);
        Files.createDirectories(tmp);
        List<Path> files;
        try (Stream<Path> s = Files.walk(run)) {
            files = s.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .toList();
        }
        for (Path f : files) {
            Path to = tmp.resolve(run.relativize(f).toString());
            Files.createDirectories(to.getParent());
            Files.copy(f, to);
        }
        AtomicFiles.move(tmp, target);
        return target;
    }
}
