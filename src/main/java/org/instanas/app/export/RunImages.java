// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.app.export;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.function.IntFunction;
import org.instanas.data.DatasetSplits;
import org.instanas.data.Datasets;
import org.instanas.data.ImageSet;
import org.instanas.data.Thumbnails;
import org.instanas.run.RunInfo;

/**
 * The test images and class names of a run's dataset, for galleries and labels. Loading never
 * fails: when the dataset cannot be read, there are no thumbnails and {@link #warning()} says why.
 *
 * @param thumbnails test-image index → picture, or null
 * @param classNames by label, or null
 * @param warning    null when the dataset was loaded
 */
public record RunImages(IntFunction<BufferedImage> thumbnails, List<String> classNames, String warning) {
    public static final RunImages NONE = new RunImages(null, null, null);

    public static RunImages load(RunInfo info) {
        if (info == null || info.data() == null || info.data().isBlank()) {
            return new RunImages(null, null, "the run names no dataset: figures show no images");
        }
        try {
            DatasetSplits d = Datasets.load(info.data());
            ImageSet test = d.test();
            IntFunction<BufferedImage> thumbs = i -> i >= 0 && i < test.size() ? Thumbnails.image(test, i) : null;
            return new RunImages(thumbs, d.classNames(), null);
        } catch (RuntimeException e) {
            return new RunImages(
                    null,
                    null,
                    "dataset '" + info.data() + "' cannot be loaded (" + e.getMessage() + "): figures show no images");
        }
    }
}
