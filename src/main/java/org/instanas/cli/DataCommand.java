// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.instanas.data.DatasetSplits;
import org.instanas.data.Datasets;
import org.instanas.run.Json;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code data}: inspect datasets ({@code data info SPEC}). */
@Command(
        name = "data",
        description = "Inspect datasets.",
        mixinStandardHelpOptions = true,
        subcommands = {DataCommand.Info.class})
public final class DataCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** {@code data info SPEC [--json] [--size HxW]}. */
    @Command(
            name = "info",
            mixinStandardHelpOptions = true,
            description = "Load a dataset and print its format, splits, classes, image shape and normalisation.")
    static final class Info implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(
                paramLabel = "SPEC",
                description = "A folder (IDX files, CIFAR binaries or class sub-folders), "
                        + "'samples', 'fashion-mnist', 'mnist', 'cifar10' or 'cifar100'.")
        String dataset;

        @Option(names = "--json", description = "Print JSON instead of a table.")
        boolean json;

        @Option(
                names = "--size",
                paramLabel = "HxW",
                description = "Resize image folders to HxW (default: the " + "first image's size).")
        String size;

        @Override
        public Integer call() throws JsonProcessingException {
            int[] hw = parseSize(size);
            DatasetSplits d = Datasets.load(dataset, hw[0], hw[1]);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(Json.MAPPER.writeValueAsString(toMap(d)));
            } else {
                print(d, out);
            }
            out.flush();
            return 0;
        }

        private static int[] parseSize(String s) {
            if (s == null) {
                return new int[] {0, 0};
            }
            String[] p = s.toLowerCase(Locale.ROOT).split("[x×]");
            try {
                if (p.length == 2) {
                    int h = Integer.parseInt(p[0].strip());
                    int w = Integer.parseInt(p[1].strip());
                    if (h > 0 && w > 0) {
                        return new int[] {h, w};
                    }
                }
            } catch (NumberFormatException e) {
                // fall through
            }
            throw new IllegalArgumentException("--size " + s + ": expected HxW, e.g. 32x32");
        }

        static Map<String, Object> toMap(DatasetSplits d) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("spec", d.spec());
            m.put("format", d.format());
            m.put("source", d.source());
            m.put("train", d.train().size());
            m.put("test", d.test().size());
            m.put("channels", d.train().channels());
            m.put("height", d.train().height());
            m.put("width", d.train().width());
            m.put("classes", d.classNames());
            m.put("mean", d.mean());
            m.put("std", d.std());
            m.put("flip", d.flip());
            m.put("trainPerClass", d.train().classCounts(d.numClasses()));
            m.put("testPerClass", d.test().classCounts(d.numClasses()));
            return m;
        }

        static void print(DatasetSplits d, PrintWriter out) {
            String row = "%-8s %s%n";
            out.printf(row, "dataset", d.spec());
            out.printf(row, "format", d.format());
            out.printf(row, "source", d.source());
            out.printf(row, "train", d.train().size() + " images");
            out.printf(row, "test", d.test().size() + " images");
            out.printf(row, "shape", d.train().shape() + " (C×H×W)");
            out.printf(row, "classes", d.numClasses());
            out.printf(row, "mean", floats(d.mean()));
            out.printf(row, "std", floats(d.std()));
            out.printf(row, "flip", d.flip() ? "yes" : "no");
            out.println();
            int[] tr = d.train().classCounts(d.numClasses());
            int[] te = d.test().classCounts(d.numClasses());
            int width = Math.max(
                    5, d.classNames().stream().mapToInt(String::length).max().orElse(0));
            String fmt = "%3s  %-" + width + "s  %7s  %7s%n";
            out.printf(fmt, "#", "class", "train", "test");
            for (int c = 0; c < d.numClasses(); c++) {
                out.printf(fmt, c, d.classNames().get(c), tr[c], te[c]);
            }
        }

        private static String floats(float[] v) {
            List<String> s = new ArrayList<>();
            for (float f : v) {
                s.add(String.format(Locale.ROOT, "%.4f", f));
            }
            return String.join(" ", s);
        }
    }
}
