// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.deploy;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;
import org.instanas.run.UserException;

/**
 * One ONNX model in ONNX Runtime, set up as deployed for batch-1 latency: one intra-op and one inter-op
 * thread, sequential execution, every graph optimisation (constant folding, Conv + activation fusion).
 */
public final class OrtModel implements AutoCloseable {
    private final OrtEnvironment env;
    private final OrtSession session;
    private final String input;

    private OrtModel(OrtEnvironment env, OrtSession session) throws OrtException {
        this.env = env;
        this.session = session;
        this.input = session.getInputNames().iterator().next();
    }

    /** Loads a model from its bytes with {@code threads} intra-op threads (1 for batch-1 timing). */
    public static OrtModel load(byte[] model, int threads) {
        try {
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (OrtSession.SessionOptions o = new OrtSession.SessionOptions()) {
                o.setIntraOpNumThreads(Math.max(1, threads));
                o.setInterOpNumThreads(1);
                o.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
                o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                return new OrtModel(env, env.createSession(model, o));
            }
        } catch (OrtException e) {
            throw new UserException("ONNX Runtime could not load the model: " + e.getMessage(), e);
        } catch (UnsatisfiedLinkError e) {
            throw new UserException(
                    "ONNX Runtime's native library does not load on this machine: " + e.getMessage(), e);
        }
    }

    /** Runs images {@code [n, C, H, W]} (flattened) and returns the first output {@code [n, k]}. */
    public float[][] run(float[] images, long n, long c, long h, long w) {
        try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(images), new long[] {n, c, h, w});
                OrtSession.Result r = session.run(Map.of(input, t))) {
            return (float[][]) r.get(0).getValue();
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed: " + e.getMessage(), e);
        }
    }

    /** The model's metadata (preset, checkpoint, normalisation, classes). */
    public Map<String, String> metadata() {
        try {
            return session.getMetadata().getCustomMetadata();
        } catch (OrtException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            // closing a session frees native memory only; nothing to recover
        }
    }
}
