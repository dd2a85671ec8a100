// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.instanas.engine.Torch;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code instanas}: the workbench's command line. */
@Command(
        name = "instanas",
        mixinStandardHelpOptions = true,
        versionProvider = RootCommand.Versions.class,
        description = "InstaNAS Workbench: run, watch and explain an instance-aware neural architecture search.",
        subcommands = {
            GuiCommand.class,
            StageCommands.Demo.class,
            StageCommands.SweepRuns.class,
            StageCommands.Pretrain.class,
            StageCommands.Profile.class,
            StageCommands.Search.class,
            StageCommands.Finetune.class,
            StageCommands.Evaluate.class,
            DataCommand.class,
            BenchCommand.class,
            AnalyzeCommand.class,
            RouteCommand.class,
            ExportCommand.class,
            WeightsCommand.class,
            OnnxCommand.class,
            CommandLine.HelpCommand.class
        })
public final class RootCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** {@code --version}: app, Java, DJL, PyTorch and the device libtorch would use. */
    static final class Versions implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            List<String> lines = new ArrayList<>();
            Map<String, String> v;
            String device;
            try {
                Torch.start(0);
                v = Torch.versions();
                device = Torch.deviceName(Torch.device("auto"));
            } catch (RuntimeException e) {
                v = new LinkedHashMap<>();
                v.put("engine", e.getMessage());
                device = "unavailable";
            }
            lines.add("InstaNAS Workbench " + v.getOrDefault("app", "dev"));
            v.forEach((k, val) -> {
                if (!k.equals("app")) {
                    lines.add(String.format("%-8s %s", k, val));
                }
            });
            lines.add(String.format("%-8s %s (threads %d)", "device", device, Torch.threads()));
            return lines.toArray(String[]::new);
        }
    }
}
