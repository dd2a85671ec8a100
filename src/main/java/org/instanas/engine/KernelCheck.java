// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.instanas.run.Json;

/**
 * The numerical self-check at engine start: a known-answer forward and backward of every kind of
 * convolution the meta-graph and the controller use (dense 3×3 at stride 1 and 2, 1×1, depthwise
 * 3×3 and 5×5), at channel counts that are and are not multiples of oneDNN's AVX-512 block of 16,
 * compared with a convolution computed here in plain Java (double precision). Before each
 * libtorch call the native heap is filled with NaN and released, so a kernel that reads memory
 * it never wrote gives NaN every time instead of now and then.
 *
 * <p>Why: on AVX-512 CPUs, libtorch 2.5.1's oneDNN ({@code jit:avx512_core} direct convolution,
 * blocked {@code aBcd16b} layout) reads the uninitialised channel padding of its inputs: a dense
 * k×k convolution whose input channels are not a multiple of 16 (24, 40) gives NaN or garbage in
 * the forward pass, and one whose output channels are not (8, 24, 40) in the input-gradient pass.
 * With {@code DNNL_MAX_CPU_ISA=AVX2} the same shapes are right but every step is about twice as
 * slow. The check decides the kernel configuration:
 * <ul>
 *   <li>{@code native}: libtorch as it is, every case right;</li>
 *   <li>{@code pad16}: dense convolutions get channel counts padded to multiples of 16
 *   ({@link Nn#conv2d}), when that makes every case right;</li>
 *   <li>otherwise the engine stops with one message that names the CPU, its flags and the fix.</li>
 * </ul>
 * The verdict is cached in {@code ~/.instanas/kernel-check.json} per CPU model and flags, library
 * versions, thread count and ISA environment ({@link #CACHE_PROPERTY}), and shown by
 * {@code --version} and in run.json ({@code versions.kernels}).
 */
public final class KernelCheck {
    /** Bump when the cases or the decision change, so cached verdicts are checked again. */
    static final int CHECK_VERSION = 1;

    static final String NATIVE = "native";
    static final String PAD16 = "pad16";
    private static final double TOLERANCE = 1e-3;
    /** {@code -Dinstanas.kernels=native|pad16} skips the check (for measuring the guard's cost); default auto. */
    public static final String FORCE_PROPERTY = "instanas.kernels";
    /** {@code -Dinstanas.kernels.cache=FILE|none}: where the verdict is cached (default ~/.instanas/kernel-check.json). */
    public static final String CACHE_PROPERTY = "instanas.kernels.cache";

    private static volatile boolean padDense;
    private static volatile Verdict current;

    private KernelCheck() {}

    /** True when dense convolutions must be given channel counts in multiples of 16 (see {@link Nn#conv2d}). */
    static boolean padDenseChannels() {
        return padDense;
    }

    /** The verdict in force in this JVM, or null before the engine started. */
    public static Verdict current() {
        return current;
    }

    /**
     * What the check found and what the engine does about it.
     *
     * @param config {@code native} or {@code pad16}
     * @param finding the first wrong case without the guard, or "all cases right"
     * @param cpu the CPU model and its AVX-512 flags
     * @param key the cache key (CPU, flags, versions, threads, ISA environment)
     * @param checkedAt when the check ran
     * @param cached whether this JVM read the verdict from the cache instead of running the check
     */
    public record Verdict(String config, String finding, String cpu, String key, String checkedAt, boolean cached) {
        /** One line for {@code --version} and run.json. */
        public String describe() {
            if (finding.startsWith("forced")) {
                return config + " (" + finding + ", no self-check)";
            }
            String what = NATIVE.equals(config)
                    ? "native (libtorch/oneDNN as shipped)"
                    : "pad16 (dense convolutions padded to multiples of 16 channels: " + finding + " without)";
            return what + "; self-check " + (cached ? "cached from " : "run ") + checkedAt;
        }
    }

    /** Corrupts a result in tests, to stand in for a faulty kernel: {@code mode} is native or pad16. */
    public interface Fault {
        void apply(String mode, String caseName, float[] y, float[] dx, float[] dw);
    }

    /** Thrown when no kernel configuration passes the check. */
    public static final class KernelFault extends Torch.EngineUnavailableException {
        KernelFault(String message) {
            super(message, null);
        }
    }

    /** One convolution of the check. */
    record Case(String name, int batch, int ic, int oc, int size, int k, int stride, int groups, boolean inputGrad) {
        int pad() {
            return k / 2;
        }

        int out() {
            return (size + 2 * pad() - k) / stride + 1;
        }
    }

