// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.analysis;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleConsumer;
import org.instanas.run.Arch;
import org.instanas.run.RoutingRow;
import smile.graph.NearestNeighborGraph;
import smile.manifold.TSNE;
import smile.manifold.UMAP;
import smile.math.MathEx;
import smile.util.AlgoStatus;
import smile.util.IterativeAlgorithmController;

/**
 * UMAP and t-SNE maps of the per-image controller outputs (Smile 4.4.2). UMAP keeps every point
 * (a test guards that); t-SNE is exact and O(n²) in memory, so above {@link Params#maxPoints} a
 * seeded random sample is embedded and the result says how many of how many.
 *
 * <p>Runs on the calling thread. Cancellation is checked between the phases (neighbour graph,
 * layout) for UMAP and at every progress report of t-SNE, and ends with a {@link CancellationException}.
 */
public final class Projection {
    private Projection() {}

    public enum Method {
        UMAP,
        TSNE
    }

    /** Smile's t-SNE needs more iterations than its momentum switch at 250. */
    public static final int TSNE_MIN_ITERATIONS = 300;

    /** What is embedded: the 85 controller probabilities, or the 0/1 architecture bits. */
    public enum Input {
        PROBS,
        ARCH
    }

    /**
     * @param neighbors  UMAP's k
     * @param minDist    UMAP's minimum distance
     * @param perplexity t-SNE's perplexity
     * @param seed       seeds Smile's generator and the sample
     * @param maxPoints  embed a random sample of at most this many rows (0 = all)
     * @param iterations t-SNE iterations (at least {@link #TSNE_MIN_ITERATIONS}) / UMAP epochs (0 = the library's default)
     */
    public record Params(
            Method method,
            Input input,
            int neighbors,
            double minDist,
            double perplexity,
            long seed,
            int maxPoints,
            int iterations) {
        public static final int TSNE_LIMIT = 3000;

        public Params {
            if (neighbors < 2) {
                throw new IllegalArgumentException("neighbors must be at least 2 (was " + neighbors + ")");
            }
            if (!(minDist >= 0)) {
                throw new IllegalArgumentException("min-dist must not be negative (was " + minDist + ")");
            }
            if (!(perplexity > 0)) {
                throw new IllegalArgumentException("perplexity must be positive (was " + perplexity + ")");
            }
            if (maxPoints < 0 || iterations < 0) {
                throw new IllegalArgumentException("max points and iterations must not be negative");
            }
        }

        public static Params umap() {
            return new Params(Method.UMAP, Input.PROBS, 15, 0.1, 30, 0, 0, 0);
        }

        public static Params tsne() {
            return new Params(Method.TSNE, Input.PROBS, 15, 0.1, 30, 0, TSNE_LIMIT, 1000);
        }

        public static Params of(Method m) {
            return m == Method.UMAP ? umap() : tsne();
        }

        public Params withInput(Input in) {
            return new Params(method, in, neighbors, minDist, perplexity, seed, maxPoints, iterations);
        }

        public Params withNeighbors(int k) {
            return new Params(method, input, k, minDist, perplexity, seed, maxPoints, iterations);
        }

        public Params withMinDist(double d) {
            return new Params(method, input, neighbors, d, perplexity, seed, maxPoints, iterations);
        }

        public Params withPerplexity(double p) {
            return new Params(method, input, neighbors, minDist, p, seed, maxPoints, iterations);
        }

        public Params withSeed(long s) {
            return new Params(method, input, neighbors, minDist, perplexity, s, maxPoints, iterations);
        }

        public Params withMaxPoints(int m) {
            return new Params(method, input, neighbors, minDist, perplexity, seed, m, iterations);
        }

        public Params withIterations(int it) {
            return new Params(method, input, neighbors, minDist, perplexity, seed, maxPoints, it);
        }

        /** The parameters that matter for this method, with stable names (cache key, file, title). */
        public Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("method", methodId());
            m.put("input", input.name().toLowerCase(Locale.ROOT));
            if (method == Method.UMAP) {
                m.put("neighbors", neighbors);
                m.put("minDist", minDist);
            } else {
                m.put("perplexity", perplexity);
            }
            m.put("seed", seed);
            m.put("maxPoints", maxPoints);
            m.put("iterations", iterations);
            return m;
        }

