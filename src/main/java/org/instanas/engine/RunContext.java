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
import org.instanas.run.EvalSummary;
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
    private ImageSet validation;
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
            keepRunSettings(cfg, RunConfig.fromMap(info.config()));
        }
        this.cfg = cfg;
        this.preset = Preset.load(cfg.preset).widened(cfg.widthMultiplier);
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
            if (cfg.valSplit == RunConfig.VAL_AUTO) {
                loadData(); // resolves the validation split's size, recorded in run.json
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

    /**
     * The settings fixed at a run's creation: its validation split and width multiplier (another
     * split would train on images earlier epochs were selected on; other widths do not load its
     * weights). "auto" takes the run's; a different number is refused.
     */
    private static void keepRunSettings(RunConfig cfg, RunConfig recorded) {
        if (cfg.valSplit == RunConfig.VAL_AUTO) {
            cfg.valSplit = recorded.valSplit;
        } else if (cfg.valSplit != recorded.valSplit) {
            throw new UserException("--val-split " + cfg.valSplit + ": this run "
                    + (recorded.valSplit == 0
                            ? "has no validation split"
                            : "holds out " + recorded.valSplit + " validation images")
                    + ", fixed when it was created (start a new run directory for another split)");
        }
        if (cfg.widthMultiplier != recorded.widthMultiplier) {
            throw new UserException("--width-multiplier " + cfg.widthMultiplier + ": this run was created with "
                    + recorded.widthMultiplier + " (start a new run directory for other widths)");
        }
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
        ImageSet trainSplit = d.train();
        if (cfg.valSplit == RunConfig.VAL_AUTO) {
            cfg.valSplit = autoValidation(trainSplit.size());
        }
        if (cfg.valSplit > 0) {
            if (cfg.valSplit >= trainSplit.size() - 1) {
                throw new UserException("--val-split " + cfg.valSplit + ": " + cfg.data + " has only "
                        + trainSplit.size() + " training images; hold out fewer");
            }
            ImageSet[] parts = holdOut(trainSplit, cfg.valSplit, d.numClasses(), cfg.seed + VALIDATION_SEED);
            trainSplit = parts[0];
            validation = limit(parts[1], cfg.testLimit, cfg.seed + 2, null);
            listener.onMessage(
                    "validation split: " + cfg.valSplit + " of the " + d.train().size()
                            + " training images held out, class-balanced"
                            + (validation.size() < cfg.valSplit
                                    ? " (" + validation.size() + " of them used: --test-limit)"
                                    : ""));
        }
        train = limit(trainSplit, cfg.trainLimit, cfg.seed, null);
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

    /** Offset of the validation draw's seed from the run's (so another seed draws another split). */
    static final long VALIDATION_SEED = 29;

    /** {@link RunConfig#VAL_AUTO}: a twelfth of the training split, at most 5 000. */
    static int autoValidation(int trainImages) {
        return Math.min(5000, (int) Math.round(trainImages / 12.0));
    }

    /**
     * {training rest, validation}: {@code n} images drawn without replacement, class by class in
     * proportion to the classes' sizes (largest remainders round), in a seeded order; both parts keep
     * the split's order.
     */
    static ImageSet[] holdOut(ImageSet s, int n, int classes, long seed) {
        int[] counts = s.classCounts(classes);
        int total = s.size();
        int[] quota = new int[classes];
        double[] rest = new double[classes];
        int given = 0;
        for (int c = 0; c < classes; c++) {
            double q = (double) n * counts[c] / total;
            quota[c] = (int) Math.floor(q);
            rest[c] = q - quota[c];
            given += quota[c];
        }
        while (given < n) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (rest[c] > rest[best]) {
                    best = c;
                }
            }
            quota[best]++;
            rest[best] = -1;
            given++;
        }
        boolean[] held = new boolean[total];
        for (int i : Batches.permutation(total, new SplittableRandom(seed))) {
            int c = s.labels()[i];
            if (quota[c] > 0) {
                quota[c]--;
                held[i] = true;
            }
        }
        int[] keep = new int[total - n];
        int[] val = new int[n];
        for (int i = 0, k = 0, v = 0; i < total; i++) {
            if (held[i]) {
                val[v++] = i;
            } else {
                keep[k++] = i;
            }
        }
        return new ImageSet[] {subset(s, keep), subset(s, val)};
    }

    private static ImageSet subset(ImageSet s, int[] idx) {
        int bytes = s.imageBytes();
        byte[] px = new byte[idx.length * bytes];
        int[] labels = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            System.arraycopy(s.pixels(), idx[i] * bytes, px, i * bytes, bytes);
            labels[i] = s.labels()[idx[i]];
        }
        return new ImageSet(s.channels(), s.height(), s.width(), px, labels);
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
        return subset(s, keep);
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

    /** The validation split, or null when the run has none. */
    ImageSet validation() {
        loadData();
        return validation;
    }

    /**
     * Where end-of-epoch evaluations run: the validation split, or the test split in a run without
     * one (then labelled test-selected).
     */
    ImageSet selectionSplit() {
        ImageSet v = validation();
        return v != null ? v : test();
    }

    /** "validation" or "test": the split of {@link #selectionSplit()}. */
    String selectionSplitName() {
        return validation() != null ? EvalSummary.VALIDATION : EvalSummary.TEST;
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
