// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * A user's own image files, fitted to a preset's input exactly as an image-folder dataset is
 * (decoded, converted to gray or RGB, resized bilinearly to the input size). A folder stands for the
 * image files in it. Files that cannot be read are reported one message each; the others are kept.
 *
 * @param images   the readable images, in the order given (labels are 0: unknown)
 * @param files    the file of each image
 * @param problems one message per file that could not be used
 */
public record OwnImages(ImageSet images, List<Path> files, List<String> problems) {

    public static OwnImages read(List<Path> given, int channels, int size) {
        List<Path> candidates = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Path p : given) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.list(p)) {
                    s.filter(Files::isRegularFile)
                            .filter(f ->
                                    FolderReader.isImageName(f.getFileName().toString()))
                            .sorted()
                            .forEach(candidates::add);
                } catch (IOException e) {
                    problems.add(p + ": cannot list the folder (" + e.getMessage() + ")");
                }
            } else {
                candidates.add(p);
            }
        }
        boolean gray = channels == 1;
        int plane = channels * size * size;
        List<byte[]> pixels = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        for (Path f : candidates) {
            try {
                BufferedImage img = Files.isRegularFile(f) ? ImageIO.read(f.toFile()) : null;
                if (img == null) {
                    problems.add(f + ": " + (Files.exists(f) ? "not a readable image" : "no such file"));
                    continue;
                }
                byte[] px = new byte[plane];
                Images.planes(img, gray, size, size, px, 0);
                pixels.add(px);
                files.add(f);
            } catch (IOException | RuntimeException e) {
                problems.add(f + ": not a readable image (" + e.getMessage() + ")");
            }
        }
        byte[] all = new byte[pixels.size() * plane];
        for (int i = 0; i < pixels.size(); i++) {
            System.arraycopy(pixels.get(i), 0, all, i * plane, plane);
        }
        return new OwnImages(
                new ImageSet(channels, size, size, all, new int[pixels.size()]), List.copyOf(files), problems);
    }
}
