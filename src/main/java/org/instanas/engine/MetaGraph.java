// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.engine;

import static org.instanas.run.Arch.CELLS;
import static org.instanas.run.Arch.OPTIONS;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.nn.pooling.Pool;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.instanas.engine.Nn.ConvBn;

/**
 * The one-shot meta-graph (docs/algorithm.md §2–3): stem, 17 cells of 5 options, head with global average
 * pooling. A per-sample policy {@code [B,17,5]} (host floats, 0/1, cell-major) selects options; the
 * selected outputs are summed; an empty cell is the identity, or option 4 at a stage's first cell.
 *
 * <p>Two executions with the same result: {@link #forwardMasked} (the original: each option on the
 * whole batch, outputs multiplied by the mask; used for training, where BatchNorm sees the batch)
 * and {@link #forwardGathered} (each option only on the rows that selected it; inference only).
 */
public final class MetaGraph implements Network {

    private final Preset preset;
    private final int classes;
    private final Params params;
    private final ConvBn stem;
    private final Option[][] cells;
    private final boolean[] entry;
    private final ConvBn head;
    private final NDArray fcW;
    private final NDArray fcB;
    /** Options run by the last training forward: only their parameters get an optimizer update. */
    /** Options that ran, by identity (a record's equals would compare its tensors' contents). */
    private final Set<Option> touched = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Count of option executions in the last forward (for tests: gathered never runs an unselected option). */
    private int optionRuns;

    private long optionRows;
    /** Calibration passes each option ran in since {@link #resetCalibration} (see {@link Pass#calibration}). */
    private final int[][] calibrated = new int[CELLS][OPTIONS];

    /** One candidate block; its parameters, for selective updates. */
    interface Option {
        NDArray forward(NDArray x, Pass pass);

        List<NDArray> params();
    }

    record InvertedResidual(ConvBn expand, ConvBn dw, ConvBn project, boolean residual) implements Option {
        public NDArray forward(NDArray x, Pass pass) {
            NDArray y = Nn.relu(expand.forward(x, pass));
            y = Nn.relu(dw.forward(y, pass));
            y = project.forward(y, pass);
            return residual ? y.add(x) : y;
        }

        public List<NDArray> params() {
            return List.of(
                    expand.weight(),
                    expand.gamma(),
                    expand.beta(),
                    dw.weight(),
                    dw.gamma(),
                    dw.beta(),
                    project.weight(),
                    project.gamma(),
                    project.beta());
        }
    }

    record Basic(ConvBn c1, ConvBn c2) implements Option {
        public NDArray forward(NDArray x, Pass pass) {
            return Nn.relu6(c2.forward(Nn.relu(c1.forward(x, pass)), pass));
        }

        public List<NDArray> params() {
            return List.of(c1.weight(), c1.gamma(), c1.beta(), c2.weight(), c2.gamma(), c2.beta());
        }
    }

    private static final int[][] OPTION_KE = {{3, 6}, {3, 3}, {5, 6}, {5, 3}};

    public MetaGraph(NDManager manager, Preset preset, int classes, long seed) {
        this.preset = preset;
        this.classes = classes;
        this.params = new Params(manager, seed);
        Params p = params;
        stem = ConvBn.create(p, "stem", preset.inputChannels(), preset.stemOut(), 3, preset.stemStride(), 1);
        int[][] cfg = preset.cells();
        cells = new Option[CELLS][OPTIONS];
        entry = new boolean[CELLS];
        for (int t = 0; t < CELLS; t++) {
            int in = cfg[t][0];
            int out = cfg[t][1];
            int s = cfg[t][2];
            entry[t] = cfg[t][3] == 1;
            for (int a = 0; a < 4; a++) {
                int k = OPTION_KE[a][0];
                int hidden = (int) Math.round((double) OPTION_KE[a][1] * in);
                String n = "cell" + t + ".op" + a;
                cells[t][a] = new InvertedResidual(
                        ConvBn.create(p, n + ".expand", in, hidden, 1, 1, 1),
                        ConvBn.create(p, n + ".dw", hidden, hidden, k, s, hidden),
                        ConvBn.create(p, n + ".project", hidden, out, 1, 1, 1),
                        s == 1 && in == out);
            }
            String n = "cell" + t + ".op4";
            cells[t][4] = new Basic(
                    ConvBn.create(p, n + ".c1", in, out, 3, s, 1), ConvBn.create(p, n + ".c2", out, out, 3, 1, 1));
        }
        int last = cfg[CELLS - 1][1];
        head = ConvBn.create(p, "head", last, preset.headOut(), 1, 1, 1);
        fcW = p.uniform("fc.w", new Shape(classes, preset.headOut()), preset.headOut());
        fcB = p.uniform("fc.b", new Shape(classes), preset.headOut());
    }

