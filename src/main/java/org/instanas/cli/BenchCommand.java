// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.instanas.deploy.OnnxExport;
import org.instanas.deploy.OrtBench;
import org.instanas.engine.Bench;
import org.instanas.engine.Controller;
import org.instanas.engine.Preset;
import org.instanas.engine.Torch;
import org.instanas.run.Json;
import org.instanas.run.UserException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bench}: one JSON line per measurement (median, p10, p90 in ms). */
@Command(name = "bench", description = "Time engine operations on random data (the project's performance yardstick).")
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--preset", defaultValue = "tiny", description = "Preset (default: ${DEFAULT-VALUE}).")
    String preset;

    @Option(names = "--batch", defaultValue = "64", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(
            names = "--op",
            description = "One of: pretrain_step, pretrain_drop_step, pretrain_drop_step_gathered, search_step, "
                    + "search_step_gathered, finetune_step, finetune_step_gathered, mbv2_step, infer_mbv2, "
                    + "infer_controller, infer_routed_masked, infer_routed_gathered.")
    String op;

    @Option(
            names = "--controller-pool",
            defaultValue = "0",
            description = "The controller's input pooling (0 = the preset's), as a run's --controller-pool.")
    int controllerPool;

    @Option(
            names = "--controller-width",
            defaultValue = "1",
            description = "The controller's channel multiplier, as a run's --controller-width (default 1).")
    double controllerWidth;

    @Option(
            names = "--density",
            paramLabel = "D",
            description = "Share of options on: search ops sample it (0.2-0.8; default: an untrained controller, "
                    + "about 0.5), fine-tuning ops' greedy architectures select it (default 0.2, as many as the "
                    + "MobileNetV2 path).")
    Double density;

    @Option(
            names = "--runtime",
            defaultValue = "djl",
            description = "djl (DJL's eager libtorch, the engine) or onnxruntime (the ops exported to ONNX and run in "
                    + "ONNX Runtime with one thread: infer_mbv2, infer_routed, infer_controller; the same weights, "
                    + "input and routed architecture as djl's infer_mbv2, infer_routed_gathered, infer_controller).")
    String runtime;

    @Option(names = "--all", description = "Run every op.")
    boolean all;

    @Option(names = "--iters", defaultValue = "10", description = "Timed iterations (default: ${DEFAULT-VALUE}).")
    int iters;

    @Option(names = "--warmup", defaultValue = "3", description = "Warm-up iterations (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--threads", defaultValue = "0", description = "libtorch intra-op threads (0 = default).")
    int threads;

    @Option(
            names = "--rss-every",
            defaultValue = "0",
            paramLabel = "N",
            description = "Print the resident set size every N timed iterations (a memory-growth check; 0 = off).")
    int rssEvery;

    @Option(
            names = "--profile",
            paramLabel = "FILE",
            description = "Record libtorch's profiler over the timed iterations "
                    + "into this chrome-trace JSON (summarise it with scripts/profile-summary.py).")
    Path profile;

    @Override
    public Integer call() throws Exception {
        if (!all && op == null) {
            throw new IllegalArgumentException("give --op OP or --all; ops: " + Bench.OPS);
        }
        if (batch < 1 || iters < 1 || warmup < 0 || rssEvery < 0) {
            throw new IllegalArgumentException(
                    "--batch and --iters must be at least 1, --warmup and --rss-every at least 0");
        }
        if (all && profile != null) {
            throw new IllegalArgumentException("--profile records one op: give --op OP instead of --all");
        }
        Bench.Extras extras = new Bench.Extras(
                rssEvery,
                BenchCommand::print,
                profile,
                new Controller.Size(controllerPool, controllerWidth),
                density == null ? Double.NaN : density);
        if ("onnxruntime".equals(runtime)) {
            return onnxRuntime();
        }
        if (!"djl".equals(runtime)) {
            throw new UserException("--runtime " + runtime + ": expected djl or onnxruntime");
        }
        if ("infer_routed".equals(op)) {
            op = "infer_routed_gathered";
        }
        return EngineThread.call(threads, () -> {
            if (all) {
                Bench.all(preset, batch, iters, warmup, BenchCommand::print);
            } else {
                print(Bench.run(preset, batch, op, iters, warmup, extras));
            }
            return 0;
        });
    }

    /** The inference ops in ONNX Runtime: the engine makes the weights, ONNX Runtime times them. */
    private int onnxRuntime() throws Exception {
        if (profile != null || rssEvery > 0) {
            throw new UserException("--profile and --rss-every measure libtorch: not with --runtime onnxruntime");
        }
        List<String> ops = all ? OrtBench.OPS : List.of(op);
        Controller.Size size = new Controller.Size(controllerPool, controllerWidth);
        Bench.Models m = EngineThread.call(threads, () -> Bench.models(preset, batch, size));
        Preset p = Preset.load(preset);
        int pool = controllerPool > 0 ? controllerPool : p.controllerPool();
        for (String o : ops) {
            print(OrtBench.run(
                    p,
                    batch,
                    o,
                    iters,
                    warmup,
                    threads > 0 ? threads : 1,
                    new OnnxExport.Weights(m.net(), m.netShapes()),
                    new OnnxExport.Weights(m.controller(), m.controllerShapes()),
                    pool,
                    m.routed(),
                    m.input()));
        }
        return 0;
    }

    private static void print(Map<String, Object> rec) {
        try {
            System.out.println(Json.LINE.writeValueAsString(rec));
            System.out.flush();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static {
        Torch.configure(0);
    }
}
