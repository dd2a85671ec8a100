// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.instanas.engine.Params;
import org.instanas.engine.Preflight;
import org.instanas.run.CheckpointInfo;
import org.instanas.run.RunDirectory;
import org.instanas.run.RunInfo;
import org.instanas.run.Safetensors;
import org.instanas.run.UserException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code weights}: a checkpoint's meta-graph and controller as one safetensors file, with the
 * engine's parameter names ({@code stem.w}, {@code cell13.op4.c1.w}, {@code c.unit0.c1.w}, …), so a
 * variant can be loaded in Python (see README, "Weights in Python"). Needs no libtorch.
 */
@Command(
        name = "weights",
        mixinStandardHelpOptions = true,
        description = "Write a checkpoint's meta-graph and controller weights as a safetensors file (for PyTorch).")
public final class WeightsCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--run", required = true, paramLabel = "DIR", description = "Run directory.")
    Path run;

    @Option(names = "--checkpoint", paramLabel = "NAME", description = "Checkpoint (default: the newest).")
    String checkpoint;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The .safetensors file to write.")
    Path out;

    @Override
    public Integer call() throws IOException {
        RunDirectory dir = new RunDirectory(run);
        Preflight.requireRun(dir, "weights");
        RunInfo info = RunInfo.read(dir.runJson());
        var all = dir.listCheckpoints();
        CheckpointInfo c = checkpoint == null
                ? (all.isEmpty() ? null : all.get(all.size() - 1))
                : all.stream()
                        .filter(x -> x.name().equals(checkpoint))
                        .findFirst()
                        .orElse(null);
        if (c == null) {
            throw new UserException(run + ": no complete checkpoint"
                    + (checkpoint == null ? "" : " named " + checkpoint) + " (available: "
                    + all.stream().map(CheckpointInfo::name).toList() + ")");
        }
        Path folder = dir.checkpoints().resolve(c.name());
        Map<String, Safetensors.Tensor> tensors = new LinkedHashMap<>();
        int files = 0;
        for (String f : new String[] {"metagraph.bin", "controller.bin"}) {
            Path p = folder.resolve(f);
            if (!Files.isRegularFile(p)) {
                continue;
            }
            Map<String, long[]> shapes = new LinkedHashMap<>();
            Map<String, float[]> values;
            try (InputStream in = Files.newInputStream(p)) {
                values = Params.readTensors(in, shapes);
            } catch (IOException e) {
                throw new UserException(p + ": " + e.getMessage(), e);
            }
            values.forEach((k, v) -> tensors.put(k, new Safetensors.Tensor(shapes.get(k), v)));
            files++;
        }
        if (files == 0) {
            throw new UserException(folder + ": holds no weights");
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "pt");
        meta.put("preset", info.preset());
        meta.put("checkpoint", c.name());
        meta.put("stage", c.stage());
        meta.put("run", info.name());
        Safetensors.write(out, tensors, meta);
        PrintWriter o = spec.commandLine().getOut();
        o.printf(
                "%s: %d tensors of %s (%s, preset %s)%n",
                out, tensors.size(), c.name(), run.getFileName(), info.preset());
        o.flush();
        return 0;
    }
}
