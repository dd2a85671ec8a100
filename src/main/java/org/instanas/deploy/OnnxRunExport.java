// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.deploy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.instanas.data.DatasetSplits;
import org.instanas.data.Datasets;
import org.instanas.engine.Preflight;
import org.instanas.engine.Preset;
import org.instanas.run.Arch;
import org.instanas.run.AtomicFiles;
import org.instanas.run.CheckpointInfo;
import org.instanas.run.Json;
import org.instanas.run.RoutingCsv;
import org.instanas.run.RoutingRow;
import org.instanas.run.RunConfig;
import org.instanas.run.RunDirectory;
import org.instanas.run.RunInfo;
import org.instanas.run.UserException;

/**
 * {@code instanas onnx}: a checkpoint of a run as files ONNX Runtime runs. For a search or fine-tune
 * checkpoint: {@code controller.onnx}, one static network per distinct architecture of the test
 * images (from the checkpoint's evaluation), {@code mbv2.onnx} (the MobileNetV2 path, for comparison)
 * and {@code routes.json} mapping each architecture's 85 bits to its file; for a fixed-architecture
 * run: its one network. Each model's metadata names the preset, run, checkpoint, architecture, input
 * normalisation and class names. Files are written atomically.
 */
public final class OnnxRunExport {
    public static final String ROUTES = "routes.json";
    public static final String CONTROLLER = "controller.onnx";
    public static final String MBV2 = "mbv2.onnx";
    /** The engine's checkpoint files (Checkpoints.NET, Checkpoints.CTRL). */
    public static final String NET_FILE = "metagraph.bin";

    public static final String CTRL_FILE = "controller.bin";

    /** What was written. */
    public record Result(Path out, String checkpoint, int networks, boolean controller, long bytes) {}

    private OnnxRunExport() {}

    /** A run's checkpoint with its weights and the run's settings, preset and (fitted) data. */
    private record Source(
            RunDirectory dir,
            RunConfig cfg,
            CheckpointInfo c,
            Preset preset,
            OnnxExport.Weights net,
            DatasetSplits data) {
        static Source open(Path runDir, String checkpoint, String command) throws IOException {
            RunDirectory dir = new RunDirectory(runDir);
            Preflight.requireRun(dir, command);
            RunInfo info = RunInfo.read(dir.runJson());
            RunConfig cfg = RunConfig.fromMap(info.config());
            CheckpointInfo c = checkpoint(dir, checkpoint, cfg.hasFixedArch());
            Preset preset = Preset.load(info.preset());
            if (!c.preset().equals(preset.name())) {
                throw new UserException(c.dir() + ": checkpoint of preset '" + c.preset() + "', but the run " + runDir
                        + " uses preset '" + preset.name() + "'");
            }
            Path netFile = c.dir().resolve(NET_FILE);
            if (!Files.isRegularFile(netFile)) {
                throw new UserException(c.dir() + ": keeps its description only, not its weights (" + NET_FILE
                        + " is missing); use a checkpoint that has them");
            }
            DatasetSplits data = Datasets.fitTo(
                    Datasets.load(cfg.data), preset.inputChannels(), preset.inputSize(), preset.inputSize());
            return new Source(dir, cfg, c, preset, read(netFile), data);
        }
    }

    public static Result export(Path runDir, String checkpoint, Path out) throws IOException {
        Source src = Source.open(runDir, checkpoint, "onnx");
        RunDirectory dir = src.dir();
        RunConfig cfg = src.cfg();
        CheckpointInfo c = src.c();
        Preset preset = src.preset();
        OnnxExport.Weights net = src.net();
        DatasetSplits data = src.data();
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("preset", preset.name());
        meta.put("run", runDir.toAbsolutePath().normalize().getFileName().toString());
        meta.put("checkpoint", c.name());
        meta.put(
                "input",
                "image [batch, " + preset.inputChannels() + ", " + preset.inputSize() + ", " + preset.inputSize()
                        + "]: pixel/255, minus mean, divided by std, per channel");
        meta.put("normalisation_mean", Arrays.toString(data.mean()));
        meta.put("normalisation_std", Arrays.toString(data.std()));
        meta.put("classes", String.join(",", data.classNames()));
        prepare(out);

        ObjectNode routes = Json.MAPPER.createObjectNode();
        routes.put("preset", preset.name());
        routes.put("checkpoint", c.name());
        routes.put("input_shape", preset.inputChannels() + "x" + preset.inputSize() + "x" + preset.inputSize());
        ArrayNode mean = routes.putArray("mean");
        ArrayNode std = routes.putArray("std");
        for (int i = 0; i < data.mean().length; i++) {
            mean.add(data.mean()[i]);
            std.add(data.std()[i]);
        }
        ArrayNode classes = routes.putArray("classes");
        data.classNames().forEach(classes::add);
        long bytes = 0;
        int networks = 0;
        boolean controller = false;
        if (cfg.hasFixedArch()) {
            boolean[][] arch = Arch.fixed(cfg.fixedArch.strip());
            bytes += write(out.resolve("network.onnx"), OnnxExport.network(preset, net, arch, withArch(meta, arch)));
            routes.put("fixed_architecture", Arch.format(arch));
            routes.put("network", "network.onnx");
            networks = 1;
        } else {
            Path ctrlFile = c.dir().resolve(CTRL_FILE);
            if (!Files.isRegularFile(ctrlFile)) {
                throw new UserException(c.dir() + ": has no controller (" + CTRL_FILE + "); export a search or "
                        + "fine-tune checkpoint");
            }
            Map<String, Integer> counts = architectures(dir, c);
            int pool = cfg.controllerPool > 0 ? cfg.controllerPool : preset.controllerPool();
            bytes += write(out.resolve(CONTROLLER), OnnxExport.controller(preset, read(ctrlFile), pool, meta));
            controller = true;
            routes.put("controller", CONTROLLER);
            routes.put("threshold", 0.5);
            boolean[][] mbv2 = Arch.fixed(Arch.MBV2);
            bytes += write(out.resolve(MBV2), OnnxExport.network(preset, net, mbv2, withArch(meta, mbv2)));
            routes.put("mbv2", MBV2);
            ObjectNode map = routes.putObject("routes");
            ObjectNode images = routes.putObject("test_images");
            int k = 0;
            for (var e : counts.entrySet()) {
                boolean[][] arch = Arch.parse(e.getKey());
                String file = String.format("route-%03d.onnx", k++);
                bytes += write(out.resolve(file), OnnxExport.network(preset, net, arch, withArch(meta, arch)));
                map.put(e.getKey(), file);
                images.put(e.getKey(), e.getValue());
                networks++;
            }
            networks++;
        }
        AtomicFiles.writeJson(out.resolve(ROUTES), routes);
        return new Result(out, c.name(), networks, controller, bytes);
    }

