// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.engine;

import ai.djl.ndarray.NDArray;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.instanas.run.AtomicFiles;
import org.instanas.run.CheckpointInfo;
import org.instanas.run.LatencyTable;
import org.instanas.run.Metric;
import org.instanas.run.MetricRecord;
import org.instanas.run.MetricsFile;
import org.instanas.run.MetricsWriter;
import org.instanas.run.RunDirectory;
import org.instanas.run.UserException;

/**
 * Checkpoint folders: {@code metagraph.bin}, {@code controller.bin}, {@code optim.bin}, a copy of the
 * latency table and {@code meta.json}. Everything is written into a hidden temporary folder that is
 * renamed when complete, so a crash never leaves a checkpoint that looks complete but is not.
 */
final class Checkpoints {
    static final String NET = "metagraph.bin";
    static final String CTRL = "controller.bin";
    static final String OPTIM = "optim.bin";

    private Checkpoints() {}

    static CheckpointInfo save(
            RunContext ctx,
            String name,
            String stage,
            int epoch,
            long step,
            MetaGraph net,
            Controller ctrl,
            Map<String, NDArray> optimState,
            Map<String, Object> state,
            Map<String, Double> summary,
            LatencyTable table)
            throws IOException {
        RunDirectory dir = ctx.dir;
        RunDirectory.safeName(name);
        Path root = dir.checkpoints();
        Files.createDirectories(root);
        Path tmp = root.resolve("." + name + AtomicFiles.TMP_SUFFIX);
        deleteTree(tmp);
        Files.createDirectories(tmp);
        try {
            ctx.metrics.sync();
            long offset = Files.size(dir.metrics());
            AtomicFiles.write(tmp.resolve(NET), net.params()::save);
            if (ctrl != null) {
                AtomicFiles.write(tmp.resolve(CTRL), ctrl.params()::save);
            }
            if (optimState != null && !optimState.isEmpty()) {
                AtomicFiles.write(tmp.resolve(OPTIM), out -> Params.writeTensors(out, optimState));
            }
            if (table != null) {
                table.write(tmp.resolve("latency.json"));
            }
            CheckpointInfo info = new CheckpointInfo(
                    name,
                    stage,
                    epoch,
                    step,
                    ctx.preset.name(),
                    System.currentTimeMillis() / 1000.0,
                    offset,
                    state,
                    summary,
                    CheckpointInfo.FORMAT_VERSION,
                    null);
            info.write(tmp);
            Path target = root.resolve(name);
            if (Files.exists(target)) {
                Path old = root.resolve("." + name + ".old" + AtomicFiles.TMP_SUFFIX);
                deleteTree(old);
                Files.move(target, old);
                AtomicFiles.move(tmp, target);
                deleteTree(old);
            } else {
                AtomicFiles.move(tmp, target);
            }
            return CheckpointInfo.read(target);
        } catch (IOException | RuntimeException e) {
            deleteTree(tmp);
            throw e;
        }
    }

    /** The newest complete checkpoint written by one of {@code stages}, or null. */
    /** The checkpoint called {@code name}, or when it is null the newest of {@code stages} (null: none). */
    static CheckpointInfo namedOrNewest(RunDirectory dir, String name, String... stages) {
        return name != null ? byName(dir, name) : newest(dir, stages);
    }

    static CheckpointInfo newest(RunDirectory dir, String... stages) {
        List<CheckpointInfo> all = dir.listCheckpoints();
        for (int i = all.size() - 1; i >= 0; i--) {
            for (String s : stages) {
                if (all.get(i).stage().equals(s)) {
                    return all.get(i);
                }
            }
        }
        return null;
    }

    /**
     * The epoch checkpoint of {@code stage} with the highest validation accuracy in its summary
     * ({@link Metric#VAL_ACCURACY}; the earliest of equals), or null when none has one (a run without
     * a validation split).
     */
    static CheckpointInfo best(RunDirectory dir, String stage) {
        CheckpointInfo best = null;
        for (CheckpointInfo c : dir.listCheckpoints()) {
            Double v = c.summary() == null ? null : c.summary().get(Metric.VAL_ACCURACY);
            if (!c.stage().equals(stage) || c.name().contains("-step") || v == null || v.isNaN()) {
                continue;
            }
            if (best == null
                    || v > best.summary().get(Metric.VAL_ACCURACY)
                    || v.equals(best.summary().get(Metric.VAL_ACCURACY)) && c.epoch() < best.epoch()) {
                best = c;
            }
        }
        return best;
    }

    /**
     * The checkpoint a stage's result is read from: the named one, else the validation-selected
     * ({@link #best}) checkpoint of the newest of {@code selected} stages present, else the newest of
     * {@code stages}.
     */
    static CheckpointInfo selected(RunDirectory dir, String name, List<String> selected, String... stages) {
        if (name != null) {
            return byName(dir, name);
        }
        CheckpointInfo newest = newest(dir, stages);
        if (newest != null && selected.contains(newest.stage())) {
            CheckpointInfo b = best(dir, newest.stage());
            if (b != null) {
                return b;
            }
        }
        return newest;
    }

    static CheckpointInfo byName(RunDirectory dir, String name) {
        Path p = dir.checkpoints().resolve(RunDirectory.safeName(name));
        if (!Files.isRegularFile(p.resolve(CheckpointInfo.META))) {
            throw new UserException(p + ": no such complete checkpoint (available: "
                    + dir.listCheckpoints().stream().map(CheckpointInfo::name).toList() + ")");
        }
        return CheckpointInfo.read(p);
    }

