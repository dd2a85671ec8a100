// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.app;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.instanas.run.MetricRecord;
import org.instanas.run.MetricsWriter;
import org.instanas.run.RunConfig;
import org.instanas.run.RunDirectory;
import org.instanas.run.RunInfo;

/** A minimal run directory written with the run package's own writers. */
public final class TestRuns {
    private TestRuns() {}

    public static RunDirectory create(Path root, String name) throws IOException {
        RunDirectory d = new RunDirectory(root);
        RunConfig cfg = new RunConfig();
        new RunInfo(
                        name,
                        "tiny",
                        "samples",
                        8888,
                        "cpu",
                        1,
                        cfg.toMap(),
                        Map.of("app", "test"),
                        "2025-01-01T00:00:00Z",
                        RunInfo.FORMAT_VERSION)
                .write(d.runJson());
        return d;
    }

    public static MetricRecord searchStep(long step, double t0) {
        double x = step / 100.0;
        return new MetricRecord(
                "search",
                MetricRecord.STEP,
                (int) (step / 50),
                step,
                t0 + step * 0.1,
                Map.of(
                        "reward",
                        1 - Math.exp(-x),
                        "accuracy",
                        0.5 + 0.4 * (1 - Math.exp(-x)),
                        "latency",
                        20 - 5 * (1 - Math.exp(-x)),
                        "ub",
                        22 - step * 0.01,
                        "lb",
                        10.0,
                        "advantage",
                        Math.sin(step),
                        "entropy",
                        0.6 - 0.001 * step,
                        "loss",
                        2 * Math.exp(-x),
                        "lr",
                        5e-4),
                null);
    }

    /** A finished search of {@code steps} steps. */
    public static RunDirectory finished(Path root, int steps) throws IOException {
        RunDirectory d = create(root, root.getFileName().toString());
        try (MetricsWriter w = new MetricsWriter(d.metrics())) {
            for (int i = 0; i < steps; i++) {
                w.append(searchStep(i, 1.7e9));
            }
        }
        return d;
    }
}
