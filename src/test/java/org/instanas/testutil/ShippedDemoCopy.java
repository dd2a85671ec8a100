// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.testutil;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.instanas.app.ShippedDemo;
import org.instanas.run.RunDirectory;

/** A writable copy of the shipped demo run (a real small checkpoint) for tests that open it. */
public final class ShippedDemoCopy {
    private ShippedDemoCopy() {}

    /** Copies samples/demo-run, without its lock file, to {@code target}; returns {@code target}. */
    public static Path to(Path target) throws IOException {
        Path shipped = ShippedDemo.find();
        try (Stream<Path> s = Files.walk(shipped)) {
            for (Path p : s.toList()) {
                Path t = target.resolve(shipped.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else if (!p.getFileName().toString().equals(".lock")) {
                    Files.copy(p, t);
                }
            }
        }
        return target;
    }

    /** The checkpoint the run's final evaluation was made of, e.g. "finetune-0005". */
    public static String finalCheckpoint(Path run) {
        return new RunDirectory(run)
                .listEvaluations().stream()
                        .filter(n -> n.startsWith("final-"))
                        .reduce((a, b) -> b)
                        .orElseThrow(() -> new IllegalStateException(run + " has no final evaluation"))
                        .substring("final-".length());
    }
}
