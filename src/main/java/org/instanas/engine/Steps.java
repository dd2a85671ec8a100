// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.engine;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.instanas.run.Arch;
import org.instanas.run.LatencyTable;

/**
 * One optimisation step of each kind, on host batches. Every step's tensors live in a sub-manager
 * that is closed at the end of the step, so a long run does not grow.
 */
public final class Steps {
    private final NDManager root;
    private final MetaGraph net;
    private final Controller ctrl;
    private final int in;
    private final int size;
    /** Use gathered execution for the controller step's two no-grad reward forwards. */
    private boolean gatheredRewards = true;
    /**
     * Normalise the reward forwards with each batch's own statistics ({@link Pass#BATCH_STATISTICS})
     * instead of the running ones; they then run with the training passes' execution.
     */
    private boolean batchStatisticsRewards = false;
    /** Run each option of a training pass only on its rows (docs/algorithm.md §12) instead of masked. */
    private boolean gatheredTraining = false;
    /** One row (85 values) of a fixed architecture that stands in for the controller; null with a controller. */
    private final float[] fixedRow;

    public Steps(NDManager root, MetaGraph net, Controller ctrl) {
        this(root, net, ctrl, null);
    }

    private Steps(NDManager root, MetaGraph net, Controller ctrl, float[] fixedRow) {
        this.root = root;
        this.net = net;
        this.ctrl = ctrl;
        this.fixedRow = fixedRow;
        this.in = net.preset().inputChannels();
        this.size = net.preset().inputSize();
    }

    /**
     * Steps for one fixed architecture without a controller: {@link #policy}, {@link #greedy} and
     * {@link #infer} give that architecture to every image (probabilities 1 and 0).
     */
    public static Steps fixed(NDManager root, MetaGraph net, boolean[][] arch) {
        float[] row = new float[Arch.CELLS * Arch.OPTIONS];
        for (int t = 0; t < Arch.CELLS; t++) {
            for (int a = 0; a < Arch.OPTIONS; a++) {
                row[t * Arch.OPTIONS + a] = arch[t][a] ? 1f : 0f;
            }
        }
        return new Steps(root, net, null, row);
    }

    /** The fixed architecture for {@code b} images (see {@link #fixed}). */
    public float[] fixedPolicy(int b) {
        float[] p = new float[b * fixedRow.length];
        for (int r = 0; r < b; r++) {
            System.arraycopy(fixedRow, 0, p, r * fixedRow.length, fixedRow.length);
        }
        return p;
    }

    public MetaGraph net() {
        return net;
    }

    public void setGatheredRewards(boolean g) {
        this.gatheredRewards = g;
    }

    /** Reward forwards on batch statistics (see {@link org.instanas.run.RunConfig#rewardStatistics}). */
    public void setBatchStatisticsRewards(boolean b) {
        this.batchStatisticsRewards = b;
    }

    /** Gathered (sparse) execution of the meta-graph's training passes instead of masked execution. */
    public void setGatheredTraining(boolean g) {
        this.gatheredTraining = g;
    }

    /** Thrown when a loss or reward is NaN or infinite. */
    public static final class NumericalFault extends RuntimeException {
        public NumericalFault(String message) {
            super(message);
        }
    }

    /** Result of a training step of the meta-graph. */
    public record NetResult(double loss, double accuracy) {}

    /** Result of a controller (REINFORCE) step. */
    public record ControllerResult(
            double loss,
            double rewardSampled,
            double rewardGreedy,
            double advantage,
            double entropy,
            double accSampled,
            double accGreedy,
            double latSampled,
            double latGreedy,
            double inWindowSampled,
            double optionsGreedy,
            int uniqueGreedy,
            float[] sampled) {}

    private NDArray images(NDManager m, float[] x, int b) {
        return m.create(x, new Shape(b, in, size, size));
    }

