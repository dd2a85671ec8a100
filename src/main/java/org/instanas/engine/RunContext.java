// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.engine;

import ai.djl.Device;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.instanas.data.Augment;
import org.instanas.data.Batcher;
import org.instanas.data.DatasetSplits;
import org.instanas.data.Datasets;
import org.instanas.data.ImageSet;
import org.instanas.run.AtomicFiles;
import org.instanas.run.MetricRecord;
import org.instanas.run.MetricsWriter;
import org.instanas.run.RunConfig;
import org.instanas.run.RunDirectory;
import org.instanas.run.RunInfo;
import org.instanas.run.RunLockedException;
import org.instanas.run.UserException;

/** An open run: its folder, settings, data, device and metrics stream, for the duration of one stage. */
final class RunContext implements AutoCloseable {
    final RunDirectory dir;
    final RunConfig cfg;
    final Preset preset;
    final Device device;
    final StageListener listener;
    final CancelToken cancel;
    MetricsWriter metrics;
    private DatasetSplits data;
    private ImageSet train;
    private ImageSet test;
    /** Index in the dataset's test split of each image of {@link #test()} (null: the same). */
    private int[] testOrigin;

    RunContext(Path root, RunConfig cfg, StageListener listener, CancelToken cancel) throws IOException {
        List<String> problems = cfg.problems();
        if (!problems.isEmpty()) {
            throw new UserException("invalid settings: " + String.join("; ", problems));
        }
        this.dir = new RunDirectory(root);
        this.listener = listener == null ? StageListener.NONE : listener;
        this.cancel = cancel == null ? new CancelToken() : cancel;
        if (dir.exists()) {
            RunInfo info = RunInfo.read(dir.runJson());
            if (!info.preset().equals(cfg.preset)) {
                throw new UserException(dir.runJson() + ": this run uses preset '" + info.preset() + "', not '"
                        + cfg.preset + "' (start a new run directory for another preset)");
            }
        }
        this.cfg = cfg;
        this.preset = Preset.load(cfg.preset);
        this.device = Torch.device(cfg.device);
        if (!dir.exists()) {
            if (Files.exists(root) && !Files.isDirectory(root)) {
                throw new UserException(root + ": exists and is not a folder");
            }
            if (Files.isDirectory(root)) {
                try (var s = Files.list(root)) {
                    if (s.anyMatch(p -> !p.getFileName().toString().equals(LOCK))) {
                        throw new UserException(root + ": the folder is not empty and is not an InstaNAS run; "
                                + "choose a new or empty folder");
                    }
                }
            }
            Files.createDirectories(root);
            String name = root.toAbsolutePath().normalize().getFileName().toString();
            new RunInfo(
                            name,
                            cfg.preset,
                            cfg.data,
                            cfg.seed,
                            Torch.deviceName(device),
                            Torch.threads(),
                            cfg.toMap(),
                            Torch.versions(),
                            OffsetDateTime.now().toString(),
                            RunInfo.FORMAT_VERSION)
                    .write(dir.runJson());
        }
        this.lockChannel = FileChannel.open(root.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock l;
        try {
            l = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null;
        }
        if (l == null) {
            lockChannel.close();
            throw new RunLockedException(root + ": another stage is writing this run right now (see " + LOCK
                    + "); wait for it or stop it first");
        }
        this.lock = l;
        removeStaleTemporaries();
        this.metrics = new MetricsWriter(dir.metrics());
    }

    static final String LOCK = ".lock";
    private final FileChannel lockChannel;
    private final FileLock lock;

    /** Temporary checkpoint folders left by a process that died while writing one. */
    private void removeStaleTemporaries() throws IOException {
        if (!Files.isDirectory(dir.checkpoints())) {
            return;
        }
        try (var s = Files.list(dir.checkpoints())) {
            for (Path p : s.toList()) {
                String n = p.getFileName().toString();
                if (n.startsWith(".") && n.endsWith(AtomicFiles.TMP_SUFFIX)) {
                    Checkpoints.deleteTree(p);
                }
            }
        }
    }

    /** Loads the dataset once, fitted to the preset's input shape and cut to the configured limits. */
    void loadData() {
        if (data != null) {
            return;
        }
        listener.onMessage("loading dataset " + cfg.data);
        DatasetSplits d = Datasets.load(cfg.data);
        d = Datasets.fitTo(d, preset.inputChannels(), preset.inputSize(), preset.inputSize());
        data = d;
        train = limit(d.train(), cfg.trainLimit, cfg.seed, null);
        int[][] origin = new int[1][];
        test = limit(d.test(), cfg.testLimit, cfg.seed + 1, origin);
        testOrigin = origin[0];
        if (train.size() < 2) {
            throw new UserException(
                    cfg.data + ": the training split has " + train.size() + " images; at least 2 are needed");
        }
        if (test.size() < 1) {
            throw new UserException(cfg.data + ": the test split is empty");
        }
    }

    /** The first n images in a seeded order, so a limited run still covers every class. */
    static ImageSet limit(ImageSet s, int n, long seed, int[][] origin) {
        if (n <= 0 || n >= s.size()) {
            return s;
        }
        int[] idx = Batches.permutation(s.size(), new SplittableRandom(seed));
        int[] keep = Arrays.copyOf(idx, n);
        Arrays.sort(keep);
        if (origin != null) {
            origin[0] = keep;
        }
        int bytes = s.imageBytes();
        byte[] px = new byte[n * bytes];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(s.pixels(), keep[i] * bytes, px, i * bytes, bytes);
            labels[i] = s.labels()[keep[i]];
        }
        return new ImageSet(s.channels(), s.height(), s.width(), px, labels);
    }

