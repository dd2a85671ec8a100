// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.instanas.data.OwnImages;
import org.instanas.engine.CancelToken;
import org.instanas.engine.Router;
import org.instanas.engine.StageListener;
import org.instanas.run.Arch;
import org.instanas.run.MetricRecord;
import org.instanas.run.MetricsFile;
import org.instanas.run.MetricsWriter;
import org.instanas.run.RunConfig;
import org.instanas.run.RunDirectory;
import org.instanas.run.Stage;

/** Stands in for the engine: writes run.json and one search step every {@code stepMillis}, honouring the token. */
public final class FakeStageRunner implements StageRunner {
    public final List<String> calls = new CopyOnWriteArrayList<>();
    private final int steps;
    private final long stepMillis;
    public volatile RuntimeException failWith;

    public FakeStageRunner(int steps, long stepMillis) {
        this.steps = steps;
        this.stepMillis = stepMillis;
    }

    @Override
    public void run(
            Stage stage,
            RunConfig config,
            Path runDir,
            String checkpoint,
            boolean resume,
            StageListener listener,
            CancelToken cancel)
            throws Exception {
        calls.add(stage.id() + (resume ? " resume" : "") + " @"
                + Thread.currentThread().getName());
        loop(stage.id(), runDir, listener, cancel);
    }

    /** Routes every readable image the same way (the MobileNetV2 path, class 0), on the calling thread. */
    @Override
    public List<Router.Routed> route(RunConfig config, Path runDir, String checkpoint, OwnImages images) {
        calls.add(
                "route " + images.files().size() + " @" + Thread.currentThread().getName());
        List<Router.Routed> out = new ArrayList<>();
        for (Path f : images.files()) {
            float[] probs = new float[10];
            probs[0] = 0.9f;
            out.add(new Router.Routed(
                    f, 0, probs, Arch.format(Arch.fixed(Arch.MBV2)), 4.3, 50, new int[] {7}, new int[] {0}, null));
        }
        return out;
    }

    @Override
    public void demo(RunConfig config, Path runDir, StageListener listener, CancelToken cancel) throws Exception {
        calls.add("demo @" + Thread.currentThread().getName());
        loop("search", runDir, listener, cancel);
    }

    private void loop(String stage, Path runDir, StageListener listener, CancelToken cancel) throws Exception {
        if (failWith != null) {
            throw failWith;
        }
        RunDirectory d = new RunDirectory(runDir);
        if (!d.exists()) {
            TestRuns.create(runDir, runDir.getFileName().toString());
        }
        long start = countLines(d);
        try (MetricsWriter w = new MetricsWriter(d.metrics())) {
            for (long s = start; s < steps; s++) {
                cancel.awaitResumed();
                if (cancel.isCancelled()) {
                    listener.onMessage("stopped at step " + s);
                    return;
                }
                MetricRecord r = TestRuns.searchStep(s, System.currentTimeMillis() / 1000.0);
                w.append(r);
                listener.onMetric(r);
                listener.onProgress(stage, s + 1, steps, 640);
                if (stepMillis > 0) {
                    Thread.sleep(stepMillis);
                }
            }
        }
    }

    private static long countLines(RunDirectory d) throws IOException {
        return Files.exists(d.metrics())
                ? MetricsFile.readAll(d.metrics(), m -> {}).size()
                : 0;
    }
}
