// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.engine;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Runs test bodies on one engine thread, as the application does (DJL's grad mode is per thread). */
abstract class EngineTestBase {
    private static final ExecutorService ENGINE = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "instanas-engine-test");
        t.setDaemon(true);
        return t;
    });

    static <T> T onEngine(Callable<T> body) throws Exception {
        Future<T> f = ENGINE.submit(() -> {
            Torch.start(1);
            return body.call();
        });
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw e;
        }
    }

    interface Body {
        void run() throws Exception;
    }

    static void engine(Body body) throws Exception {
        onEngine(() -> {
            body.run();
            return null;
        });
    }
}
