// SPDX-License-Identifier: GPL-3.0-or-later
/**
 * The easy/hard gallery: test images of the fastest and slowest routes, with their architectures.
 */
package org.instanas.ui.gallery;