    static void load(CheckpointInfo c, String preset, MetaGraph net, Controller ctrl) throws IOException {
        if (!c.preset().equals(preset)) {
            throw new UserException(c.dir() + ": checkpoint of preset '" + c.preset() + "' cannot be used with preset '"
                    + preset + "'");
        }
        loadInto(c.dir().resolve(NET), net.params(), "meta-graph");
        if (ctrl != null && Files.isRegularFile(c.dir().resolve(CTRL))) {
            loadInto(c.dir().resolve(CTRL), ctrl.params(), "controller");
        }
    }

    static boolean hasController(CheckpointInfo c) {
        return Files.isRegularFile(c.dir().resolve(CTRL));
    }

    private static void loadInto(Path file, Params params, String what) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            params.load(in, file + " (" + what + ")");
        } catch (NoSuchFileException e) {
            throw new UserException(file + ": missing from the checkpoint");
        } catch (IOException e) {
            String m = e.getMessage();
            throw new UserException(m != null && m.startsWith(file.toString()) ? m : file + ": " + m, e);
        }
    }

    static Map<String, float[]> loadOptim(CheckpointInfo c, Map<String, long[]> shapes) throws IOException {
        Path f = c.dir().resolve(OPTIM);
        if (!Files.isRegularFile(f)) {
            return Map.of();
        }
        try (InputStream in = Files.newInputStream(f)) {
            return Params.readTensors(in, shapes);
        } catch (IOException e) {
            throw new UserException(f + ": " + e.getMessage(), e);
        }
    }

    /**
     * Cuts metrics.jsonl back to where it was at the checkpoint, so a resumed stage does not repeat
     * steps; only when everything after that point belongs to the stage being resumed.
     */
    static void rewindMetrics(RunContext ctx, CheckpointInfo c) throws IOException {
        Path f = ctx.dir.metrics();
        if (!Files.exists(f) || Files.size(f) <= c.metricsOffset()) {
            return;
        }
        ctx.metrics.close();
        boolean ours = true;
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "r")) {
            raf.seek(c.metricsOffset());
            byte[] rest = new byte[(int) (raf.length() - c.metricsOffset())];
            raf.readFully(rest);
            for (String line : new String(rest, StandardCharsets.UTF_8).split("\n")) {
                MetricRecord r = MetricsFile.parse(line, w -> {});
                if (r != null && !r.stage().equals(c.stage())) {
                    ours = false;
                    break;
                }
            }
        }
        if (ours) {
            try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
                raf.setLength(c.metricsOffset());
            }
        }
        ctx.metrics = new MetricsWriter(f);
    }

    /**
     * Before a stage starts from scratch: drops the trailing records of an earlier attempt of the same
     * stage that died before writing any checkpoint, so the new attempt's steps are not duplicated.
     */
    static void dropOrphanRecords(RunContext ctx, String stage) throws IOException {
        Path f = ctx.dir.metrics();
        if (!Files.exists(f) || Files.size(f) == 0) {
            return;
        }
        ctx.metrics.close();
        byte[] all = Files.readAllBytes(f);
        long segStart = all.length;
        int end = all.length;
        while (end > 0) {
            int start = end - 1;
            while (start > 0 && all[start - 1] != '\n') {
                start--;
            }
            String line = new String(all, start, end - start, StandardCharsets.UTF_8).trim();
            MetricRecord r = MetricsFile.parse(line, w -> {});
            if (r != null && !r.stage().equals(stage)) {
                break;
            }
            segStart = start;
            end = start;
        }
        long newest = -1;
        for (CheckpointInfo c : ctx.dir.listCheckpoints()) {
            if (c.stage().equals(stage)) {
                newest = Math.max(newest, c.metricsOffset());
            }
        }
        if (segStart < all.length && newest < segStart) {
            try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
                raf.setLength(segStart);
            }
        }
        ctx.metrics = new MetricsWriter(f);
    }

    /** Deletes mid-epoch checkpoints of a stage older than {@code keep} (epoch checkpoints stay). */
    static void pruneSteps(RunDirectory dir, String stage, String keep) {
        for (CheckpointInfo c : dir.listCheckpoints()) {
            if (c.stage().equals(stage)
                    && c.name().contains("-step")
                    && !c.name().equals(keep)) {
                try {
                    deleteTree(c.dir());
                } catch (IOException e) {
                    // not fatal: an old checkpoint stays
                }
            }
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(q);
            }
        }
    }

    static Map<String, NDArray> optimState(Optim netOpt, MetaGraph net, Optim ctrlOpt, Controller ctrl) {
        Map<String, NDArray> m = new LinkedHashMap<>();
        if (netOpt != null) {
            netOpt.stateTensors(net.params().trainableByName()).forEach((k, v) -> m.put("net:" + k, v));
        }
        if (ctrlOpt != null && ctrl != null) {
            ctrlOpt.stateTensors(ctrl.params().trainableByName()).forEach((k, v) -> m.put("ctrl:" + k, v));
        }
        return m;
    }

    static void restoreOptim(
            CheckpointInfo c, Optim netOpt, MetaGraph net, int netSlots, Optim ctrlOpt, Controller ctrl, int ctrlSlots)
            throws IOException {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        Map<String, float[]> all = loadOptim(c, shapes);
        if (netOpt != null) {
            netOpt.restore(
                    strip(all, "net:"), strip(shapes, "net:"), net.params().trainableByName(), netSlots);
        }
        if (ctrlOpt != null && ctrl != null) {
            ctrlOpt.restore(
                    strip(all, "ctrl:"), strip(shapes, "ctrl:"), ctrl.params().trainableByName(), ctrlSlots);
        }
    }

    private static <V> Map<String, V> strip(Map<String, V> m, String prefix) {
        Map<String, V> out = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }
}