    /**
     * {@code evaluate --runtime onnxruntime}: times checkpoint {@code checkpoint} (null: as {@link
     * #export} chooses) in ONNX Runtime on the first {@code images} test images and writes the result
     * beside the checkpoint's evaluation summary.
     */
    public static OrtTiming.Result time(Path runDir, String checkpoint, int images) throws IOException {
        Source src = Source.open(runDir, checkpoint, "evaluate");
        RunConfig cfg = src.cfg();
        Preset preset = src.preset();
        CheckpointInfo c = src.c();
        OnnxExport.Weights net = src.net();
        OnnxExport.Weights ctrl = cfg.hasFixedArch() ? null : read(c.dir().resolve(CTRL_FILE));
        DatasetSplits data = src.data();
        int pool = cfg.controllerPool > 0 ? cfg.controllerPool : preset.controllerPool();
        OrtTiming.Result r = OrtTiming.measure(
                preset,
                net,
                ctrl,
                pool,
                data.test(),
                data.mean(),
                data.std(),
                images,
                0.5,
                cfg.hasFixedArch() ? Arch.fixed(cfg.fixedArch.strip()) : null);
        OrtTiming.write(OrtTiming.file(src.dir(), "final-" + c.name()), r);
        return r;
    }

    private static Map<String, String> withArch(Map<String, String> meta, boolean[][] arch) {
        Map<String, String> m = new LinkedHashMap<>(meta);
        m.put("architecture", Arch.format(arch));
        return m;
    }

    private static CheckpointInfo checkpoint(RunDirectory dir, String name, boolean fixed) {
        List<CheckpointInfo> all = dir.listCheckpoints();
        if (name != null) {
            return all.stream()
                    .filter(x -> x.name().equals(name))
                    .findFirst()
                    .orElseThrow(
                            () -> new UserException(dir.root() + ": no complete checkpoint " + name + " (available: "
                                    + all.stream().map(CheckpointInfo::name).toList() + ")"));
        }
        List<String> stages = fixed ? List.of("pretrain") : List.of("finetune", "search");
        for (String s : stages) {
            for (int i = all.size() - 1; i >= 0; i--) {
                CheckpointInfo c = all.get(i);
                if (c.stage().equals(s) && Files.isRegularFile(c.dir().resolve(NET_FILE))) {
                    return c;
                }
            }
        }
        throw new UserException(dir.root() + ": no " + String.join(" or ", stages) + " checkpoint with weights to "
                + "export; make one with 'instanas " + (fixed ? "pretrain" : "search") + " --run " + dir.root() + "'");
    }

    /** The distinct architectures of the checkpoint's evaluated test images, with their image counts. */
    private static Map<String, Integer> architectures(RunDirectory dir, CheckpointInfo c) {
        Path csv = null;
        for (String n : List.of("final-" + c.name(), c.name())) {
            if (Files.isRegularFile(dir.routingCsv(n))) {
                csv = dir.routingCsv(n);
                break;
            }
        }
        if (csv == null) {
            throw new UserException(dir.root() + ": checkpoint " + c.name() + " has no evaluation to take its test "
                    + "images' architectures from; run 'instanas evaluate --run " + dir.root() + " --checkpoint "
                    + c.name() + "' first");
        }
        Map<String, Integer> counts = new TreeMap<>();
        for (RoutingRow r : RoutingCsv.read(csv)) {
            counts.merge(r.arch(), 1, Integer::sum);
        }
        return counts;
    }

    private static OnnxExport.Weights read(Path file) throws IOException {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(file)) {
            return new OnnxExport.Weights(org.instanas.engine.Params.readTensors(in, shapes), shapes);
        } catch (IOException e) {
            throw new UserException(file + ": " + e.getMessage(), e);
        }
    }

    private static void prepare(Path out) {
        try {
            Files.createDirectories(out);
            Path probe = Files.createTempFile(out, ".write-check", ".tmp");
            Files.delete(probe);
        } catch (AccessDeniedException e) {
            throw new UserException(out + ": the folder cannot be written to (permission denied)");
        } catch (FileSystemException e) {
            throw new UserException(out + ": the folder cannot be written to (" + e.getReason() + ")");
        } catch (IOException e) {
            throw new UserException(out + ": the folder cannot be written to (" + e.getMessage() + ")");
        }
    }

    private static long write(Path file, byte[] model) throws IOException {
        AtomicFiles.write(file, o -> o.write(model));
        return model.length;
    }
}
