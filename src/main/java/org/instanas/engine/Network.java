// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.engine;

import ai.djl.ndarray.NDArray;
import java.util.List;

/** A network whose tensors live in one {@link Params}. */
public interface Network {
    Params params();

    /** Parameters that took part in the last training forward (all of them by default). */
    default List<NDArray> touchedParams() {
        return List.copyOf(params().trainable());
    }
}
