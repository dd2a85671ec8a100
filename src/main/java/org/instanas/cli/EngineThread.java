// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.instanas.engine.Torch;

/** Runs CLI engine work on one dedicated engine thread (DJL's grad mode is per thread). */
final class EngineThread {
    private EngineThread() {}

    static <T> T call(int threads, Callable<T> work) throws Exception {
        ExecutorService ex = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "instanas-engine");
            t.setDaemon(false);
            return t;
        });
        try {
            Future<T> f = ex.submit(() -> {
                Torch.start(threads);
                return work.call();
            });
            try {
                return f.get();
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                if (c instanceof Exception ce) {
                    throw ce;
                }
                throw e;
            }
        } finally {
            ex.shutdown();
        }
    }
}