        public String methodId() {
            return method == Method.UMAP ? "umap" : "tsne";
        }
    }

    /** One vector per row: the 85 probabilities, or the architecture bits as 0/1. */
    public static double[][] vectors(List<RoutingRow> rows, Input input) {
        double[][] out = new double[rows.size()][];
        for (int i = 0; i < out.length; i++) {
            RoutingRow r = rows.get(i);
            double[] v = new double[Arch.LENGTH];
            if (input == Input.PROBS) {
                for (int j = 0; j < v.length; j++) {
                    v[j] = r.probs()[j];
                }
            } else {
                for (int j = 0; j < v.length; j++) {
                    v[j] = r.arch().charAt(j) == '1' ? 1 : 0;
                }
            }
            out[i] = v;
        }
        return out;
    }

    public static ProjectionResult run(List<RoutingRow> rows, Params p) {
        return run(rows, p, () -> false, x -> {});
    }

    public static ProjectionResult run(
            List<RoutingRow> rows, Params p, BooleanSupplier cancelled, DoubleConsumer progress) {
        return run(vectors(rows, p.input()), p, cancelled, progress);
    }

    /**
     * Embeds the vectors in 2-D.
     *
     * @param progress receives a fraction in [0, 1] now and then (on the calling thread)
     * @throws CancellationException when {@code cancelled} said so
     */
    public static ProjectionResult run(double[][] data, Params p, BooleanSupplier cancelled, DoubleConsumer progress) {
        long t0 = System.nanoTime();
        int n = data.length;
        int[] idx = sample(n, p.maxPoints(), p.seed());
        double[][] x = new double[idx.length][];
        for (int i = 0; i < idx.length; i++) {
            x[i] = data[idx[i]];
        }
        check(cancelled);
        progress.accept(0);
        double[][] xy;
        if (idx.length == 0) {
            xy = new double[0][];
        } else if (idx.length < 4) {
            xy = new double[idx.length][]; // too few for any neighbour graph: a line
            for (int i = 0; i < idx.length; i++) {
                xy[i] = new double[] {i, 0};
            }
        } else if (p.method() == Method.UMAP) {
            xy = umap(x, p, cancelled, progress);
        } else {
            xy = tsne(x, p, cancelled, progress);
        }
        check(cancelled);
        progress.accept(1);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        return new ProjectionResult(xy, idx, p.methodId(), p.asMap(), ms, n);
    }

    private static double[][] umap(double[][] x, Params p, BooleanSupplier cancelled, DoubleConsumer progress) {
        int k = Math.min(p.neighbors(), x.length - 1);
        MathEx.setSeed(p.seed());
        // as UMAP.fit(double[][], ...) does, but with a cancellation point between the two phases
        NearestNeighborGraph g =
                x.length <= 10_000 ? NearestNeighborGraph.of(x, k) : NearestNeighborGraph.descent(x, k);
        check(cancelled);
        progress.accept(0.3);
        UMAP.Options d = new UMAP.Options(k);
        UMAP.Options o = new UMAP.Options(
                k,
                2,
                p.iterations(),
                d.learningRate(),
                p.minDist(),
                Math.max(d.spread(), p.minDist()),
                d.negativeSamples(),
                d.repulsionStrength(),
                d.localConnectivity());
        double[][] y = UMAP.fit(x, g, o);
        if (y.length != x.length) {
            throw new IllegalStateException("UMAP returned " + y.length + " points for " + x.length);
        }
        return y;
    }

    private static double[][] tsne(double[][] x, Params p, BooleanSupplier cancelled, DoubleConsumer progress) {
        MathEx.setSeed(p.seed());
        int iters = p.iterations() > 0 ? Math.max(TSNE_MIN_ITERATIONS, p.iterations()) : 1000;
        double perplexity = Math.min(p.perplexity(), (x.length - 1) / 3.0);
        TSNE.Options d = new TSNE.Options(2, perplexity, 200, 12, iters);
        try (Controller c = new Controller(iters, cancelled, progress)) {
            TSNE.Options o = new TSNE.Options(
                    2,
                    perplexity,
                    d.eta(),
                    d.earlyExaggeration(),
                    iters,
                    d.maxIterWithoutProgress(),
                    d.tol(),
                    d.momentum(),
                    d.finalMomentum(),
                    d.momentumSwitchIter(),
                    d.minGain(),
                    c);
            TSNE t = TSNE.fit(x, o);
            check(cancelled);
            return t.coordinates();
        }
    }

    /** Relays Smile's per-iteration status as progress and stops the algorithm when cancelled. */
    private static final class Controller extends IterativeAlgorithmController<AlgoStatus> {
        private final int iters;
        private final BooleanSupplier cancelled;
        private final DoubleConsumer progress;

        Controller(int iters, BooleanSupplier cancelled, DoubleConsumer progress) {
            this.iters = iters;
            this.cancelled = cancelled;
            this.progress = progress;
        }

        @Override
        public void submit(AlgoStatus s) {
            progress.accept(Math.min(0.99, s.iteration() / (double) iters));
            if (cancelled.getAsBoolean()) {
                stop();
            }
        }
    }

    private static void check(BooleanSupplier cancelled) {
        if (cancelled.getAsBoolean()) {
            throw new CancellationException("projection cancelled");
        }
    }

    /** Positions of a seeded random sample of {@code max} of {@code n} rows, ascending; all rows if max is 0 or ≥ n. */
    public static int[] sample(int n, int max, long seed) {
        if (max <= 0 || n <= max) {
            int[] all = new int[n];
            Arrays.setAll(all, i -> i);
            return all;
        }
        int[] perm = new int[n];
        Arrays.setAll(perm, i -> i);
        Random r = new Random(seed);
        for (int i = 0; i < max; i++) {
            int j = i + r.nextInt(n - i);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        int[] out = Arrays.copyOf(perm, max);
        Arrays.sort(out);
        return out;
    }
}
