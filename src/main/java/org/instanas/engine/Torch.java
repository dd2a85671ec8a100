// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Starting libtorch offline, choosing the device, and reporting versions. Must be called on the
 * engine thread: DJL's grad mode is per thread.
 */
public final class Torch {
    private static volatile boolean started;

    private Torch() {}

    /** Sets DJL's system properties; harmless to call more than once, effective before the first start. */
    public static void configure(int threads) {
        System.setProperty("ai.djl.offline", "true");
        if (threads > 0 && !started) {
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(threads));
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        } else if (!started && System.getProperty("ai.djl.pytorch.num_threads") == null) {
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(defaultThreads()));
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
    }

    /**
     * Half the cores (at most 8), inter-op 1: on 2 cores one intra-op thread was faster than two
     * (tiny pretrain step 1 012 vs 1 400 ms with OMP_WAIT_POLICY=PASSIVE) and leaves a core for the
     * data thread and the UI (docs/performance.md).
     */
    public static int defaultThreads() {
        return Math.max(1, Math.min(Runtime.getRuntime().availableProcessors() / 2, 8));
    }

    /**
     * Starts the engine on the calling thread, with autograd off for this thread, and decides the
     * kernel configuration by the numerical self-check ({@link KernelCheck}).
     *
     * @throws EngineUnavailableException when libtorch cannot start or computes wrong numbers here
     */
    public static Engine start(int threads) {
        configure(threads);
        if (started) {
            return startOnThisThread();
        }
        try {
            // libtorch's once-per-process notices are printed while it loads and runs its first operators
            return NativeStderr.filtered(Torch::startOnThisThread);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Engine startOnThisThread() {
        Engine engine;
        try {
            engine = Engine.getEngine("PyTorch");
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            throw new EngineUnavailableException(explain(e), e);
        }
        boolean first = !started;
        started = true;
        JniUtils.setGradMode(false);
        KernelCheck.ensure();
        if (first) {
            warmUp();
        }
        JniUtils.setGradMode(false);
        return engine;
    }

    /** One small convolution, matrix product and buffer copy, so libtorch's first-use notices come out during the start. */
    private static void warmUp() {
        try (NDManager m = NDManager.newBaseManager(Device.cpu())) {
            NDArray x = m.ones(new Shape(1, 1, 4, 4));
            NDArray w = m.ones(new Shape(1, 1, 3, 3));
            Nn.conv2d(x, w, 1, 1, 1);
            x.reshape(4, 4).matMul(x.reshape(4, 4)).sum().getFloat();
            // copying into an array from a buffer (loading weights) is what prints "AutoNonVariableTypeMode"
            m.zeros(new Shape(4)).set(FloatBuffer.wrap(new float[4]));
        }
    }

    public static int threads() {
        String p = System.getProperty("ai.djl.pytorch.num_threads");
        return p == null ? defaultThreads() : Integer.parseInt(p);
    }

    private static String explain(Throwable e) {
        String m = String.valueOf(e.getMessage());
        String flavor = bundledFlavor();
        if (flavor != null && flavor.startsWith("cu")) {
            return "this is the CUDA build (libtorch " + flavor + ") but libtorch sees no NVIDIA GPU or driver here; "
                    + "install the NVIDIA driver, or use the CPU build ('mvn package' without -Pcuda)";
        }
        if (m.contains("pytorch index file") || m.contains("Failed to save")) {
            return "libtorch natives are missing: the pytorch-native-cpu (or -cu124) jar is not on the class path. "
                    + "Rebuild with 'mvn package' so target/lib holds it; nothing is downloaded at run time.";
        }
        if (m.contains("jni")) {
            return "the DJL PyTorch JNI library is missing: the pytorch-jni jar is not on the class path. "
                    + "Rebuild with 'mvn package'; nothing is downloaded at run time.";
        }
        return "the PyTorch engine could not start: " + m;
    }

    /** The git commit the build was made from ("1c842ab8ad", "-dirty" with uncommitted changes), or null. */
    public static String buildCommit() {
        try (InputStream in = Torch.class.getClassLoader().getResourceAsStream("instanas-build.properties")) {
            if (in == null) {
                return null;
            }
            Properties p = new Properties();
            p.load(in);
            String c = p.getProperty("commit", "").strip();
            return c.isEmpty() || c.startsWith("${") ? null : c;
        } catch (IOException e) {
            return null;
        }
    }

    /** The flavor (cpu, cu124) of the libtorch natives on the class path, or null if none. */
    public static String bundledFlavor() {
        try (InputStream in = Torch.class.getClassLoader().getResourceAsStream("native/lib/pytorch.properties")) {
            if (in == null) {
                return null;
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("flavor");
        } catch (IOException e) {
            return null;
        }
    }

    /** The device for a preference of auto, cpu or gpu. */
    public static Device device(String preference) {
        int gpus = Engine.getEngine("PyTorch").getGpuCount();
        return switch (preference == null ? "auto" : preference) {
            case "cpu" -> Device.cpu();
            case "gpu" -> {
                if (gpus == 0) {
                    throw new EngineUnavailableException(
                            "--device gpu was asked for, but no GPU is visible to libtorch "
                                    + "(is this the CUDA build? see README 'GPU')",
                            null);
                }
                yield Device.gpu(0);
            }
            default -> gpus > 0 ? Device.gpu(0) : Device.cpu();
        };
    }

    public static String deviceName(Device d) {
        return d.isGpu() ? "gpu(" + d.getDeviceId() + ")" : "cpu";
    }

    public static Map<String, String> versions() {
        Map<String, String> v = new LinkedHashMap<>();
        String app = Torch.class.getPackage().getImplementationVersion();
        v.put("app", app == null ? "dev" : app);
        String commit = buildCommit();
        if (commit != null) {
            v.put("build", commit);
        }
        v.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")");
        v.put("djl", Engine.getDjlVersion());
        try {
            v.put("pytorch", Engine.getEngine("PyTorch").getVersion());
        } catch (RuntimeException e) {
            v.put("pytorch", "unavailable");
        }
        v.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        v.put("natives", String.valueOf(bundledFlavor()));
        KernelCheck.Verdict k = KernelCheck.current();
        if (k != null) {
            v.put("cpu", k.cpu());
            v.put("kernels", k.describe());
        }
        return v;
    }

    /** Thrown when libtorch cannot start; its message is meant for the user. */
    public static class EngineUnavailableException extends RuntimeException {
        public EngineUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
