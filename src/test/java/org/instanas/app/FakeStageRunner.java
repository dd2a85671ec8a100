// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.instanas.data.OwnImages;
import org.instanas.engine.CancelToken;
import org.instanas.engine.Router;
import org.instanas.engine.StageListener;
import org.instanas.run.Arch;
import org.instanas.run.AtomicFiles;
import org.instanas.run.Metric;
import org.instanas.run.MetricRecord;
import org.instanas.run.MetricsFile;
import org.instanas.run.MetricsWriter;
import org.instanas.run.RunConfig;
import org.instanas.run.RunDirectory;
import org.instanas.run.Stage;
import org.instanas.run.Steering;
import org.instanas.run.SweepPlan;

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

    /** Steps of each member of a stand-in sweep. */
    public volatile int sweepSteps = 30;

    /**
     * A stand-in sweep: its plan in SOURCE-sweep/ (a plan already there is continued), then each member
     * as a short run ({@link #sweepSteps} search steps), announced as the engine's sweep announces it.
     */
    @Override
    public void sweep(Path source, RunConfig config, List<Double> ubEnds, StageListener listener, CancelToken cancel)
            throws Exception {
        calls.add("sweep " + ubEnds + " @" + Thread.currentThread().getName());
        Path folder = SweepPlan.folderOf(source);
        SweepPlan plan = SweepPlan.read(folder);
        if (plan == null) {
            List<SweepPlan.Member> members = new ArrayList<>();
            for (double v : ubEnds) {
                members.add(new SweepPlan.Member(SweepPlan.memberName(v), v, false, 0));
            }
            members.add(new SweepPlan.Member(SweepPlan.BASELINE, Double.NaN, true, 3));
            plan = new SweepPlan(SweepPlan.FORMAT_VERSION, "../" + source.getFileName(), "pretrain-0001", members);
            Files.createDirectories(folder);
            AtomicFiles.writeJson(folder.resolve(SweepPlan.FILE), plan);
        }
        for (SweepPlan.Member m : plan.members()) {
            if (cancel.isCancelled()) {
                return;
            }
            Path dir = folder.resolve(m.name());
            RunDirectory d = new RunDirectory(dir);
            if (d.exists()
                    && Files.exists(d.metrics())
                    && MetricsFile.readAll(d.metrics(), w -> {}).stream()
                                    .filter(r -> r.kind().equals(MetricRecord.STEP))
                                    .count()
                            >= sweepSteps) {
                continue; // finished before
            }
            listener.onMessage(SweepPlan.startMessage(m));
            loop("search", dir, listener, cancel, sweepSteps);
        }
    }

    /**
     * Steps between the stand-in's checkpoints (0: none): a run that already has steps continues from
     * the newest one, its later records cut, as the engine's resume does.
     */
    public volatile long checkpointEvery = 0;

    private void loop(String stage, Path runDir, StageListener listener, CancelToken cancel) throws Exception {
        loop(stage, runDir, listener, cancel, steps);
    }

    private void loop(String stage, Path runDir, StageListener listener, CancelToken cancel, int steps)
            throws Exception {
        if (failWith != null) {
            throw failWith;
        }
        RunDirectory d = new RunDirectory(runDir);
        if (!d.exists()) {
            TestRuns.create(runDir, runDir.getFileName().toString());
        }
        List<MetricRecord> before = Files.exists(d.metrics()) ? MetricsFile.readAll(d.metrics(), m -> {}) : List.of();
        long start =
                before.stream().filter(r -> r.kind().equals(MetricRecord.STEP)).count();
        boolean resuming = start > 0;
        if (resuming && checkpointEvery > 0) {
            long checkpoint = start / checkpointEvery * checkpointEvery;
            List<MetricRecord> kept =
                    before.stream().filter(r -> r.step() < checkpoint).toList();
            Files.delete(d.metrics());
            try (MetricsWriter w = new MetricsWriter(d.metrics())) {
                for (MetricRecord r : kept) {
                    w.append(r);
                }
            }
            start = checkpoint;
        }
        // the real steering bookkeeping: requests, the log and its replay on resume
        Steering.Session steering = Steering.open(runDir, stage, null, Steering.INBOX, resuming, start);
        try (MetricsWriter w = new MetricsWriter(d.metrics())) {
            for (long s = start; s < steps; s++) {
                cancel.awaitResumed();
                if (cancel.isCancelled()) {
                    listener.onMessage("stopped at step " + s);
                    return;
                }
                // the stand-in's own limit, so a refusal by the search can be seen
                Steering.Poll p = steering.poll(
                        s,
                        (int) (s / 50),
                        set -> set.getOrDefault(Steering.UB, 0.0) > 100
                                ? List.of("UB above the stand-in's 100 ms")
                                : List.of());
                if (p.refused() != null) {
                    MetricRecord e = new MetricRecord(
                            stage,
                            MetricRecord.EVENT,
                            (int) (s / 50),
                            s,
                            System.currentTimeMillis() / 1000.0,
                            Map.of(),
                            Steering.REFUSED_PREFIX + " (" + Steering.INBOX + "): " + p.refused());
                    w.append(e);
                    listener.onMetric(e);
                }
                if (p.change() != null) {
                    MetricRecord e = new MetricRecord(
                            stage,
                            MetricRecord.EVENT,
                            (int) (s / 50),
                            s,
                            System.currentTimeMillis() / 1000.0,
                            Steering.eventValues(p.change().set()),
                            Steering.eventMessage(p.change(), p.replayed()));
                    w.append(e);
                    listener.onMetric(e);
                }
                MetricRecord r = TestRuns.searchStep(s, System.currentTimeMillis() / 1000.0);
                Double ub = steering.current().get(Steering.UB);
                if (ub != null) {
                    Map<String, Double> v = new LinkedHashMap<>(r.values());
                    v.put(Metric.UB, ub);
                    r = new MetricRecord(r.stage(), r.kind(), r.epoch(), r.step(), r.time(), v, null);
                }
                w.append(r);
                listener.onMetric(r);
                listener.onProgress(stage, s + 1, steps, 640);
                if (stepMillis > 0) {
                    Thread.sleep(stepMillis);
                }
            }
        }
        steering.finish();
    }
}
