// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.engine;

import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.instanas.data.Augment;
import org.instanas.data.Batcher;
import org.instanas.data.ImageSet;

/**
 * The batches of one epoch, prepared ahead on a data thread. Order and augmentation are functions of
 * (seed, epoch, step) only, so a run resumed in the middle of an epoch sees exactly the batches it
 * would have seen.
 */
final class Batches implements AutoCloseable {
    record Batch(int step, int[] indices, float[] x, int[] y) {}

    private static final Batch END = new Batch(-1, null, null, null);
    private final BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(3);
    private final Thread worker;
    private volatile boolean closed;
    private volatile RuntimeException failure;
    private final int steps;

    /**
     * @param from first step of the epoch to produce (steps before it are skipped: resume)
     */
    Batches(
            ImageSet set,
            float[] mean,
            float[] std,
            Augment aug,
            int batch,
            long seed,
            int epoch,
            int from,
            boolean shuffle) {
        int n = set.size();
        this.steps = Math.max(1, n / batch);
        int[] order = shuffle ? permutation(n, new SplittableRandom(seed * 1_000_003L + epoch)) : identity(n);
        int bs = Math.min(batch, n);
        this.worker = new Thread(
                () -> {
                    try {
                        for (int s = from; s < steps && !closed; s++) {
                            int[] idx = new int[bs];
                            System.arraycopy(order, s * bs, idx, 0, bs);
                            float[] x = new float[bs * set.imageBytes()];
                            int[] y = new int[bs];
                            Batcher.fill(set, idx, mean, std, aug, new SplittableRandom(mix(seed, epoch, s)), x);
                            Batcher.labels(set, idx, y);
                            while (!closed && !queue.offer(new Batch(s, idx, x, y), 100, TimeUnit.MILLISECONDS)) {
                                // wait for the engine to take one
                            }
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (RuntimeException e) {
                        failure = e;
                    } finally {
                        try {
                            while (!closed && !queue.offer(END, 100, TimeUnit.MILLISECONDS)) {
                                // wait
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                },
                "instanas-data");
        worker.setDaemon(true);
        worker.start();
    }

    int steps() {
        return steps;
    }

    /** The next batch, or null at the end of the epoch. */
    Batch next() throws InterruptedException {
        Batch b = queue.take();
        if (b == END) {
            if (failure != null) {
                throw failure;
            }
            return null;
        }
        return b;
    }

    static long mix(long seed, int epoch, int step) {
        long h = seed * 0x9E3779B97F4A7C15L + epoch * 0xC2B2AE3D27D4EB4FL + step * 0x165667B19E3779F9L;
        return h ^ (h >>> 29);
    }

    static int[] permutation(int n, SplittableRandom rng) {
        int[] p = identity(n);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    static int[] identity(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        return p;
    }

    @Override
    public void close() {
        closed = true;
        worker.interrupt();
        try {
            worker.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
