// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * Named tensors of one network, living on one long-lived manager: trainable parameters (with
 * gradients) and buffers (BatchNorm running statistics). Saved in a plain, checksummed binary
 * format (never Java serialization): magic, version, then per tensor its name, shape and floats.
 */
public final class Params {
    private static final int MAGIC = 0x494E4153; // "INAS"
    private static final int VERSION = 1;

    private final NDManager manager;
    private final Map<String, NDArray> trainable = new LinkedHashMap<>();
    private final Map<String, NDArray> buffers = new LinkedHashMap<>();
    private final SplittableRandom rng;

    public Params(NDManager manager, long seed) {
        this.manager = manager;
        this.rng = new SplittableRandom(seed);
    }

    public NDManager manager() {
        return manager;
    }

    private NDArray add(String name, float[] values, Shape shape, boolean train) {
        NDArray a = manager.create(values, shape);
        a.setName(name);
        if (train) {
            a.setRequiresGradient(true);
            trainable.put(name, a);
        } else {
            buffers.put(name, a);
        }
        return a;
    }

    /** PyTorch's default conv/linear init: U(−1/√fan_in, 1/√fan_in). */
    public NDArray uniform(String name, Shape shape, int fanIn) {
        float[] v = new float[(int) shape.size()];
        double b = 1.0 / Math.sqrt(fanIn);
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) ((rng.nextDouble() * 2 - 1) * b);
        }
        return add(name, v, shape, true);
    }

    /** N(0, std) init (the controller's convolutions). */
    public NDArray normal(String name, Shape shape, double std) {
        float[] v = new float[(int) shape.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (nextGaussian() * std);
        }
        return add(name, v, shape, true);
    }

    private double nextGaussian() {
        double u1 = rng.nextDouble();
        double u2 = rng.nextDouble();
        return Math.sqrt(-2 * Math.log(Math.max(u1, 1e-300))) * Math.cos(2 * Math.PI * u2);
    }

    public NDArray constant(String name, int n, float value, boolean train) {
        float[] v = new float[n];
        Arrays.fill(v, value);
        return add(name, v, new Shape(n), train);
    }

    public Collection<NDArray> trainable() {
        return trainable.values();
    }

    public Map<String, NDArray> trainableByName() {
        return trainable;
    }

    public long count() {
        long n = 0;
        for (NDArray a : trainable.values()) {
            n += a.size();
        }
        return n;
    }

    /** Every tensor, parameters first, in creation order. */
    public Map<String, NDArray> all() {
        Map<String, NDArray> m = new LinkedHashMap<>(trainable);
        m.putAll(buffers);
        return m;
    }

    /** True when every value is finite. */
    public boolean allFinite() {
        for (NDArray a : all().values()) {
            if (!finite(a)) {
                return false;
            }
        }
        return true;
    }

    /** True when {@code a} holds no NaN or infinity (its temporaries are closed). */
    static boolean finite(NDArray a) {
        try (NDArray nan = a.isNaN();
                NDArray inf = a.isInfinite();
                NDArray bad = nan.logicalOr(inf);
                NDArray any = bad.any()) {
            return !any.getBoolean();
        }
    }

    /** Copies of the buffers (BatchNorm running statistics). */
    public Map<String, float[]> bufferValues() {
        Map<String, float[]> m = new LinkedHashMap<>();
        buffers.forEach((k, v) -> m.put(k, v.toFloatArray()));
        return m;
    }

    public void setBufferValues(Map<String, float[]> values) {
        values.forEach((k, v) -> buffers.get(k).set(FloatBuffer.wrap(v)));
    }

    /** Running means to 0, running variances to 1 (before a recalibration). */
    public void resetBatchNorm() {
        for (Map.Entry<String, NDArray> e : buffers.entrySet()) {
            float[] v = new float[(int) e.getValue().size()];
            if (e.getKey().endsWith(".var")) {
                Arrays.fill(v, 1f);
            }
            e.getValue().set(FloatBuffer.wrap(v));
        }
    }

    public void save(OutputStream raw) throws IOException {
        writeTensors(raw, all());
    }

    public static void writeTensors(OutputStream raw, Map<String, NDArray> tensors) throws IOException {
        CRC32 crc = new CRC32();
        DataOutputStream out =
                new DataOutputStream(new BufferedOutputStream(new CheckedOutputStream(raw, crc), 1 << 16));
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        out.writeInt(tensors.size());
        for (Map.Entry<String, NDArray> e : tensors.entrySet()) {
            out.writeUTF(e.getKey());
            long[] dims = e.getValue().getShape().getShape();
            out.writeInt(dims.length);
            for (long d : dims) {
                out.writeLong(d);
            }
            float[] v = e.getValue().toType(DataType.FLOAT32, false).toFloatArray();
            ByteBuffer bb = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            bb.asFloatBuffer().put(v);
            out.write(bb.array());
        }
        out.flush();
        long sum = crc.getValue();
        DataOutputStream tail = new DataOutputStream(raw);
        tail.writeLong(sum);
        tail.flush();
    }

    /** Reads a tensor file fully and verifies its checksum; the message names the problem. */
    public static Map<String, float[]> readTensors(InputStream raw, Map<String, long[]> shapesOut) throws IOException {
        byte[] all = raw.readAllBytes();
        if (all.length < 20) {
            throw new IOException("truncated (" + all.length + " bytes)");
        }
        CRC32 crc = new CRC32();
        crc.update(all, 0, all.length - 8);
        long stored = ByteBuffer.wrap(all, all.length - 8, 8).getLong();
        DataInputStream in = new DataInputStream(
                new CheckedInputStream(new ByteArrayInputStream(all, 0, all.length - 8), new CRC32()));
        if (in.readInt() != MAGIC) {
            throw new IOException("not an InstaNAS parameter file (wrong magic number)");
        }
        int version = in.readInt();
        if (version != VERSION) {
            throw new IOException("parameter file version " + version + " is not supported (expected " + VERSION + ")");
        }
        if (crc.getValue() != stored) {
            throw new IOException("checksum mismatch: the file is truncated or corrupt");
        }
        int n = in.readInt();
        Map<String, float[]> out = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String name = in.readUTF();
            int nd = in.readInt();
            long[] dims = new long[nd];
            long size = 1;
            for (int d = 0; d < nd; d++) {
                dims[d] = in.readLong();
                size *= dims[d];
            }
            if (size < 0 || size > Integer.MAX_VALUE / 4) {
                throw new IOException("tensor " + name + " has an impossible size");
            }
            byte[] bytes = new byte[(int) size * 4];
            in.readFully(bytes);
            float[] v = new float[(int) size];
            ByteBuffer.wrap(bytes)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .asFloatBuffer()
                    .get(v);
            out.put(name, v);
            shapesOut.put(name, dims);
        }
        return out;
    }

    /**
     * Loads saved tensors into this network. Every name and shape must match: a checkpoint of another
     * preset is refused with the first difference; NaN or infinite values are refused too.
     */
    public void load(InputStream raw, String what) throws IOException {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        Map<String, float[]> values = readTensors(raw, shapes);
        Map<String, NDArray> mine = all();
        List<String> missing = new ArrayList<>();
        for (String k : mine.keySet()) {
            if (!values.containsKey(k)) {
                missing.add(k);
            }
        }
        if (!missing.isEmpty() || values.size() != mine.size()) {
            throw new IOException(what + " does not fit this network ("
                    + (missing.isEmpty()
                            ? values.size() + " tensors instead of " + mine.size()
                            : "missing " + missing.get(0))
                    + "): was it made with another preset?");
        }
        for (Map.Entry<String, NDArray> e : mine.entrySet()) {
            long[] want = e.getValue().getShape().getShape();
            long[] got = shapes.get(e.getKey());
            if (!Arrays.equals(want, got)) {
                throw new IOException(what + " does not fit this network: " + e.getKey() + " has shape "
                        + Arrays.toString(got) + ", expected " + Arrays.toString(want)
                        + " (was it made with another preset?)");
            }
            for (float f : values.get(e.getKey())) {
                if (!Float.isFinite(f)) {
                    throw new IOException(what + " holds NaN or infinite values in " + e.getKey());
                }
            }
        }
        for (Map.Entry<String, NDArray> e : mine.entrySet()) {
            NDArray a = e.getValue();
            try (NDManager tmp = manager.newSubManager()) {
                NDArray src = tmp.create(FloatBuffer.wrap(values.get(e.getKey())), a.getShape());
                a.set(src.toType(a.getDataType(), false).toByteBuffer());
            }
        }
    }
}