    public Preset preset() {
        return preset;
    }

    public int classes() {
        return classes;
    }

    @Override
    public Params params() {
        return params;
    }

    public boolean[] stageEntries() {
        return entry.clone();
    }

    /** Starts a BatchNorm re-estimation: no option has run in a calibration pass yet. */
    public void resetCalibration() {
        for (int[] c : calibrated) {
            Arrays.fill(c, 0);
        }
    }

    public int lastOptionRuns() {
        return optionRuns;
    }

    /** Rows (images) the options of the last forward ran on, summed over every option run. */
    public long lastOptionRows() {
        return optionRows;
    }

    /** Parameters that took part in the last training forward. */
    @Override
    public List<NDArray> touchedParams() {
        List<NDArray> out = new ArrayList<>(
                List.of(stem.weight(), stem.gamma(), stem.beta(), head.weight(), head.gamma(), head.beta(), fcW, fcB));
        for (Option o : touched) {
            out.addAll(o.params());
        }
        return out;
    }

    public NDArray stem(NDArray x, Pass pass) {
        return Nn.relu(stem.forward(x, pass));
    }

    public NDArray head(NDArray h, Pass pass) {
        NDArray y = Nn.relu(head.forward(h, pass));
        y = Pool.globalAvgPool2d(y);
        return Linear.linear(y, fcW, fcB).singletonOrThrow();
    }

    /** Runs one option of one cell (used by the latency profiler). */
    public NDArray option(int cell, int option, NDArray x, Pass pass) {
        return cells[cell][option].forward(x, pass);
    }

    /**
     * Masked execution. {@code policy} has B·85 values of 0/1 (cell-major). Options that no row of
     * the batch selected are skipped (their masked contribution is zero).
     */
    public NDArray forwardMasked(NDArray x, float[] policy, Pass pass) {
        int b = (int) x.getShape().get(0);
        checkPolicy(policy, b);
        touched.clear();
        optionRuns = 0;
        optionRows = 0;
        NDManager m = x.getManager();
        NDArray pol = m.create(policy, new Shape(b, CELLS * OPTIONS, 1, 1, 1));
        NDArray h = stem(x, pass);
        for (int t = 0; t < CELLS; t++) {
            boolean[] sel = new boolean[OPTIONS];
            float[] empty = new float[b];
            boolean anyEmpty = false;
            boolean anySel = false;
            for (int r = 0; r < b; r++) {
                boolean rowAny = false;
                for (int a = 0; a < OPTIONS; a++) {
                    if (policy[(r * CELLS + t) * OPTIONS + a] > 0.5f) {
                        sel[a] = true;
                        rowAny = true;
                    }
                }
                if (!rowAny) {
                    empty[r] = 1f;
                    anyEmpty = true;
                }
                anySel |= rowAny;
            }
            if (!anySel) {
                if (entry[t]) {
                    h = run(t, 4, h, pass);
                }
                continue;
            }
            NDArray y = null;
            NDArray o4 = null;
            for (int a = 0; a < OPTIONS; a++) {
                if (!sel[a]) {
                    continue;
                }
                NDArray o = run(t, a, h, pass);
                if (a == 4) {
                    o4 = o;
                }
                NDArray mask = pol.get(new NDIndex(":, " + (t * OPTIONS + a)));
                NDArray c = o.mul(mask);
                y = y == null ? c : y.add(c);
            }
            if (anyEmpty) {
                NDArray fallback = entry[t] ? (o4 != null ? o4 : run(t, 4, h, pass)) : h;
                NDArray em = m.create(empty, new Shape(b, 1, 1, 1));
                y = y.add(fallback.mul(em));
            }
            h = y;
        }
        return head(h, pass);
    }

