// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.app;

import org.instanas.engine.CancelToken;

/** What a running job sees of its handle. Every method is safe to call from the job's thread. */
public interface JobContext {
    CancelToken token();

    /** Fraction done in [0, 1], or a negative value when unknown. */
    void updateProgress(double fraction);

    void updateMessage(String message);
}