    /** The shapes of the tiny and CIFAR presets' options and controllers, where the defect was seen and around it. */
    static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        c.add(new Case("basic 3x3 40->40 at 4x4", 16, 40, 40, 4, 3, 1, 1, true));
        c.add(new Case("basic 3x3 24->40 stride 2 at 7x7", 16, 24, 40, 7, 3, 2, 1, true));
        c.add(new Case("basic 3x3 24->24 at 7x7", 16, 24, 24, 7, 3, 1, 1, true));
        c.add(new Case("basic 3x3 16->24 at 7x7", 16, 16, 24, 7, 3, 1, 1, true));
        c.add(new Case("basic 3x3 8->8 at 14x14", 16, 8, 8, 14, 3, 1, 1, true));
        c.add(new Case("basic 3x3 8->16 stride 2 at 14x14", 16, 8, 16, 14, 3, 2, 1, true));
        c.add(new Case("basic 3x3 48->48 at 4x4", 16, 48, 48, 4, 3, 1, 1, true));
        c.add(new Case("controller 3x3 16->32 stride 2 at 8x8", 16, 16, 32, 8, 3, 2, 1, true));
        c.add(new Case("stem 3x3 1->8 at 14x14", 16, 1, 8, 14, 3, 1, 1, false));
        c.add(new Case("stem 3x3 3->32 at 8x8", 16, 3, 32, 8, 3, 1, 1, false));
        c.add(new Case("expand 1x1 24->144 at 7x7", 16, 24, 144, 7, 1, 1, 1, true));
        c.add(new Case("project 1x1 72->40 at 4x4", 16, 72, 40, 4, 1, 1, 1, true));
        c.add(new Case("depthwise 3x3 72 at 7x7", 16, 72, 72, 7, 3, 1, 72, true));
        c.add(new Case("depthwise 5x5 120 stride 2 at 7x7", 16, 120, 120, 7, 5, 2, 120, true));
        return c;
    }

    /**
     * Decides the kernel configuration once per JVM: from the cache when it holds a verdict for this
     * machine and these libraries, else by running the check (and caching its verdict).
     *
     * @throws KernelFault when no configuration computes every case right
     */
    static synchronized Verdict ensure() {
        if (current != null) {
            return current;
        }
        String forced = System.getProperty(FORCE_PROPERTY, "auto");
        Verdict v;
        if (NATIVE.equals(forced) || PAD16.equals(forced)) {
            Cpu cpu = cpu();
            v = new Verdict(forced, "forced by -D" + FORCE_PROPERTY, cpu.description(), cacheKey(cpu), now(), false);
        } else if ("auto".equals(forced)) {
            v = decide(null);
        } else {
            throw new IllegalArgumentException(
                    "-D" + FORCE_PROPERTY + " must be auto, native or pad16, not '" + forced + "'");
        }
        apply(v);
        return v;
    }

    /** The verdict from the cache, or from a run of the check that is then cached (with an optional injected fault). */
    static Verdict decide(Fault fault) {
        Cpu cpu = cpu();
        String key = cacheKey(cpu);
        Verdict v = readCache(key);
        if (v == null) {
            v = run(fault, cpu.description(), key);
            writeCache(v);
        }
        return v;
    }

    /** ISO-8601 to the second, seconds always written. */
    private static String now() {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                OffsetDateTime.now().withNano(0));
    }

    /** Puts a verdict in force (the engine's start, and tests that restore the one they replaced). */
    static void apply(Verdict v) {
        padDense = PAD16.equals(v.config());
        current = v;
    }

    /**
     * Runs the check now (never the cache) with an optional injected fault, and applies its verdict.
     * For tests; the engine calls {@link #ensure()}.
     */
    static Verdict recheck(Fault fault) {
        Cpu cpu = cpu();
        Verdict v = run(fault, cpu.description(), cacheKey(cpu));
        apply(v);
        return v;
    }

    private static Verdict run(Fault fault, String cpu, String key) {
        String nativeFinding = runAll(NATIVE, fault);
        String now = now();
        if (nativeFinding == null) {
            return new Verdict(NATIVE, "all cases right", cpu, key, now, false);
        }
        String padFinding = runAll(PAD16, fault);
        if (padFinding == null) {
            return new Verdict(PAD16, nativeFinding, cpu, key, now, false);
        }
        throw new KernelFault("the numerical self-check of libtorch's CPU kernels failed on this CPU (" + cpu + "): "
                + nativeFinding + "; with dense convolutions padded to 16 channels still " + padFinding
                + ". Training here would give NaN or wrong numbers. Start the workbench with DNNL_MAX_CPU_ISA=AVX2 in the "
                + "environment (oneDNN then uses its AVX2 kernels, about twice as slow) and report the CPU model");
    }

    /** Runs every case in one mode; returns the first failure, or null when all are right. */
    static String runAll(String mode, Fault fault) {
        boolean before = padDense;
        padDense = PAD16.equals(mode);
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            for (Case c : cases()) {
                String f = runCase(m, c, mode, fault);
                if (f != null) {
                    return f;
                }
            }
            return null;
        } finally {
            padDense = before;
        }
    }

    private static String runCase(NDManager root, Case c, String mode, Fault fault) {
        SplittableRandom rng = new SplittableRandom(c.name().hashCode());
        int cpg = c.ic() / c.groups();
        float[] x = random(rng, c.batch() * c.ic() * c.size() * c.size(), 4.0);
        float[] w = random(rng, c.oc() * cpg * c.k() * c.k(), 1.0 / Math.sqrt(cpg * c.k() * c.k()));
        float[] g = random(rng, c.batch() * c.oc() * c.out() * c.out(), 1.0);
        float[] y;
        float[] dx;
        float[] dw;
        try (NDManager m = root.newSubManager()) {
            poison(m);
            NDArray xa = m.create(x, new Shape(c.batch(), c.ic(), c.size(), c.size()));
            NDArray wa = m.create(w, new Shape(c.oc(), cpg, c.k(), c.k()));
            NDArray ga = m.create(g, new Shape(c.batch(), c.oc(), c.out(), c.out()));
            xa.setRequiresGradient(c.inputGrad());
            wa.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray ya = Nn.conv2d(xa, wa, c.stride(), c.pad(), c.groups());
                y = ya.toFloatArray();
                poison(m);
                gc.backward(ya.mul(ga).sum());
            }
            dx = c.inputGrad() ? xa.getGradient().toFloatArray() : new float[0];
            dw = wa.getGradient().toFloatArray();
        }
        if (fault != null) {
            fault.apply(mode, c.name(), y, dx, dw);
        }
        Reference r = reference(c, x, w, g);
        String f = compare("forward", y, r.y);
        if (f == null && c.inputGrad()) {
            f = compare("input gradient", dx, r.dx);
        }
        if (f == null) {
            f = compare("weight gradient", dw, r.dw);
        }
        return f == null ? null : c.name() + " " + f;
    }

    /** Leaves NaN in freed native memory of many sizes, so that the next allocations start dirty. */
    private static void poison(NDManager m) {
        for (int j = 0; j < 16; j++) {
            try (NDArray a = m.full(new Shape(1L << (8 + j % 14)), Float.NaN)) {
                a.getShape(); // allocated and filled; freed on close
            }
        }
    }

    private static float[] random(SplittableRandom rng, int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) ((rng.nextDouble() * 2 - 1) * scale);
        }
        return a;
    }

    private static String compare(String what, float[] got, double[] want) {
        double scale = 1e-6;
        for (double v : want) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < want.length; i++) {
            if (!Float.isFinite(got[i])) {
                return what + " gave " + got[i] + " at element " + i;
            }
            double err = Math.abs(got[i] - want[i]) / scale;
            if (err > TOLERANCE) {
                return what + " was wrong at element " + i + " (" + got[i] + " instead of " + (float) want[i] + ")";
            }
        }
        return null;
    }

    record Reference(double[] y, double[] dx, double[] dw) {}

    /** The convolution, its input gradient and weight gradient for upstream gradient g, in double precision. */
    static Reference reference(Case c, float[] x, float[] w, float[] g) {
        int b = c.batch();
        int h = c.size();
        int o = c.out();
        int k = c.k();
        int s = c.stride();
        int p = c.pad();
        int cpg = c.ic() / c.groups();
        int opg = c.oc() / c.groups();
        double[] y = new double[b * c.oc() * o * o];
        double[] dx = new double[x.length];
        double[] dw = new double[w.length];
        for (int n = 0; n < b; n++) {
            for (int oc = 0; oc < c.oc(); oc++) {
                int g0 = oc / opg * cpg;
                for (int i = 0; i < o; i++) {
                    for (int j = 0; j < o; j++) {
                        int yi = ((n * c.oc() + oc) * o + i) * o + j;
                        double acc = 0;
                        double up = g[yi];
                        for (int ci = 0; ci < cpg; ci++) {
                            int xc = (n * c.ic() + g0 + ci) * h;
                            int wc = (oc * cpg + ci) * k;
                            for (int ki = 0; ki < k; ki++) {
                                int r = i * s - p + ki;
                                if (r < 0 || r >= h) {
                                    continue;
                                }
                                for (int kj = 0; kj < k; kj++) {
                                    int col = j * s - p + kj;
                                    if (col < 0 || col >= h) {
                                        continue;
                                    }
                                    int xi = (xc + r) * h + col;
                                    int wi = (wc + ki) * k + kj;
                                    acc += (double) x[xi] * w[wi];
                                    dx[xi] += up * w[wi];
                                    dw[wi] += up * x[xi];
                                }
                            }
                        }
                        y[yi] = acc;
                    }
                }
            }
        }
        return new Reference(y, dx, dw);
    }

    // ------------------------------------------------------------------ machine description and cache

    /** CPU model and its AVX-512 flags, from /proc/cpuinfo (or os.arch elsewhere). */
    static String cpuDescription() {
        return cpu().description();
    }

    /**
     * The first processor of /proc/cpuinfo, read once: "model, its AVX-512 flags" for messages, and
     * the whole flags line for the cache key.
     */
    private record Cpu(String description, String flags) {}

    private static Cpu cpu() {
        String model = System.getProperty("os.arch");
        String flags = "";
        TreeSet<String> avx512 = new TreeSet<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8)) {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String k = line.substring(0, colon).trim();
                String v = line.substring(colon + 1).trim();
                if (k.equals("model name")) {
                    model = v;
                } else if (k.equals("flags")) {
                    flags = line;
                    for (String f : v.split("\\s+")) {
                        if (f.startsWith("avx512") || f.startsWith("amx")) {
                            avx512.add(f);
                        }
                    }
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: the model stays os.arch
        }
        return new Cpu(model + (avx512.isEmpty() ? ", no AVX-512" : ", " + String.join(" ", avx512)), flags);
    }

    private static String cacheKey(Cpu cpu) {
        StringBuilder sb = new StringBuilder();
        sb.append(CHECK_VERSION)
                .append('|')
                .append(cpu.description())
                .append('|')
                .append(cpu.flags());
        sb.append('|')
                .append(Engine.getDjlVersion())
                .append('|')
                .append(Engine.getEngine("PyTorch").getVersion());
        sb.append('|').append(String.valueOf(Torch.bundledFlavor())).append('|').append(Torch.threads());
        for (String env : new String[] {"DNNL_MAX_CPU_ISA", "ONEDNN_MAX_CPU_ISA", "ATEN_CPU_CAPABILITY"}) {
            sb.append('|').append(env).append('=').append(System.getenv(env));
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            return Integer.toHexString(sb.toString().hashCode());
        }
    }

    /** The cache, or null when {@code -Dinstanas.kernels.cache=none} (the test suite: every JVM checks for real). */
    static Path cacheFile() {
        String p = System.getProperty(CACHE_PROPERTY);
        if (p != null && !p.isBlank()) {
            return p.equals("none") ? null : Path.of(p);
        }
        String home = System.getProperty("instanas.home");
        Path dir =
                home != null && !home.isBlank() ? Path.of(home) : Path.of(System.getProperty("user.home"), ".instanas");
        return dir.resolve("kernel-check.json");
    }

    private static Verdict readCache(String key) {
        Path f = cacheFile();
        if (f == null || !Files.isRegularFile(f)) {
            return null;
        }
        try {
            JsonNode e = Json.MAPPER.readTree(f.toFile()).get(key);
            if (e == null || !e.hasNonNull("config")) {
                return null;
            }
            String config = e.get("config").asText();
            if (!NATIVE.equals(config) && !PAD16.equals(config)) {
                return null;
            }
            return new Verdict(
                    config,
                    e.path("finding").asText(""),
                    e.path("cpu").asText(""),
                    key,
                    e.path("checkedAt").asText(""),
                    true);
        } catch (IOException | RuntimeException e) {
            return null; // an unreadable cache is checked again and rewritten
        }
    }

    private static void writeCache(Verdict v) {
        Path f = cacheFile();
        if (f == null) {
            return;
        }
        try {
            Files.createDirectories(f.getParent());
            ObjectNode all = Json.MAPPER.createObjectNode();
            if (Files.isRegularFile(f)) {
                try {
                    if (Json.MAPPER.readTree(f.toFile()) instanceof ObjectNode old) {
                        all = old;
                    }
                } catch (IOException e) {
                    // replaced below
                }
            }
            ObjectNode e = all.putObject(v.key());
            e.put("config", v.config());
            e.put("finding", v.finding());
            e.put("cpu", v.cpu());
            e.put("checkedAt", v.checkedAt());
            Path tmp = Files.createTempFile(f.getParent(), "kernel-check", ".tmp");
            try {
                Json.MAPPER.writeValue(tmp.toFile(), all);
                Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException | RuntimeException e) {
            // a read-only home: the check runs again next start
        }
    }
}