    private NDArray run(int t, int a, NDArray x, Pass pass) {
        optionRuns++;
        optionRows += x.getShape().get(0);
        if (pass.updatesRunning() || JniUtils.isGradMode()) { // options that take part in a backward pass
            touched.add(cells[t][a]);
        }
        // in a re-estimation, an option averages over the batches it ran in, not over all of them
        Pass p = pass.calibration() ? Pass.calibration(++calibrated[t][a]) : pass;
        return cells[t][a].forward(x, p);
    }

    /** Gathered execution in eval mode (see {@link #forwardGathered(NDArray, float[], Pass)}). */
    public NDArray forwardGathered(NDArray x, float[] policy) {
        return forwardGathered(x, policy, Pass.EVAL);
    }

    /**
     * Gathered execution: each option runs on exactly the rows that selected it and its output is
     * scattered back; so an image routed to a shallow architecture costs less. In eval mode the
     * result equals {@link #forwardMasked}. In train mode (sparse training, docs/algorithm.md §12)
     * each option's BatchNorm normalises over its own rows instead of the whole batch. While autograd
     * records, the scatter is a product with a 0/1 selection matrix (DJL has no differentiable
     * {@code index_add}), so gradients flow back through it and through the gather; otherwise it
     * writes the rows in place.
     */
    public NDArray forwardGathered(NDArray x, float[] policy, Pass pass) {
        int b = (int) x.getShape().get(0);
        checkPolicy(policy, b);
        touched.clear();
        optionRuns = 0;
        optionRows = 0;
        boolean differentiable = JniUtils.isGradMode();

        NDArray h = stem(x, pass);
        for (int t = 0; t < CELLS; t++) {
            long[][] rows = new long[OPTIONS][];
            int[] counts = new int[OPTIONS];
            boolean[] isEmpty = new boolean[b];
            int emptyCount = 0;
            for (int r = 0; r < b; r++) {
                boolean any = false;
                for (int a = 0; a < OPTIONS; a++) {
                    if (policy[(r * CELLS + t) * OPTIONS + a] > 0.5f) {
                        counts[a]++;
                        any = true;
                    }
                }
                if (!any) {
                    isEmpty[r] = true;
                    emptyCount++;
                }
            }
            if (entry[t] && emptyCount > 0) {
                counts[4] += emptyCount; // an empty entry cell runs option 4
            }
            for (int a = 0; a < OPTIONS; a++) {
                rows[a] = new long[counts[a]];
                counts[a] = 0;
            }
            for (int r = 0; r < b; r++) {
                for (int a = 0; a < OPTIONS; a++) {
                    boolean on = policy[(r * CELLS + t) * OPTIONS + a] > 0.5f || (a == 4 && entry[t] && isEmpty[r]);
                    if (on) {
                        rows[a][counts[a]++] = r;
                    }
                }
            }
            if (!entry[t] && emptyCount == b) {
                continue; // the whole batch skips this cell
            }
            long[] emptyRows = null;
            if (!entry[t] && emptyCount > 0) {
                emptyRows = new long[emptyCount];
                int k = 0;
                for (int r = 0; r < b; r++) {
                    if (isEmpty[r]) {
                        emptyRows[k++] = r;
                    }
                }
            }
            h = differentiable
                    ? scatterBySelection(t, h, rows, emptyRows, b, pass)
                    : scatterInPlace(t, h, rows, emptyRows, b, pass);
        }
        return head(h, pass);
    }

