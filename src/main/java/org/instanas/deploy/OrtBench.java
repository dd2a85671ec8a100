// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.deploy;

import ai.onnxruntime.OrtEnvironment;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.instanas.engine.LatencyProfiler;
import org.instanas.engine.Preset;
import org.instanas.run.Arch;

/**
 * The benchmark's inference ops in ONNX Runtime: the same weights, input and architecture as the
 * engine's {@code infer_mbv2}, {@code infer_routed_gathered} and {@code infer_controller}, exported and
 * run with one thread, median over timed iterations after warm-ups.
 */
public final class OrtBench {
    public static final List<String> OPS = List.of("infer_mbv2", "infer_routed", "infer_controller");

    private OrtBench() {}

    public static Map<String, Object> run(
            Preset preset,
            int batch,
            String op,
            int iters,
            int warmup,
            int threads,
            OnnxExport.Weights net,
            OnnxExport.Weights controller,
            int controllerPool,
            boolean[][] routed,
            float[] input) {
        byte[] model = switch (op) {
            case "infer_mbv2" -> OnnxExport.network(preset, net, Arch.fixed(Arch.MBV2), Map.of());
            case "infer_routed", "infer_routed_gathered" -> OnnxExport.network(preset, net, routed, Map.of());
            case "infer_controller" -> OnnxExport.controller(preset, controller, controllerPool, Map.of());
            default ->
                throw new IllegalArgumentException(
                        "op '" + op + "' has no ONNX Runtime version; with --runtime onnxruntime: " + OPS);
        };
        long c = preset.inputChannels();
        long s = preset.inputSize();
        double[] t = new double[iters];
        try (OrtModel m = OrtModel.load(model, threads)) {
            for (int i = 0; i < warmup; i++) {
                m.run(input, batch, c, s, s);
            }
            for (int i = 0; i < iters; i++) {
                long t0 = System.nanoTime();
                m.run(input, batch, c, s, s);
                t[i] = (System.nanoTime() - t0) / 1e6;
            }
        }
        Arrays.sort(t);
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("preset", preset.name());
        rec.put("batch", batch);
        rec.put("op", op);
        rec.put("threads", threads);
        rec.put("runtime", "onnxruntime");
        if (op.startsWith("infer_routed")) {
            rec.put("options_on", Arch.activeOptions(Arch.format(routed)));
        }
        rec.put("median_ms", round(LatencyProfiler.quantile(t, 0.5)));
        rec.put("p10_ms", round(LatencyProfiler.quantile(t, 0.1)));
        rec.put("p90_ms", round(LatencyProfiler.quantile(t, 0.9)));
        rec.put("iters", iters);
        rec.put("warmup", warmup);
        rec.put("engine", "onnxruntime " + OrtEnvironment.getEnvironment().getVersion() + " (ALL_OPT, sequential)");
        rec.put("model_bytes", model.length);
        return rec;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
