// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Loads datasets from a spec and fits them to a model's input shape. A spec is a folder (format detected
 * from its contents: IDX files, CIFAR binaries or class sub-folders), {@code samples} (the bundled
 * Fashion-MNIST subset) or a dataset name ({@code fashion-mnist}, {@code mnist}, {@code cifar10},
 * {@code cifar100}) looked up in {@code -Dinstanas.datasets}, {@code /usr/share/datasets} and
 * {@code ~/.instanas/datasets}. Names win over relative paths of the same spelling (write {@code ./mnist}).
 * Everything either loads completely or throws a {@link DataException} naming the file and the problem.
 */
public final class Datasets {
    /** How {@link #fitTo(DatasetSplits, int, int, int, Fit)} changes the spatial size. */
    public enum Fit {
        /** Pad or crop (centred) when the size changes by at most 25 %, else resize. */
        AUTO,
        /** Zero-pad or centre-crop each dimension. */
        PAD_CROP,
        /** Bilinear resize. */
        RESIZE
    }

    private Datasets() {}

    /** The folder a spec refers to (without reading it). */
    public static Path resolve(String spec) {
        return Locator.resolve(spec);
    }

    public static DatasetSplits load(String spec) {
        return load(spec, 0, 0);
    }

    /** Loads a dataset; height/width &gt; 0 resize image folders to that size (other formats ignore them). */
    public static DatasetSplits load(String spec, int height, int width) {
        Path dir = resolve(spec);
        Path[] idx = IdxReader.find(dir);
        if (idx != null) {
            return loadIdx(spec, dir, idx);
        }
        CifarReader.Found cifar = CifarReader.find(dir);
        if (cifar != null) {
            List<String> names = CifarReader.classNames(cifar);
            ImageSet train = CifarReader.read(cifar.train(), cifar.labelBytes(), cifar.numClasses());
            ImageSet test = CifarReader.read(List.of(cifar.test()), cifar.labelBytes(), cifar.numClasses());
            return splits(spec, cifar.format(), cifar.dir(), train, test, names, true);
        }
        if (FolderReader.looksLikeFolders(dir)) {
            FolderReader.Loaded f = FolderReader.read(dir, height, width);
            return splits(spec, "folder", dir, f.train(), f.test(), f.classes(), true);
        }
        throw new DataException(
                dir + ": " + (isEmpty(dir) ? "empty folder" : "no dataset found") + ": expected " + Locator.ACCEPTED);
    }

    private static DatasetSplits loadIdx(String spec, Path dir, Path[] idx) {
        Path classesTxt = dir.resolve("classes.txt");
        Path name = dir.toAbsolutePath().normalize().getFileName();
        boolean fashionFolder =
                name != null && name.toString().toLowerCase(Locale.ROOT).contains("fashion");
        List<String> names = Files.isRegularFile(classesTxt)
                ? ClassNames.readList(classesTxt, -1)
                : fashionFolder ? ClassNames.FASHION_MNIST : ClassNames.DIGITS;
        boolean fashion = fashionFolder || names.equals(ClassNames.FASHION_MNIST);
        ImageSet train = IdxReader.read(idx[0], idx[1], names.size());
        ImageSet test = IdxReader.read(idx[2], idx[3], names.size());
        if (train.height() != test.height() || train.width() != test.width()) {
            throw new DataException(idx[2] + ": images are " + test.height() + "x" + test.width() + " but " + idx[0]
                    + " has " + train.height() + "x" + train.width());
        }
        // Clothes are left/right symmetric; digits are not.
        return splits(spec, "idx", dir, train, test, names, fashion);
    }

    private static DatasetSplits splits(
            String spec, String format, Path dir, ImageSet train, ImageSet test, List<String> names, boolean flip) {
        float[][] ms = Normalisation.meanStd(train);
        return new DatasetSplits(spec, format, dir.toString(), train, test, List.copyOf(names), ms[0], ms[1], flip);
    }

    private static boolean isEmpty(Path dir) {
        try (var s = Files.list(dir)) {
            return s.findAny().isEmpty();
        } catch (IOException e) {
            throw DataFiles.io(dir, e);
        }
    }

    /** {@link #fitTo(DatasetSplits, int, int, int, Fit)} with {@link Fit#AUTO}. */
    public static DatasetSplits fitTo(DatasetSplits d, int channels, int height, int width) {
        return fitTo(d, channels, height, width, Fit.AUTO);
    }

    /**
     * The dataset converted to C×H×W: channels by replication (1→3) or luminance (3→1, BT.601 weights),
     * size by padding/cropping or bilinear resizing; normalisation constants are recomputed. Returns
     * {@code d} itself when it already has that shape.
     */
    public static DatasetSplits fitTo(DatasetSplits d, int channels, int height, int width, Fit fit) {
        if (d.train().channels() == channels
                && d.train().height() == height
                && d.train().width() == width
                && d.test().channels() == channels
                && d.test().height() == height
                && d.test().width() == width) {
            return d;
        }
        if (channels != 1 && channels != 3 || height <= 0 || width <= 0) {
            throw new DataException(d.spec() + ": cannot fit to " + channels + "x" + height + "x" + width
                    + " (channels must be 1 or 3)");
        }
        ImageSet train = Fitting.fit(d.train(), channels, height, width, fit);
        ImageSet test = Fitting.fit(d.test(), channels, height, width, fit);
        float[][] ms = Normalisation.meanStd(train);
        return new DatasetSplits(d.spec(), d.format(), d.source(), train, test, d.classNames(), ms[0], ms[1], d.flip());
    }
}
