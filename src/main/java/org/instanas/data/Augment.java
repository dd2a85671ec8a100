// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.data;

/**
 * Training-time augmentation, applied in this order (docs/algorithm.md §8): random crop after zero padding of
 * {@code padCrop} pixels on every side, horizontal flip with probability ½ if {@code flip}, then cutout:
 * a {@code cutout}×{@code cutout} box set to pixel 0 (black, i.e. −mean/std after normalisation), its
 * centre drawn uniformly from the integers [0, W]×[0, H] and the box clipped to the image.
 */
public record Augment(int padCrop, boolean flip, int cutout) {
    public static final Augment NONE = new Augment(0, false, 0);

    public Augment {
        if (padCrop < 0 || cutout < 0) {
            throw new IllegalArgumentException("padCrop " + padCrop + ", cutout " + cutout + ": must be >= 0");
        }
    }

    /**
     * The CIFAR recipe: crop with padding 4, flip if the dataset allows it, cutout of half the input
     * height rounded to an even size (16 for 32 px, 14 for 28 px).
     */
    public static Augment standard(DatasetSplits d, int height) {
        return new Augment(4, d.flip(), 2 * (int) Math.round(height / 4.0));
    }

    public boolean isNone() {
        return padCrop == 0 && !flip && cutout == 0;
    }
}
