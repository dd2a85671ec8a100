// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.engine;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import org.instanas.analysis.Stats;
import org.instanas.data.Augment;
import org.instanas.data.Batcher;
import org.instanas.data.DatasetSplits;
import org.instanas.data.ImageSet;
import org.instanas.run.Arch;
import org.instanas.run.EvalSummary;
import org.instanas.run.LatencyTable;
import org.instanas.run.RoutingCsv;
import org.instanas.run.RoutingRow;

/**
 * Evaluation on the test split (docs/algorithm.md §7.4; differences from the original in §12): greedy policies, accuracy,
 * per-image table latency (mean ± std over images, not batches), measured wall-clock latency at
 * batch 1 with gathered execution, unique architectures, and the MobileNetV2 path as a baseline.
 */
final class Evaluator {
    private Evaluator() {}

    /**
     * Evaluates, and leaves the meta-graph's BatchNorm statistics as it found them: the evaluation
     * re-estimates them for the architectures it evaluates, and training (the next epoch of a search
     * or fine-tuning) goes on with the ones it had, which the epoch checkpoint holds, so a run resumed
     * from that checkpoint continues exactly as an uninterrupted one.
     *
     * <p>Of the run's selection split ({@code selection}: the validation split where the run has one,
     * written to {@code routing/validation/} without a per-image table) or of the test split.
     */
    static EvalSummary evaluate(
            RunContext ctx,
            Steps steps,
            int classes,
            LatencyTable table,
            String checkpoint,
            String stage,
            int epoch,
            double lb,
            double ub,
            int measureImages,
            boolean selection)
            throws IOException {
        Map<String, float[]> trainingStatistics = steps.net().params().bufferValues();
        boolean validation = selection && ctx.validation() != null;
        try {
            return recalibratedEvaluation(
                    ctx, steps, classes, table, checkpoint, stage, epoch, lb, ub, measureImages, validation);
        } finally {
            steps.net().params().setBufferValues(trainingStatistics);
        }
    }

    /** "rank correlation 0.91", or why there is none (every route has the same table latency). */
    /**
     * The median over images of {@code routed[i] / mbv2[i]}, the two timed back to back: the
     * measured change against the MobileNetV2 path that a change of machine speed between stretches
     * of images does not move (see {@link EvalSummary}).
     */
    static double pairedRatio(double[] routed, double[] mbv2) {
        double[] r = new double[routed.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = routed[i] / mbv2[i];
        }
        return Stats.median(r);
    }

    static String rankCorrelation(double[] tableMs, double[] measuredMs) {
        double rho = Stats.spearman(tableMs, measuredMs);
        return Double.isNaN(rho)
                ? "no rank correlation (every route has the same table latency)"
                : String.format(Locale.ROOT, "rank correlation %.2f", rho);
    }

