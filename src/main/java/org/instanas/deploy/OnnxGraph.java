// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.deploy;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small builder of ONNX graphs on the ONNX protobuf classes (Tribuo's {@code ai.onnx.proto.OnnxMl}):
 * named float initializers, nodes with attributes, float inputs and outputs of fixed rank. Names are
 * the engine's ({@code cell13.op4.c1}), so a graph reads like the meta-graph it came from.
 */
final class OnnxGraph {
    /** Opset 13: Clip, Pad and Squeeze take their bounds and axes as inputs; every runtime since 2020 has it. */
    static final int OPSET = 13;

    private static final int IR_VERSION = 7;
    private final OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder();
    private final Map<String, Integer> used = new LinkedHashMap<>();

    OnnxGraph(String name) {
        graph.setName(name);
    }

    /** A float input {@code [batch, dims…]} with a symbolic batch dimension. */
    String input(String name, long... dims) {
        graph.addInput(valueInfo(name, dims));
        return name;
    }

    void output(String name, long... dims) {
        graph.addOutput(valueInfo(name, dims));
    }

    private static OnnxMl.ValueInfoProto valueInfo(String name, long... dims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        shape.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("batch"));
        for (long d : dims) {
            shape.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return OnnxMl.ValueInfoProto.newBuilder()
                .setName(name)
                .setType(OnnxMl.TypeProto.newBuilder()
                        .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                                .setElemType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
                                .setShape(shape)))
                .build();
    }

    /** A float initializer of the given shape. */
    String floats(String name, float[] values, long... dims) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder()
                .setName(name)
                .setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
                .setRawData(ByteString.copyFrom(b.array()));
        for (long d : dims) {
            t.addDims(d);
        }
        graph.addInitializer(t);
        return name;
    }

    /** An int64 initializer (pads, shapes). */
    String longs(String name, long... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(values);
        graph.addInitializer(OnnxMl.TensorProto.newBuilder()
                .setName(name)
                .setDataType(OnnxMl.TensorProto.DataType.INT64.getNumber())
                .addDims(values.length)
                .setRawData(ByteString.copyFrom(b.array())));
        return name;
    }

    /** A float scalar initializer (Clip's bounds). */
    String scalar(String name, float value) {
        if (!used.containsKey(name)) {
            used.put(name, 1);
            ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(value);
            graph.addInitializer(OnnxMl.TensorProto.newBuilder()
                    .setName(name)
                    .setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
                    .setRawData(ByteString.copyFrom(b.array())));
        }
        return name;
    }

    /**
     * A node whose output is called {@code out} (made unique if taken); attributes are Integer, Long,
     * Float, String or long[] / int[] values. Returns the output's name.
     */
    String node(String op, String out, List<String> inputs, Map<String, Object> attrs) {
        String name = unique(out);
        OnnxMl.NodeProto.Builder n =
                OnnxMl.NodeProto.newBuilder().setOpType(op).setName(name).addOutput(name);
        n.addAllInput(inputs);
        attrs.forEach((k, v) -> n.addAttribute(attribute(k, v)));
        graph.addNode(n);
        return name;
    }

    String node(String op, String out, String... inputs) {
        return node(op, out, List.of(inputs), Map.of());
    }

    private String unique(String base) {
        int k = used.merge(base, 1, Integer::sum);
        return k == 1 ? base : base + "_" + k;
    }

    private static OnnxMl.AttributeProto attribute(String name, Object v) {
        OnnxMl.AttributeProto.Builder a = OnnxMl.AttributeProto.newBuilder().setName(name);
        if (v instanceof Integer i) {
            a.setType(OnnxMl.AttributeProto.AttributeType.INT).setI(i);
        } else if (v instanceof Long l) {
            a.setType(OnnxMl.AttributeProto.AttributeType.INT).setI(l);
        } else if (v instanceof Float f) {
            a.setType(OnnxMl.AttributeProto.AttributeType.FLOAT).setF(f);
        } else if (v instanceof String s) {
            a.setType(OnnxMl.AttributeProto.AttributeType.STRING).setS(ByteString.copyFromUtf8(s));
        } else if (v instanceof long[] ls) {
            a.setType(OnnxMl.AttributeProto.AttributeType.INTS);
            for (long l : ls) {
                a.addInts(l);
            }
        } else if (v instanceof int[] is) {
            a.setType(OnnxMl.AttributeProto.AttributeType.INTS);
            for (int i : is) {
                a.addInts(i);
            }
        } else {
            throw new IllegalArgumentException("attribute " + name + ": unsupported " + v);
        }
        return a.build();
    }

    /** The model: this graph, opset {@link #OPSET}, the producer and the metadata. */
    byte[] model(Map<String, String> metadata) {
        OnnxMl.ModelProto.Builder m = OnnxMl.ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName("InstaNAS Workbench")
                .setProducerVersion(Versions.app())
                .setDomain("org.instanas")
                .setModelVersion(1)
                .addOpsetImport(
                        OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(graph);
        metadata.forEach((k, v) -> m.addMetadataProps(
                OnnxMl.StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return m.build().toByteArray();
    }

    /** The app's version, from the jar's manifest ("dev" when run from classes). */
    static final class Versions {
        private Versions() {}

        static String app() {
            String v = OnnxGraph.class.getPackage().getImplementationVersion();
            return v == null ? "dev" : v;
        }
    }
}
