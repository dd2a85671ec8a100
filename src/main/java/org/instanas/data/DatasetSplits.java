// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.data;

import java.util.List;

/**
 * A loaded dataset: train and test splits, class names and the normalisation constants.
 *
 * @param spec       what the user typed (a path, {@code samples}, {@code fashion-mnist})
 * @param format     idx, cifar10, cifar100 or folder
 * @param source     where it was read from
 * @param mean       per-channel mean of pixel/255
 * @param std        per-channel standard deviation of pixel/255
 * @param flip       whether horizontal flips are a sensible augmentation for it
 */
public record DatasetSplits(
        String spec,
        String format,
        String source,
        ImageSet train,
        ImageSet test,
        List<String> classNames,
        float[] mean,
        float[] std,
        boolean flip) {
    public int numClasses() {
        return classNames.size();
    }
}
