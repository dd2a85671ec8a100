// SPDX-License-Identifier: GPL-3.0-or-later
/**
 * Datasets: MNIST-style IDX, CIFAR-10/100 binary and image folders, the bundled sample and
 * Debian's Fashion-MNIST, fitted to a preset's input; augmentation. No DJL, no JavaFX.
 */
package org.instanas.data;