    /** One cell, gathered, summing the options' outputs into a new array row by row (no autograd). */
    private NDArray scatterInPlace(int t, NDArray h, long[][] rows, long[] emptyRows, int b, Pass pass) {
        NDManager m = h.getManager();
        NDArray y = null;
        for (int a = 0; a < OPTIONS; a++) {
            int n = rows[a].length;
            if (n == 0) {
                continue;
            }
            if (n == b) {
                NDArray o = run(t, a, h, pass);
                y = y == null ? o : y.add(o);
            } else {
                NDIndex at = new NDIndex("{}", m.create(rows[a])); // int64 row indices, no conversion op
                NDArray o = run(t, a, h.get(at), pass);
                if (y == null) {
                    long[] dims = o.getShape().getShape().clone();
                    dims[0] = b;
                    y = m.zeros(new Shape(dims), o.getDataType());
                }
                y.set(at, y.get(at).add(o));
            }
        }
        if (emptyRows != null) {
            NDIndex at = new NDIndex("{}", m.create(emptyRows));
            y.set(at, y.get(at).add(h.get(at)));
        }
        return y;
    }

    /**
     * One cell, gathered, differentiably: the outputs of the options (each on its rows) and the
     * identity rows are stacked and multiplied by a [B, N] 0/1 matrix that puts each back on its
     * row; the product's cost is B·N·C·H·W multiply-adds, small next to the options' convolutions.
     * (A scatter built from differentiable gathers out of the same stack, whose backward is an
     * accumulating index_put, measured no faster: 2026-12-01, 1 thread, tiny batch 64
     * pretrain_drop_step_gathered 402–580 ms against 405–416 ms, c10 batch 32 search_step_gathered
     * 3 488–3 646 ms against 3 040–3 445 ms.)
     */
    private NDArray scatterBySelection(int t, NDArray h, long[][] rows, long[] emptyRows, int b, Pass pass) {
        NDManager m = h.getManager();
        NDList parts = new NDList();
        int total = 0;
        for (int a = 0; a < OPTIONS; a++) {
            total += rows[a].length;
        }
        total += emptyRows == null ? 0 : emptyRows.length;
        float[] select = new float[b * total];
        int col = 0;
        for (int a = 0; a < OPTIONS; a++) {
            int n = rows[a].length;
            if (n == 0) {
                continue;
            }
            NDArray o = n == b ? run(t, a, h, pass) : run(t, a, h.get(new NDIndex("{}", m.create(rows[a]))), pass);
            parts.add(o);
            for (long r : rows[a]) {
                select[(int) r * total + col++] = 1f;
            }
        }
        if (emptyRows != null) {
            parts.add(h.get(new NDIndex("{}", m.create(emptyRows))));
            for (long r : emptyRows) {
                select[(int) r * total + col++] = 1f;
            }
        }
        NDArray stacked = parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, 0);
        Shape s = stacked.getShape();
        NDArray flat = stacked.reshape(total, s.size() / total);
        NDArray y = m.create(select, new Shape(b, total)).matMul(flat);
        long[] dims = s.getShape().clone();
        dims[0] = b;
        return y.reshape(new Shape(dims));
    }

    /**
     * Where a forward pass first turns non-finite: re-runs the masked forward on the same images and
     * policy, checking the stem, every selected option of every cell and the head, and names the
     * first part with a NaN or infinite output ("cell 13, option 4 (basic block)"), or null when the
     * re-run is finite throughout. BatchNorm running statistics are restored afterwards, so the
     * search for the cause changes nothing. Only called after a fault: it costs a forward pass and
     * one host read per option.
     */
    public String locateNonFinite(NDArray x, float[] policy, Pass pass) {
        int b = (int) x.getShape().get(0);
        checkPolicy(policy, b);
        Map<String, float[]> stats = pass.training() ? params.bufferValues() : null;
        try (NDManager m = x.getManager().newSubManager()) {
            NDArray h = stem(x, pass);
            if (!Params.finite(h)) {
                return "the stem";
            }
            for (int t = 0; t < CELLS; t++) {
                NDArray y = null;
                boolean any = false;
                for (int a = 0; a < OPTIONS; a++) {
                    boolean sel = false;
                    for (int r = 0; r < b && !sel; r++) {
                        sel = policy[(r * CELLS + t) * OPTIONS + a] > 0.5f;
                    }
                    if (!sel && !(a == 4 && entry[t])) {
                        continue;
                    }
                    NDArray o = cells[t][a].forward(h, pass);
                    if (!Params.finite(o)) {
                        return "cell " + t + ", option " + a + " (" + optionName(a) + ")";
                    }
                    if (sel) {
                        any = true;
                        y = y == null ? o : y.add(o);
                    }
                }
                if (any) {
                    h = y;
                    if (!Params.finite(h)) {
                        return "cell " + t + " (the sum of its options overflowed)";
                    }
                }
            }
            NDArray out = head(h, pass);
            if (!Params.finite(out)) {
                return "the head (1×1 convolution, pooling, classifier)";
            }
            return null;
        } finally {
            if (stats != null) {
                params.setBufferValues(stats);
            }
        }
    }

    /** Human names of the five options, in order (docs/algorithm.md §2.3). */
    static String optionName(int a) {
        return switch (a) {
            case 0 -> "inverted residual 3×3, expansion 6";
            case 1 -> "inverted residual 3×3, expansion 3";
            case 2 -> "inverted residual 5×5, expansion 6";
            case 3 -> "inverted residual 5×5, expansion 3";
            default -> "basic block";
        };
    }

    /**
     * Where the backward pass of the last training forward first turned non-finite, or null when
     * every gradient is finite: one fused reduction when all is well, a per-parameter scan only on a
     * fault. A NaN made by one layer's backward spreads to every layer before it, so the culprit is
     * the last parameter, in forward order, whose gradient is non-finite.
     */
    public String gradientFault() {
        return gradientFault(params, touchedParams());
    }

    /** {@link #gradientFault()} over the parameters of {@code params} that are in {@code used}. */
    static String gradientFault(Params params, List<NDArray> used) {
        List<NDArray> ps = new ArrayList<>();
        // identity, not NDArray.equals: DJL compares contents (aten::equal), which cost ~10 % of a step
        Set<NDArray> in = Collections.newSetFromMap(new IdentityHashMap<>());
        in.addAll(used);
        for (NDArray p : params.trainable()) {
            if (in.contains(p)) {
                ps.add(p); // forward order: stem, cells, head, classifier
            }
        }
        if (ps.isEmpty()) {
            return null;
        }
        try (NDManager sub = ps.get(0).getManager().newSubManager()) {
            NDArray total = null;
            for (NDArray p : ps) {
                NDArray g = p.getGradient(); // a new handle on the parameter's manager: move it
                g.attach(sub);
                NDArray s = g.sum();
                total = total == null ? s : total.add(s);
            }
            if (Float.isFinite(total.getFloat())) {
                return null;
            }
            List<String> bad = new ArrayList<>();
            for (NDArray p : ps) {
                NDArray g = p.getGradient();
                g.attach(sub);
                if (!Params.finite(g)) {
                    bad.add(p.getName());
                }
            }
            if (bad.isEmpty()) {
                return "the sum of the gradients (it overflowed)";
            }
            String last = bad.get(bad.size() - 1);
            return describeParam(last) + (bad.size() > 1 ? " (and " + (bad.size() - 1) + " parameters before it)" : "");
        }
    }

    /** "cell13.op4.c1.w" as "cell 13, option 4 (basic block), parameter c1.w". */
    static String describeParam(String name) {
        Matcher mt = Pattern.compile("cell(\\d+)\\.op(\\d)\\.(.+)").matcher(name);
        if (mt.matches()) {
            int a = Integer.parseInt(mt.group(2));
            return "cell " + mt.group(1) + ", option " + a + " (" + optionName(a) + "), parameter " + mt.group(3);
        }
        return "parameter " + name;
    }

    private static void checkPolicy(float[] policy, int b) {
        if (policy.length != b * CELLS * OPTIONS) {
            throw new IllegalArgumentException("policy has " + policy.length + " values for a batch of " + b);
        }
    }
}