    DatasetSplits data() {
        loadData();
        return data;
    }

    ImageSet train() {
        loadData();
        return train;
    }

    ImageSet test() {
        loadData();
        return test;
    }

    /**
     * Training images for BatchNorm recalibration: {@code count} batches of {@code b} images in a
     * fixed seeded order, without augmentation.
     */
    List<float[]> calibrationBatches(int count, int b) {
        ImageSet tr = train();
        DatasetSplits d = data();
        int bs = Math.min(b, tr.size());
        int[] order = Batches.permutation(tr.size(), new SplittableRandom(cfg.seed + 17));
        List<float[]> out = new ArrayList<>();
        for (int k = 0; k < count && (k + 1) * bs <= tr.size(); k++) {
            float[] x = new float[bs * tr.imageBytes()];
            Batcher.fill(
                    tr,
                    Arrays.copyOfRange(order, k * bs, (k + 1) * bs),
                    d.mean(),
                    d.std(),
                    Augment.NONE,
                    new SplittableRandom(k),
                    x);
            out.add(x);
        }
        return out;
    }

    static final int CALIBRATION_BATCHES = 16;

    /** The dataset's own index of test image i, so routing files point at the right image. */
    int testIndex(int i) {
        loadData();
        return testOrigin == null ? i : testOrigin[i];
    }

    int classes() {
        return data().numClasses();
    }

    MetricRecord emit(String stage, String kind, int epoch, long step, Map<String, Double> values, String message)
            throws IOException {
        MetricRecord r =
                new MetricRecord(stage, kind, epoch, step, System.currentTimeMillis() / 1000.0, values, message);
        metrics.append(r);
        listener.onMetric(r);
        return r;
    }

    void event(String stage, int epoch, long step, String message) throws IOException {
        emit(stage, MetricRecord.EVENT, epoch, step, Map.of(), message);
        listener.onMessage(message);
    }

    @Override
    public void close() throws IOException {
        try {
            if (metrics != null) {
                metrics.close();
            }
        } finally {
            lock.release();
            lockChannel.close();
        }
    }
}
