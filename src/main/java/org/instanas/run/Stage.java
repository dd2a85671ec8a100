// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.run;

import java.util.Locale;

/** The stages of an InstaNAS run, in pipeline order. */
public enum Stage {
    PRETRAIN,
    PROFILE,
    SEARCH,
    FINETUNE,
    EVALUATE;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Stage of(String id) {
        for (Stage s : values()) {
            if (s.id().equalsIgnoreCase(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown stage: " + id);
    }
}
