// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.common;

/** A class that occurs in an evaluation: its label, name and number of test images. */
public record ClassItem(int label, String name, int count) {
    @Override
    public String toString() {
        return name;
    }
}
