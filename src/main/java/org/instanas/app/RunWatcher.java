// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.instanas.run.CheckpointInfo;
import org.instanas.run.EvalSummary;
import org.instanas.run.LatencyTable;
import org.instanas.run.MetricRecord;
import org.instanas.run.MetricsFile;
import org.instanas.run.RunDirectory;
import org.instanas.run.RunFormatException;
import org.instanas.run.RunInfo;
import org.instanas.run.Stage;
import org.instanas.run.StageRecord;

/**
 * Follows a run directory, live or finished, wherever the run was started: tails
 * {@code metrics.jsonl} into a {@link MetricsBuffer} and notices run.json, latency.json, new
 * checkpoints and evaluations, polling on a background thread. Readers take snapshots
 * ({@link #metrics()}, {@link #state()}) whenever they like, e.g. from a UI timer at ≤ 10 Hz.
 */
public final class RunWatcher implements AutoCloseable {
    public static final long DEFAULT_PERIOD_MS = 250;
    private static final int MAX_WARNINGS = 200;
    private static final ScheduledExecutorService SHARED = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "instanas-watch");
        t.setDaemon(true);
        return t;
    });

    private final RunDirectory dir;
    private final MetricsFile.Tail tail;
    private final MetricsBuffer buffer = new MetricsBuffer();
    private final List<String> warnings = new ArrayList<>();
    private volatile RunState state;
    private volatile ScheduledFuture<?> task;
    private long latencyStamp = -1;
    private long stagesStamp = -1;
    private long checkpointsStamp = -1;
    private long routingStamp = -1;
    private int polls;

    private RunWatcher(Path root, RunInfo info) {
        this.dir = new RunDirectory(root);
        this.tail = new MetricsFile.Tail(dir.metrics());
        this.state = new RunState(
                dir, info, null, List.of(), List.of(), List.of(), List.of(), false, 0, 0, 0, 0, 0, List.of(), 0);
    }

    /**
     * Opens an existing run (live or finished). Refuses a folder that is not a run.
     *
     * @throws RunFormatException naming the missing or unreadable file
     */
    public static RunWatcher open(Path root) {
        if (!Files.isDirectory(root)) {
            throw new RunFormatException(root, "is not a folder");
        }
        RunDirectory d = new RunDirectory(root);
        if (!d.exists()) {
            throw new RunFormatException(d.runJson(), "is missing: this folder is not an InstaNAS run");
        }
        return new RunWatcher(root, RunInfo.read(d.runJson()));
    }

    /** Follows a run that is being created here: run.json may appear only later. */
    public static RunWatcher expect(Path root) {
        RunDirectory d = new RunDirectory(root);
        RunInfo info = null;
        if (d.exists()) {
            try {
                info = RunInfo.read(d.runJson());
            } catch (RunFormatException e) {
                // re-read on the next poll
            }
        }
        return new RunWatcher(root, info);
    }

    /** Starts polling on the shared watch thread every {@code periodMs}. */
    public RunWatcher start(long periodMs) {
        if (task == null) {
            task = SHARED.scheduleWithFixedDelay(this::pollQuietly, 0, periodMs, TimeUnit.MILLISECONDS);
        }
        return this;
    }

    public RunWatcher start() {
        return start(DEFAULT_PERIOD_MS);
    }

    public Path root() {
        return dir.root();
    }

    public MetricsBuffer.Snapshot metrics() {
        return buffer.snapshot();
    }

    public long metricsVersion() {
        return buffer.version();
    }

    public RunState state() {
        return state;
    }

    /** One poll, on the calling thread (the scheduled task calls this; tests may too). */
    public synchronized void poll() throws IOException {
        List<MetricRecord> batch = new ArrayList<>();
        if (Files.exists(dir.metrics()) && Files.size(dir.metrics()) < tail.offset()) {
            buffer.clear(); // truncated (a resume cuts back to its checkpoint): Tail reads again from 0
        }
        tail.poll(batch::add, this::warn);
        buffer.appendAll(batch);
        RunState s = state;
        RunInfo info = s.info();
        long infoV = s.infoVersion();
        if (info == null && dir.exists()) {
            try {
                info = RunInfo.read(dir.runJson());
                infoV++;
            } catch (RunFormatException e) {
                // may be half-created; try again next poll
            }
        }
        LatencyTable latency = s.latency();
        long latV = s.latencyVersion();
        long stamp = stamp(dir.latencyJson());
        if (stamp != latencyStamp) {
            latencyStamp = stamp;
            latency = null;
            if (stamp >= 0) {
                try {
                    latency = LatencyTable.read(dir.latencyJson());
                } catch (RunFormatException e) {
                    warn(e.getMessage());
                }
            }
            latV++;
        }
        List<CheckpointInfo> ckpts = s.checkpoints();
        long ckV = s.checkpointsVersion();
        // folder mtimes change when entries are added or renamed; re-list every 4th poll anyway
        stamp = stamp(dir.checkpoints());
        if (stamp != checkpointsStamp || polls % 4 == 0) {
            checkpointsStamp = stamp;
            List<CheckpointInfo> now = safeList(dir::listCheckpoints, List.of());
            if (!names(now).equals(names(ckpts))) {
                ckpts = List.copyOf(now);
                ckV++;
            }
        }
        List<String> evals = s.evaluations();
        List<EvalSummary> sums = s.summaries();
        long evV = s.evaluationsVersion();
        stamp = stamp(dir.routing());
        if (stamp != routingStamp || polls % 4 == 0) {
            routingStamp = stamp;
            List<String> now = safeList(dir::listEvaluations, List.of());
            if (!new HashSet<>(now).equals(new HashSet<>(evals))) {
                List<EvalSummary> read = readSummaries(now);
                evals = chronological(now, read);
                sums = read;
                evV++;
            }
        }
        List<StageRecord> stages = s.stages();
        long stV = s.stagesVersion();
        stamp = stamp(dir.stages());
        if (stamp != stagesStamp) {
            stagesStamp = stamp;
            stages = List.copyOf(StageRecord.readAll(dir.stages()));
            stV++;
        }
        polls++;
        // growth after the first read means someone is writing: the run is live
        long changed = batch.isEmpty() || polls == 1 ? s.lastChangeMillis() : System.currentTimeMillis();
        List<String> w;
        synchronized (warnings) {
            w = List.copyOf(warnings);
        }
        state = new RunState(
                dir, info, latency, ckpts, evals, sums, w, true, changed, infoV, latV, ckV, evV, stages, stV);
    }

    private void pollQuietly() {
        try {
            poll();
        } catch (IOException | RuntimeException e) {
            warn(dir.metrics().getFileName() + ": " + e.getMessage());
        }
    }

    private void warn(String message) {
        synchronized (warnings) {
            if (warnings.size() < MAX_WARNINGS && !warnings.contains(message)) {
                warnings.add(message);
            }
        }
    }

    private List<EvalSummary> readSummaries(List<String> names) {
        List<EvalSummary> out = new ArrayList<>();
        for (String n : names) {
            try {
                out.add(EvalSummary.read(dir.evalSummary(n)));
            } catch (RunFormatException e) {
                warn(e.getMessage());
            }
        }
        return List.copyOf(out);
    }

    /** Evaluations oldest first: by the summary's time, then pipeline order (search before finetune), epoch, name. */
    static List<String> chronological(List<String> names, List<EvalSummary> summaries) {
        Map<String, EvalSummary> by = new HashMap<>();
        for (EvalSummary e : summaries) {
            by.put(e.checkpoint(), e);
        }
        List<String> stages = Arrays.stream(Stage.values()).map(Stage::id).toList();
        Comparator<String> c = Comparator.comparingLong((String n) -> instant(by.get(n)));
        c = c.thenComparingInt(n -> {
                    EvalSummary e = by.get(n);
                    int i = e == null ? -1 : stages.indexOf(e.stage());
                    return i < 0 ? stages.size() : i;
                })
                .thenComparingInt(n -> by.get(n) == null ? 0 : by.get(n).epoch())
                .thenComparing(n -> n);
        List<String> out = new ArrayList<>(names);
        out.sort(c);
        return List.copyOf(out);
    }

    private static long instant(EvalSummary e) {
        if (e == null || e.time() == null) {
            return Long.MIN_VALUE;
        }
        try {
            return OffsetDateTime.parse(e.time()).toInstant().toEpochMilli();
        } catch (DateTimeParseException x) {
            return Long.MIN_VALUE;
        }
    }

    private <T> List<T> safeList(Supplier<List<T>> s, List<T> fallback) {
        try {
            return s.get();
        } catch (RunFormatException e) {
            warn(e.getMessage());
            return fallback;
        }
    }

    private static List<String> names(List<CheckpointInfo> c) {
        return c.stream().map(CheckpointInfo::name).toList();
    }

    private static long stamp(Path p) {
        try {
            return Files.exists(p) ? Files.getLastModifiedTime(p).toMillis() ^ (Files.size(p) << 20) : -1;
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public void close() {
        ScheduledFuture<?> t = task;
        if (t != null) {
            t.cancel(false);
        }
    }
}
