// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;

/**
 * Image folders: {@code ROOT/train/<class>/*.png|jpg|jpeg} with {@code ROOT/test/<class>/} (or
 * {@code val/}), or {@code ROOT/<class>/} split deterministically (of each class's images sorted by name,
 * every 6th goes to test). A class folder may keep its images in an {@code images/} sub-folder (Tiny
 * ImageNet). Every header is read first (size, grayscale, readability), then the pixel arrays are
 * allocated once and the images decoded and resized (bilinear) into them.
 */
final class FolderReader {
    static final int TEST_EVERY = 6;

    record Loaded(ImageSet train, ImageSet test, List<String> classes, String layout) {}

    /** One image file and its class. */
    private record Item(Path file, int label) {}

    private record Header(int height, int width, boolean gray) {}

    private FolderReader() {}

    /** Whether dir looks like an image-folder dataset (has sub-folders). */
    static boolean looksLikeFolders(Path dir) {
        return !subdirs(dir).isEmpty();
    }

    /** Reads the dataset; height/width ≤ 0 means the size of the first training image. */
    static Loaded read(Path root, int height, int width) {
        Path train = root.resolve("train");
        Path test = Files.isDirectory(root.resolve("test")) ? root.resolve("test") : root.resolve("val");
        List<Item> trainItems = new ArrayList<>();
        List<Item> testItems = new ArrayList<>();
        List<String> classes = new ArrayList<>();
        String layout;
        if (Files.isDirectory(train)) {
            if (!Files.isDirectory(test)) {
                throw new DataException(root + ": has train/ but no test/ or val/ folder");
            }
            layout = "train/ and " + test.getFileName() + "/";
            for (Path c : classDirs(train)) {
                classes.add(c.getFileName().toString());
                for (Path f : images(c)) {
                    trainItems.add(new Item(f, classes.size() - 1));
                }
            }
            for (Path c : subdirs(test)) {
                int label = classes.indexOf(c.getFileName().toString());
                if (label < 0) {
                    throw new DataException(c + ": class folder not present in " + train);
                }
                for (Path f : images(c)) {
                    testItems.add(new Item(f, label));
                }
            }
        } else {
            layout = "class folders, every " + TEST_EVERY + "th image to test";
            for (Path c : classDirs(root)) {
                classes.add(c.getFileName().toString());
                List<Path> files = images(c);
                for (int i = 0; i < files.size(); i++) {
                    (i % TEST_EVERY == TEST_EVERY - 1 ? testItems : trainItems)
                            .add(new Item(files.get(i), classes.size() - 1));
                }
            }
        }
        // Pass 1: headers only (cheap), so that a bad file fails before anything large is allocated.
        boolean gray = true;
        Header first = null;
        for (List<Item> items : List.of(trainItems, testItems)) {
            for (Item it : items) {
                Header h = header(it.file());
                gray &= h.gray();
                if (first == null) {
                    first = h;
                }
            }
        }
        int h = height > 0 ? height : first.height();
        int w = width > 0 ? width : first.width();
        int channels = gray ? 1 : 3;
        long total = (long) (trainItems.size() + testItems.size()) * channels * h * w;
        if (total > DataFiles.MAX_ARRAY) {
            throw new DataException(root + ": too large: " + total + " bytes at " + channels + "x" + h + "x" + w);
        }
        return new Loaded(decode(trainItems, gray, h, w), decode(testItems, gray, h, w), List.copyOf(classes), layout);
    }

    private static ImageSet decode(List<Item> items, boolean gray, int h, int w) {
        int channels = gray ? 1 : 3;
        int size = channels * h * w;
        byte[] pixels = new byte[items.size() * size];
        int[] labels = new int[items.size()];
        IntStream.range(0, items.size()).parallel().forEach(i -> {
            Item it = items.get(i);
            labels[i] = it.label();
            Images.planes(decode(it.file()), gray, h, w, pixels, i * size);
        });
        return new ImageSet(channels, h, w, pixels, labels);
    }

    private static BufferedImage decode(Path file) {
        try {
            BufferedImage img = ImageIO.read(file.toFile());
            if (img == null) {
                throw DataFiles.error(file, "not a readable image");
            }
            return img;
        } catch (IOException | RuntimeException e) {
            if (e instanceof DataException d) {
                throw d;
            }
            throw DataFiles.error(file, "not a readable image (" + e.getMessage() + ")");
        }
    }

    private static Header header(Path file) {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                throw DataFiles.error(file, "cannot open");
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw DataFiles.error(file, "not a readable image (unknown or corrupt format)");
            }
            ImageReader r = readers.next();
            try {
                r.setInput(in, true, true);
                int w = r.getWidth(0);
                int h = r.getHeight(0);
                ImageTypeSpecifier t = r.getRawImageType(0);
                boolean gray = t != null && t.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY;
                if (w <= 0 || h <= 0) {
                    throw DataFiles.error(file, "bad image size " + w + "x" + h);
                }
                return new Header(h, w, gray);
            } finally {
                r.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof DataException d) {
                throw d;
            }
            throw DataFiles.error(file, "not a readable image (" + e.getMessage() + ")");
        }
    }

    private static List<Path> classDirs(Path dir) {
        List<Path> dirs = subdirs(dir);
        if (dirs.isEmpty()) {
            throw new DataException(dir + ": empty: no class folders (expected " + dir
                    + "/<class>/*.png|jpg|jpeg, or train/<class>/ and test/<class>/)");
        }
        return dirs;
    }

    /** The image files of a class folder, sorted by name; anything else in it is an error. */
    private static List<Path> images(Path classDir) {
        Path dir = Files.isDirectory(classDir.resolve("images")) ? classDir.resolve("images") : classDir;
        List<Path> files = new ArrayList<>();
        for (Path p : list(dir)) {
            String name = p.getFileName().toString();
            if (name.startsWith(".") || !Files.isRegularFile(p)) {
                continue;
            }
            if (!isImageName(name)) {
                throw DataFiles.error(p, "not an image (expected .png, .jpg or .jpeg files in class folders)");
            }
            files.add(p);
        }
        if (files.isEmpty()) {
            throw DataFiles.error(dir, "class folder without images (expected .png, .jpg or .jpeg files)");
        }
        return files;
    }

    static boolean isImageName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".png") || n.endsWith(".jpg") || n.endsWith(".jpeg");
    }

    private static List<Path> subdirs(Path dir) {
        return list(dir).stream()
                .filter(Files::isDirectory)
                .filter(p -> !p.getFileName().toString().startsWith("."))
                .toList();
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException e) {
            throw DataFiles.io(dir, e);
        }
    }
}
