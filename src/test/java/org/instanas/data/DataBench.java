// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.data;

import java.util.SplittableRandom;

/**
 * Timings for the report (not a test): {@code java -cp target-data/test-classes:target-data/classes:CP
 * org.instanas.data.DataBench [fashion-mnist]}.
 */
public final class DataBench {
    private DataBench() {}

    public static void main(String[] args) {
        time("samples", 5);
        for (String spec : args) {
            time(spec, 3);
        }
        DatasetSplits d = Datasets.load("samples");
        fill(d, 28);
        fill(Datasets.fitTo(d, 3, 32, 32), 32);
    }

    private static void time(String spec, int reps) {
        long t0 = System.nanoTime();
        DatasetSplits d = Datasets.load(spec);
        long first = System.nanoTime() - t0;
        t0 = System.nanoTime();
        for (int i = 0; i < reps; i++) {
            d = Datasets.load(spec);
        }
        long avg = (System.nanoTime() - t0) / reps;
        System.out.printf(
                "load %-14s %d/%d images: first %.0f ms, then %.0f ms on average%n",
                spec, d.train().size(), d.test().size(), first / 1e6, avg / 1e6);
    }

    private static void fill(DatasetSplits d, int size) {
        ImageSet s = d.train();
        Augment aug = Augment.standard(d, size);
        int batch = 64;
        float[] out = new float[batch * s.imageBytes()];
        int[] idx = new int[batch];
        SplittableRandom rng = new SplittableRandom(1);
        for (int warm = 0; warm < 2000; warm++) {
            for (int i = 0; i < batch; i++) {
                idx[i] = rng.nextInt(s.size());
            }
            Batcher.fill(s, idx, d.mean(), d.std(), aug, rng, out);
        }
        int calls = 1000;
        long t0 = System.nanoTime();
        for (int c = 0; c < calls; c++) {
            for (int i = 0; i < batch; i++) {
                idx[i] = rng.nextInt(s.size());
            }
            Batcher.fill(s, idx, d.mean(), d.std(), aug, rng, out);
        }
        long avg = (System.nanoTime() - t0) / calls;
        System.out.printf("fill 64x%s %s: %.3f ms per batch (average of %d)%n", s.shape(), aug, avg / 1e6, calls);
    }
}
