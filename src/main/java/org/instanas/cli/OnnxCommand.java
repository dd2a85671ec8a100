// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.instanas.deploy.OnnxRunExport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code instanas onnx}: a checkpoint as ONNX models, the routed network as it ships. */
@Command(
        name = "onnx",
        description = "Export a checkpoint to ONNX: the controller (image in, 85 probabilities out), one static "
                + "network per distinct architecture of the test images, the MobileNetV2 path, and routes.json "
                + "mapping each architecture's bits to its file (a fixed-architecture run: its one network). "
                + "Needs no libtorch.")
public final class OnnxCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--run", required = true, paramLabel = "DIR", description = "The run directory.")
    Path run;

    @Option(
            names = "--checkpoint",
            paramLabel = "NAME",
            description = "Checkpoint (default: the newest fine-tune or search checkpoint with weights; the "
                    + "pretraining's for a fixed-architecture run).")
    String checkpoint;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The folder to write the models to.")
    Path out;

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        OnnxRunExport.Result r = OnnxRunExport.export(run, checkpoint, out);
        o.printf(
                Locale.ROOT,
                "%s: %s exported as %d network%s%s (%.1f MB, opset 13) and %s%n",
                r.out(),
                r.checkpoint(),
                r.networks(),
                r.networks() == 1 ? "" : "s",
                r.controller() ? " and the controller" : "",
                r.bytes() / 1e6,
                OnnxRunExport.ROUTES);
        o.flush();
        return 0;
    }
}
