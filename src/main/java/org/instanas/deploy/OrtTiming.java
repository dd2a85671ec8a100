// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.deploy;

import ai.onnxruntime.OrtEnvironment;
import java.io.IOException;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.instanas.data.ImageSet;
import org.instanas.run.Arch;
import org.instanas.run.AtomicFiles;
import org.instanas.run.RunDirectory;

/**
 * Batch-1 latency in the deployment runtime, image by image, as {@code evaluate} measures it in the
 * engine: for each timed test image the controller, its greedy route (p ≥ 0.5) and that route's static
 * network, then the MobileNetV2 path on the same image right after; the summary's paired ratio is the
 * median of (controller + network) / MobileNetV2 path. Networks are exported once per distinct route.
 * Written to {@code routing/<evaluation>.onnxruntime.json} beside the evaluation summary.
 */
public final class OrtTiming {
    /** The file beside an evaluation's summary. */
    public static Path file(RunDirectory dir, String evaluation) {
        return dir.routing().resolve(evaluation + ".onnxruntime.json");
    }

    /**
     * The measurement.
     *
     * @param pairedRatio median over the images of (controller + routed network) / MobileNetV2 path
     */
    public record Result(
            String runtime,
            int threads,
            int images,
            int routes,
            double controllerMedianMs,
            double networkMedianMs,
            double totalMedianMs,
            double mbv2MedianMs,
            double pairedRatio,
            double controllerShare,
            String time) {}

    private OrtTiming() {}

    public static Result measure(
            org.instanas.engine.Preset preset,
            OnnxExport.Weights net,
            OnnxExport.Weights controller,
            int pool,
            ImageSet test,
            float[] mean,
            float[] std,
            int images,
            double threshold,
            boolean[][] fixedArch) {
        int n = Math.min(images, test.size());
        int c = test.channels();
        int h = test.height();
        int w = test.width();
        int plane = h * w;
        Map<String, OrtModel> nets = new HashMap<>();
        double[] ctrlMs = new double[n];
        double[] netMs = new double[n];
        double[] totalMs = new double[n];
        double[] mbv2Ms = new double[n];
        double[] ratio = new double[n];
        try (OrtModel ctrl = fixedArch != null
                        ? null
                        : OrtModel.load(OnnxExport.controller(preset, controller, pool, Map.of()), 1);
                OrtModel mbv2 = OrtModel.load(OnnxExport.network(preset, net, Arch.fixed(Arch.MBV2), Map.of()), 1)) {
            float[] x = new float[c * plane];
            byte[] px = test.pixels();
            // warm-up: every session's first run allocates
            if (ctrl != null) {
                ctrl.run(x, 1, c, h, w);
            }
            mbv2.run(x, 1, c, h, w);
            for (int i = 0; i < n; i++) {
                int off = i * c * plane;
                for (int ch = 0; ch < c; ch++) {
                    for (int k = 0; k < plane; k++) {
                        x[ch * plane + k] = ((px[off + ch * plane + k] & 0xff) / 255f - mean[ch]) / std[ch];
                    }
                }
                long t0 = System.nanoTime();
                boolean[][] arch = fixedArch;
                if (ctrl != null) {
                    float[] p = ctrl.run(x, 1, c, h, w)[0];
                    arch = new boolean[Arch.CELLS][Arch.OPTIONS];
                    for (int t = 0; t < Arch.CELLS; t++) {
                        for (int a = 0; a < Arch.OPTIONS; a++) {
                            arch[t][a] = p[t * Arch.OPTIONS + a] >= threshold;
                        }
                    }
                }
                long t1 = System.nanoTime();
                String key = Arch.format(arch);
                OrtModel m = nets.get(key);
                if (m == null) {
                    m = OrtModel.load(OnnxExport.network(preset, net, arch, Map.of()), 1);
                    m.run(x, 1, c, h, w); // its warm-up, untimed
                    nets.put(key, m);
                }
                long t2 = System.nanoTime();
                m.run(x, 1, c, h, w);
                long t3 = System.nanoTime();
                mbv2.run(x, 1, c, h, w);
                long t4 = System.nanoTime();
                ctrlMs[i] = (t1 - t0) / 1e6;
                netMs[i] = (t3 - t2) / 1e6;
                totalMs[i] = ctrlMs[i] + netMs[i];
                mbv2Ms[i] = (t4 - t3) / 1e6;
                ratio[i] = totalMs[i] / mbv2Ms[i];
            }
        } finally {
            nets.values().forEach(OrtModel::close);
        }
        double mb = median(mbv2Ms);
        double ctrl = median(ctrlMs);
        return new Result(
                "onnxruntime " + OrtEnvironment.getEnvironment().getVersion(),
                1,
                n,
                nets.size(),
                ctrl,
                median(netMs),
                median(totalMs),
                mb,
                median(ratio),
                ctrl / mb,
                DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                        OffsetDateTime.now().withNano(0)));
    }

    public static void write(Path file, Result r) throws IOException {
        AtomicFiles.writeJson(file, r);
    }

    static double median(double[] v) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double[] s = v.clone();
        Arrays.sort(s);
        return org.instanas.engine.LatencyProfiler.quantile(s, 0.5);
    }

    /** The result as the one line {@code evaluate} prints. */
    public static String describe(Result r) {
        return String.format(
                java.util.Locale.ROOT,
                "%s, 1 thread, %d images, %d routes: controller %.3f + network %.3f = %.3f ms (median) vs the "
                        + "MobileNetV2 path %.3f ms; image by image %+.1f %%; the controller costs %.0f %% of the "
                        + "MobileNetV2 path",
                r.runtime(),
                r.images(),
                r.routes(),
                r.controllerMedianMs(),
                r.networkMedianMs(),
                r.totalMedianMs(),
                r.mbv2MedianMs(),
                100 * (r.pairedRatio() - 1),
                100 * r.controllerShare());
    }
}
