// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.figure;

/**
 * Implemented by figures whose good height depends on the width more than the preferred aspect
 * ratio says (e.g. a heatmap that turns on its side in a narrow column). Exports without an
 * explicit height ask it.
 */
public interface AdaptiveSize {
    /** A good height in points for this width in points and base font size. */
    double heightFor(double widthPt, double fontPt);
}