    private static EvalSummary recalibratedEvaluation(
            RunContext ctx,
            Steps steps,
            int classes,
            LatencyTable table,
            String checkpoint,
            String stage,
            int epoch,
            double lb,
            double ub,
            int measureImages,
            boolean validation)
            throws IOException {
        ImageSet test = validation ? ctx.validation() : ctx.test();
        DatasetSplits d = ctx.data();
        int n = test.size();
        int bs = Math.min(ctx.cfg.testBatchSize, n);
        int per = test.imageBytes();
        float[] x = new float[bs * per];
        int[] idx = new int[bs];
        int[] labels = test.labels();
        int[] pred = new int[n];
        int[] mbPred = new int[n];
        float[][] probs = new float[n][];
        String[] arch = new String[n];
        double[] lat = new double[n];
        // BatchNorm statistics re-estimated for the architectures evaluated: first the MobileNetV2
        // path (baseline), then the controller's greedy policies (until evaluate() restores them)
        int cb = Math.min(64, ctx.train().size());
        List<float[]> cal = ctx.calibrationBatches(RunContext.CALIBRATION_BATCHES, cb);
        float[] mbCal = Steps.constantPolicy(cb, 0);
        steps.recalibrate(cal, cb, xb -> mbCal);
        for (int start = 0; start < n; start += bs) {
            int b = Math.min(bs, n - start);
            int[] ix = new int[b];
            for (int i = 0; i < b; i++) {
                ix[i] = start + i;
            }
            float[] xb = new float[b * per];
            Batcher.fill(test, ix, d.mean(), d.std(), Augment.NONE, new SplittableRandom(0), xb);
            float[] mb = steps.inferPolicy(xb, b, Steps.constantPolicy(b, 0));
            for (int i = 0; i < b; i++) {
                mbPred[start + i] = Steps.argmax(mb, i, classes);
            }
        }
        steps.recalibrate(cal, cb, xb -> steps.greedy(xb, cb));
        for (int start = 0; start < n; start += bs) {
            int b = Math.min(bs, n - start);
            if (idx.length != b) {
                idx = new int[b];
                x = new float[b * per];
            }
            for (int i = 0; i < b; i++) {
                idx[i] = start + i;
            }
            Batcher.fill(test, idx, d.mean(), d.std(), Augment.NONE, new SplittableRandom(0), x);
            Steps.Inference inf = steps.infer(x, b);
            for (int i = 0; i < b; i++) {
                int k = start + i;
                pred[k] = Steps.argmax(inf.logits(), i, classes);
                probs[k] = Arrays.copyOfRange(inf.probs(), i * Arch.LENGTH, (i + 1) * Arch.LENGTH);
                boolean[][] bits = Steps.bits(inf.policy(), i);
                arch[k] = Arch.format(bits);
                lat[k] = table.latencyOf(bits);
            }
            if (ctx.cancel.isCancelled()) {
                throw new CancellationException("evaluation cancelled");
            }
        }
        // measured latency: batch 1, the controller plus the routed (gathered) meta-graph (each also
        // timed on its own), vs the MobileNetV2 path
        int m = Math.min(measureImages, n);
        double[] measured = new double[n];
        Arrays.fill(measured, Double.NaN);
        double[] mbMeasured = new double[m];
        float[] one = new float[per];
        float[] mbPolicy = Steps.constantPolicy(1, 0);
        for (int w = 0; w < Math.min(5, m); w++) { // warm-up
            Batcher.fill(test, new int[] {w}, d.mean(), d.std(), Augment.NONE, new SplittableRandom(0), one);
            steps.infer(one, 1);
            steps.inferPolicy(one, 1, mbPolicy);
        }
        double[] ctrlMs = new double[m];
        double[] netMs = new double[m];
        long[] split = new long[2];
        for (int i = 0; i < m; i++) {
            Batcher.fill(test, new int[] {i}, d.mean(), d.std(), Augment.NONE, new SplittableRandom(0), one);
            long t0 = System.nanoTime();
            steps.infer(one, 1, split);
            measured[i] = (System.nanoTime() - t0) / 1e6;
            ctrlMs[i] = split[0] / 1e6;
            netMs[i] = split[1] / 1e6;
            t0 = System.nanoTime();
            steps.inferPolicy(one, 1, mbPolicy);
            mbMeasured[i] = (System.nanoTime() - t0) / 1e6;
        }
        double paired = m > 0 ? pairedRatio(Arrays.copyOf(measured, m), mbMeasured) : 0;
        if (m >= 3) {
            // how far the reward's table is from the clock on the routes this controller chose
            double[] tableMs = Arrays.copyOf(lat, m);
            ctx.event(
                    stage,
                    epoch,
                    0,
                    String.format(
                            Locale.ROOT,
                            "%s, table vs clock over %d " + (validation ? "validation" : "test")
                                    + " images at batch 1: %s; routed network %.3f ms "
                                    + "measured against %.3f ms by the table (MobileNetV2 path %.3f against %.3f); "
                                    + "controller + routed network / MobileNetV2 path, image by image: median %.3f",
                            checkpoint,
                            m,
                            rankCorrelation(tableMs, netMs),
                            Stats.mean(netMs),
                            Stats.mean(tableMs),
                            Stats.mean(mbMeasured),
                            table.baseline(),
                            paired));
        }
        // per-class statistics and relative latency vs the class mean
        double[] classLat = new double[classes];
        double[] classAcc = new double[classes];
        int[] classN = new int[classes];
        int correct = 0;
        int mbCorrect = 0;
        Set<String> unique = new HashSet<>();
        double opts = 0;
        for (int k = 0; k < n; k++) {
            classLat[labels[k]] += lat[k];
            classN[labels[k]]++;
            if (pred[k] == labels[k]) {
                correct++;
                classAcc[labels[k]]++;
            }
            if (mbPred[k] == labels[k]) {
                mbCorrect++;
            }
            unique.add(arch[k]);
            opts += Arch.activeOptions(arch[k]);
        }
        for (int c = 0; c < classes; c++) {
            classLat[c] = classN[c] == 0 ? Double.NaN : classLat[c] / classN[c];
            classAcc[c] = classN[c] == 0 ? Double.NaN : classAcc[c] / classN[c];
        }
        List<RoutingRow> rows = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            double ref = classLat[labels[k]];
            rows.add(new RoutingRow(
                    ctx.testIndex(k),
                    labels[k],
                    pred[k],
                    pred[k] == labels[k],
                    lat[k],
                    ref > 0 ? lat[k] / ref - 1 : 0,
                    arch[k],
                    measured[k],
                    probs[k]));
        }
        double[] ms = meanStd(lat, n);
        double[] meas = meanStd(Arrays.copyOf(measured, m), m);
        double[] mbMeas = meanStd(mbMeasured, m);
        EvalSummary s = new EvalSummary(
                checkpoint,
                stage,
                epoch,
                n,
                (double) correct / n,
                ms[0],
                ms[1],
                meas[0],
                meas[1],
                unique.size(),
                opts / n,
                (double) mbCorrect / n,
                table.baseline(),
                mbMeas[0],
                mbMeas[1],
                ub,
                lb,
                classAcc,
                classLat,
                OffsetDateTime.now().toString(),
                meanStd(ctrlMs, m)[0],
                meanStd(netMs, m)[0],
                paired,
                validation ? EvalSummary.VALIDATION : EvalSummary.TEST);
        if (validation) {
            s.write(ctx.dir.validationSummary(checkpoint));
            return s;
        }
        RoutingCsv.write(ctx.dir.routingCsv(checkpoint), rows);
        s.write(ctx.dir.evalSummary(checkpoint));
        return s;
    }

    static double[] meanStd(double[] v, int n) {
        if (n == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += v[i];
        }
        double mean = s / n;
        double q = 0;
        for (int i = 0; i < n; i++) {
            q += (v[i] - mean) * (v[i] - mean);
        }
        return new double[] {mean, Math.sqrt(q / Math.max(1, n - 1))};
    }
}