    /** Meta-graph in train mode on the given policy: cross-entropy, backward, optimizer step. */
    public NetResult trainNet(float[] x, int[] y, float[] policy, Optim opt) {
        int b = y.length;
        try (NDManager m = root.newSubManager()) {
            NDArray xs = images(m, x, b);
            NDArray loss;
            float[] logits;
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray out = gatheredTraining
                        ? net.forwardGathered(xs, policy, Pass.TRAIN)
                        : net.forwardMasked(xs, policy, Pass.TRAIN);
                loss = crossEntropy(m, out, y);
                gc.backward(loss);
                logits = out.toFloatArray();
            }
            double l = loss.getFloat();
            if (!Double.isFinite(l)) {
                String where = net.locateNonFinite(xs, policy, Pass.TRAIN);
                throw new NumericalFault("the meta-graph loss became " + l
                        + (where == null
                                ? " (a re-run of the forward pass was finite: a non-deterministic kernel fault)"
                                : "; the forward pass first turns non-finite in " + where));
            }
            String badGrad = net.gradientFault();
            if (badGrad != null) {
                throw new NumericalFault(
                        "the backward pass turned non-finite at " + badGrad + " (the loss was " + l + ")");
            }
            opt.step(net.touchedParams(), m);
            return new NetResult(l, accuracy(logits, y, net.classes()));
        }
    }

    private static boolean allFinite(float[] a) {
        for (float v : a) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    static NDArray crossEntropy(NDManager m, NDArray logits, int[] y) {
        int b = y.length;
        int c = (int) logits.getShape().get(1);
        float[] onehot = new float[b * c];
        for (int i = 0; i < b; i++) {
            onehot[i * c + y[i]] = 1f;
        }
        NDArray oh = m.create(onehot, new Shape(b, c));
        return logits.logSoftmax(1).mul(oh).sum().neg().div(b);
    }

    static double accuracy(float[] logits, int[] y, int c) {
        int ok = 0;
        for (int i = 0; i < y.length; i++) {
            if (argmax(logits, i, c) == y[i]) {
                ok++;
            }
        }
        return (double) ok / y.length;
    }

    static int argmax(float[] logits, int row, int c) {
        int best = 0;
        for (int k = 1; k < c; k++) {
            if (logits[row * c + k] > logits[row * c + best]) {
                best = k;
            }
        }
        return best;
    }

    private Pass rewardPass() {
        return batchStatisticsRewards ? Pass.BATCH_STATISTICS : Pass.EVAL;
    }

    /**
     * A no-grad reward forward. On running statistics: gathered or masked as set (the two agree in eval
     * mode). On batch statistics: with the training passes' execution, so that each option's statistics
     * cover the rows they cover in training (the whole batch masked, its own rows gathered).
     */
    private NDArray rewardForward(NDArray xs, float[] policy) {
        boolean gathered = batchStatisticsRewards ? gatheredTraining : gatheredRewards;
        return gathered ? net.forwardGathered(xs, policy, rewardPass()) : net.forwardMasked(xs, policy, rewardPass());
    }

    /**
     * The REINFORCE step (docs/algorithm.md §6.4–6.5): greedy and sampled policies, two no-grad meta-graph
     * forwards in eval mode, self-critical advantage, loss = (−Σ A·log π − β·H') / B, Adam step.
     */
    public ControllerResult trainController(
            float[] x,
            int[] y,
            LatencyTable table,
            double lb,
            double ub,
            double alpha,
            double beta,
            double posW,
            double negW,
            double latExp,
            boolean trueEntropy,
            Optim opt,
            SplittableRandom rng) {
        int b = y.length;
        int n = Arch.CELLS * Arch.OPTIONS;
        try (NDManager m = root.newSubManager()) {
            NDArray xs = images(m, x, b);
            float[] greedy = new float[b * n];
            float[] sampled = new float[b * n];
            double[] adv = new double[b];
            double rs = 0, rg = 0, accS = 0, accG = 0, latS = 0, latG = 0, opts = 0, inside = 0;
            NDArray loss;
            NDArray ent;
            int uniqueCount;
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray p = ctrl.forward(xs, Pass.TRAIN);
                float[] ph = p.toFloatArray();
                if (!allFinite(ph)) {
                    throw new NumericalFault("the controller's probabilities became non-finite");
                }
                for (int i = 0; i < ph.length; i++) {
                    greedy[i] = Reward.greedy(ph[i]) ? 1f : 0f;
                    sampled[i] = rng.nextDouble() < Reward.bound(ph[i], alpha) ? 1f : 0f;
                }
                float[] lg;
                float[] ls;
                JniUtils.setGradMode(false);
                try {
                    lg = rewardForward(xs, greedy).toFloatArray();
                    ls = rewardForward(xs, sampled).toFloatArray();
                    for (float[] pol : new float[][] {greedy, sampled}) {
                        float[] logits = pol == greedy ? lg : ls;
                        if (!allFinite(logits)) {
                            String where = net.locateNonFinite(xs, pol, rewardPass());
                            throw new NumericalFault("the meta-graph's reward forward gave non-finite logits"
                                    + (where == null
                                            ? " (a re-run was finite: a non-deterministic kernel fault)"
                                            : "; it first turns non-finite in " + where));
                        }
                    }
                } finally {
                    JniUtils.setGradMode(true);
                }
                int c = net.classes();
                Set<String> uniq = new HashSet<>();
                for (int r = 0; r < b; r++) {
                    boolean[][] gb = bits(greedy, r);
                    boolean[][] sb = bits(sampled, r);
                    double zg = table.latencyOf(gb);
                    double zs = table.latencyOf(sb);
                    boolean okG = argmax(lg, r, c) == y[r];
                    boolean okS = argmax(ls, r, c) == y[r];
                    double rG = Reward.of(okG, zg, lb, ub, posW, negW, latExp);
                    double rS = Reward.of(okS, zs, lb, ub, posW, negW, latExp);
                    adv[r] = rS - rG;
                    rs += rS;
                    rg += rG;
                    accS += okS ? 1 : 0;
                    accG += okG ? 1 : 0;
                    latS += zs;
                    latG += zg;
                    inside += zs > lb && zs < ub ? 1 : 0;
                    uniq.add(Arch.format(gb));
                    for (int i = 0; i < n; i++) {
                        opts += greedy[r * n + i];
                    }
                }
                if (!Double.isFinite(rs) || !Double.isFinite(rg)) {
                    throw new NumericalFault("the reward became " + (rs / b));
                }
                NDArray u = m.create(sampled, new Shape(b, 17, 5));
                float[] advF = new float[b];
                for (int r = 0; r < b; r++) {
                    advF[r] = (float) adv[r];
                }
                NDArray a = m.create(advF, new Shape(b, 1, 1));
                NDArray[] le = policyLoss(p, u, a, alpha, beta, trueEntropy, b);
                loss = le[0];
                ent = le[1];
                gc.backward(loss);
                uniqueCount = uniq.size();
            }
            double l = loss.getFloat();
            if (!Double.isFinite(l)) {
                throw new NumericalFault("the controller loss became " + l);
            }
            String badGrad = MetaGraph.gradientFault(
                    ctrl.params(), List.copyOf(ctrl.params().trainable()));
            if (badGrad != null) {
                throw new NumericalFault("the controller's backward pass turned non-finite at " + badGrad);
            }
            opt.step(List.copyOf(ctrl.params().trainable()), m);
            double meanAdv = 0;
            for (double v : adv) {
                meanAdv += v;
            }
            return new ControllerResult(
                    l,
                    rs / b,
                    rg / b,
                    meanAdv / b,
                    ent.getFloat() / b,
                    accS / b,
                    accG / b,
                    latS / b,
                    latG / b,
                    inside / b,
                    opts / b,
                    uniqueCount,
                    sampled);
        }
    }

    /**
     * The controller loss (docs/algorithm.md §6.5): {loss, H'} with log π = Σ u·log p' + (1−u)·log(1−p'),
     * H' = Σ −p̂·log p̂ (or the Bernoulli entropy), loss = (−Σ_b A_b·log π_b − β·H') / B.
     */
    static NDArray[] policyLoss(
            NDArray p, NDArray u, NDArray adv, double alpha, double beta, boolean trueEntropy, int b) {
        NDArray pb = p.mul((float) (2 * alpha - 1)).add((float) (1 - alpha));
        NDArray logPi = u.mul(pb.log()).add(u.neg().add(1f).mul(pb.neg().add(1f).log()));
        NDArray pg = logPi.mul(adv).sum().neg();
        NDArray pc = pb.clip(1e-15f, 1 - 1e-7f);
        NDArray ent = pc.mul(pc.log()).sum().neg();
        if (trueEntropy) {
            NDArray qc = pc.neg().add(1f).clip(1e-15f, 1f);
            ent = ent.sub(qc.mul(qc.log()).sum());
        }
        return new NDArray[] {pg.sub(ent.mul((float) beta)).div(b), ent};
    }

    static boolean[][] bits(float[] policy, int row) {
        boolean[][] b = new boolean[Arch.CELLS][Arch.OPTIONS];
        int base = row * Arch.CELLS * Arch.OPTIONS;
        for (int t = 0; t < Arch.CELLS; t++) {
            for (int a = 0; a < Arch.OPTIONS; a++) {
                b[t][a] = policy[base + t * Arch.OPTIONS + a] > 0.5f;
            }
        }
        return b;
    }

    /** Rows of a policy permuted across the batch (docs/algorithm.md §7.2). */
    public static float[] permuteRows(float[] policy, int b, SplittableRandom rng) {
        int n = policy.length / b;
        int[] perm = new int[b];
        for (int i = 0; i < b; i++) {
            perm[i] = i;
        }
        for (int i = b - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        float[] out = new float[policy.length];
        for (int i = 0; i < b; i++) {
            System.arraycopy(policy, perm[i] * n, out, i * n, n);
        }
        return out;
    }

    /**
     * BatchNorm recalibration (as in one-shot NAS): the meta-graph's running statistics are reset and
     * re-estimated, as an exact running average, from train-mode forwards without gradient on
     * {@code batches} with the policies that will be evaluated ({@code policyOf}: greedy from the
     * controller, or a fixed path). Weights are untouched; only eval-mode statistics change, so they
     * match the architectures actually evaluated instead of the mixture seen in training.
     */
    public void recalibrate(List<float[]> batches, int b, Function<float[], float[]> policyOf) {
        net.params().resetBatchNorm();
        net.resetCalibration();
        int k = 0;
        for (float[] x : batches) {
            k++;
            float[] pol = policyOf.apply(x);
            try (NDManager m = root.newSubManager()) {
                // the statistics of the execution the weights were trained with: per option over
                // its own rows when training ran gathered, over the whole batch when masked
                NDArray xs = images(m, x, b);
                if (gatheredTraining) {
                    net.forwardGathered(xs, pol, Pass.calibration(k));
                } else {
                    net.forwardMasked(xs, pol, Pass.calibration(k));
                }
            }
        }
    }

    /** Greedy policies of the controller for a host batch. */
    public float[] greedy(float[] x, int b) {
        return policy(x, b, false, 0.5, null);
    }

    /** Inference result of a batch: the controller's probabilities and the routed logits. */
    public record Inference(float[] probs, float[] policy, float[] logits) {}

    /** Controller + greedy policy + gathered meta-graph (eval mode, no autograd). */
    public Inference infer(float[] x, int b) {
        return infer(x, b, null);
    }

    /**
     * As {@link #infer(float[], int)}; when {@code nanos} is given, its [0] receives the wall-clock
     * time of the controller (images in, greedy policy out) and [1] that of the routed network
     * (logits out). A fixed-architecture run has no controller: [0] is 0.
     */
    public Inference infer(float[] x, int b, long[] nanos) {
        long t0 = System.nanoTime();
        try (NDManager m = root.newSubManager()) {
            NDArray xs = images(m, x, b);
            float[] probs;
            float[] pol;
            if (fixedRow != null) {
                pol = fixedPolicy(b);
                probs = pol.clone();
                t0 = System.nanoTime();
            } else {
                probs = ctrl.forward(xs, Pass.EVAL).toFloatArray();
                pol = new float[probs.length];
                for (int i = 0; i < probs.length; i++) {
                    pol[i] = Reward.greedy(probs[i]) ? 1f : 0f;
                }
            }
            long t1 = System.nanoTime();
            float[] logits = net.forwardGathered(xs, pol).toFloatArray();
            if (nanos != null) {
                nanos[0] = fixedRow != null ? 0 : t1 - t0;
                nanos[1] = System.nanoTime() - t1;
            }
            return new Inference(probs, pol, logits);
        }
    }

    /** The meta-graph on a fixed policy (eval mode, gathered). */
    public float[] inferPolicy(float[] x, int b, float[] policy) {
        try (NDManager m = root.newSubManager()) {
            return net.forwardGathered(images(m, x, b), policy).toFloatArray();
        }
    }

    /** The controller in eval mode: sampled (bounded Bernoulli) or greedy policies, no autograd. */
    public float[] policy(float[] x, int b, boolean sample, double alpha, SplittableRandom rng) {
        if (fixedRow != null) {
            return fixedPolicy(b);
        }
        try (NDManager m = root.newSubManager()) {
            float[] probs = ctrl.forward(images(m, x, b), Pass.EVAL).toFloatArray();
            float[] pol = new float[probs.length];
            for (int i = 0; i < probs.length; i++) {
                pol[i] =
                        (sample ? rng.nextDouble() < Reward.bound(probs[i], alpha) : Reward.greedy(probs[i])) ? 1f : 0f;
            }
            return pol;
        }
    }

    public static float[] constantPolicy(int b, int option) {
        float[] p = new float[b * Arch.CELLS * Arch.OPTIONS];
        for (int r = 0; r < b; r++) {
            for (int t = 0; t < Arch.CELLS; t++) {
                if (option < 0) {
                    for (int a = 0; a < Arch.OPTIONS; a++) {
                        p[(r * Arch.CELLS + t) * Arch.OPTIONS + a] = 1f;
                    }
                } else {
                    p[(r * Arch.CELLS + t) * Arch.OPTIONS + option] = 1f;
                }
            }
        }
        return p;
    }
}
