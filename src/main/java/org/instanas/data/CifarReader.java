// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * CIFAR-10 and CIFAR-100 binary versions. A CIFAR-10 record is one label byte and 3072 pixel bytes
 * (R, G, B planes of 32×32, row-major: already C×H×W); a CIFAR-100 record has a coarse and a fine label
 * byte before the pixels, and the fine label is used.
 */
final class CifarReader {
    static final int PIXELS = 3 * 32 * 32;
    private static final Pattern BATCH = Pattern.compile("data_batch_(\\d+)\\.bin");

    /** What a folder holds. */
    record Found(String format, Path dir, List<Path> train, Path test, Path names) {
        int labelBytes() {
            return format.equals("cifar100") ? 2 : 1;
        }

        int numClasses() {
            return format.equals("cifar100") ? 100 : 10;
        }
    }

    private CifarReader() {}

    /** CIFAR binaries in dir or its usual sub-folder, or null if there are none. */
    static Found find(Path dir) {
        for (Path d : new Path[] {dir, dir.resolve("cifar-10-batches-bin"), dir.resolve("cifar-100-binary")}) {
            Found f = findIn(d);
            if (f != null) {
                return f;
            }
        }
        return null;
    }

    private static Found findIn(Path d) {
        if (!Files.isDirectory(d)) {
            return null;
        }
        List<Path> batches = new ArrayList<>();
        try (Stream<Path> s = Files.list(d)) {
            s.filter(p -> BATCH.matcher(p.getFileName().toString()).matches() && Files.isRegularFile(p))
                    .forEach(batches::add);
        } catch (IOException e) {
            throw DataFiles.io(d, e);
        }
        batches.sort(Comparator.comparingLong(CifarReader::batchNumber));
        Path test10 = d.resolve("test_batch.bin");
        if (!batches.isEmpty() || Files.isRegularFile(test10)) {
            if (batches.isEmpty()) {
                throw new DataException(d + ": CIFAR-10 test_batch.bin without any data_batch_N.bin");
            }
            if (!Files.isRegularFile(test10)) {
                throw new DataException(d + ": CIFAR-10 data batches without test_batch.bin");
            }
            return new Found("cifar10", d, List.copyOf(batches), test10, d.resolve("batches.meta.txt"));
        }
        Path train = d.resolve("train.bin");
        Path test = d.resolve("test.bin");
        if (Files.isRegularFile(train) || Files.isRegularFile(test)) {
            if (!Files.isRegularFile(train) || !Files.isRegularFile(test)) {
                throw new DataException(d + ": CIFAR-100 needs both train.bin and test.bin");
            }
            return new Found("cifar100", d, List.of(train), test, d.resolve("fine_label_names.txt"));
        }
        return null;
    }

    private static long batchNumber(Path p) {
        Matcher m = BATCH.matcher(p.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(1)) : Long.MAX_VALUE;
    }

    /** Reads and concatenates the files; sizes are checked for all of them before anything is allocated. */
    static ImageSet read(List<Path> files, int labelBytes, int numClasses) {
        int record = labelBytes + PIXELS;
        long total = 0;
        for (Path f : files) {
            long size = DataFiles.size(f);
            if (size == 0 || size % record != 0) {
                throw DataFiles.error(
                        f,
                        "truncated: " + size + " bytes is not a whole number of " + record + "-byte records ("
                                + size / record + " records and " + size % record + " bytes)");
            }
            total += size / record;
        }
        if (total * PIXELS > DataFiles.MAX_ARRAY) {
            throw DataFiles.error(files.get(0), "too large: " + total + " images");
        }
        int n = (int) total;
        byte[] pixels = new byte[n * PIXELS];
        int[] labels = new int[n];
        byte[] lab = new byte[labelBytes];
        int i = 0;
        for (Path f : files) {
            int records = (int) (DataFiles.size(f) / record);
            try (InputStream in = DataFiles.openRaw(f)) {
                for (int r = 0; r < records; r++, i++) {
                    int got = DataFiles.readFully(f, in, lab, 0, labelBytes);
                    got += DataFiles.readFully(f, in, pixels, i * PIXELS, PIXELS);
                    if (got < record) {
                        throw DataFiles.error(f, "truncated: record " + r + " has " + got + " of " + record + " bytes");
                    }
                    int label = lab[labelBytes - 1] & 0xff;
                    if (label >= numClasses) {
                        throw DataFiles.error(
                                f, "record " + r + ": label " + label + " is out of range 0.." + (numClasses - 1));
                    }
                    if (labelBytes == 2 && (lab[0] & 0xff) >= 20) {
                        throw DataFiles.error(
                                f, "record " + r + ": coarse label " + (lab[0] & 0xff) + " is out of range 0..19");
                    }
                    labels[i] = label;
                }
            } catch (IOException e) {
                throw DataFiles.io(f, e);
            }
        }
        return new ImageSet(3, 32, 32, pixels, labels);
    }

    /** Class names from the meta file if present (one per line), else the standard names. */
    static List<String> classNames(Found found) {
        List<String> defaults = found.format().equals("cifar100") ? ClassNames.CIFAR100 : ClassNames.CIFAR10;
        if (!Files.isRegularFile(found.names())) {
            return defaults;
        }
        return ClassNames.readList(found.names(), defaults.size());
    }
}
