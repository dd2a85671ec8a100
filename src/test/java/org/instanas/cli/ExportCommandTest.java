// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.instanas.figure.Figures;
import org.instanas.testutil.FakeRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ExportCommandTest {
    record Result(int code, String out, String err) {}

    static Result run(String... args) {
        CommandLine cl = Cli.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void exportsEveryFigureOfTheFakeRunInEveryFormat(@TempDir Path tmp) {
        FakeRun fr = FakeRun.create(tmp.resolve("run"), 300, 6, 120, 3, 11);
        // a second run as the baseline trained alone: the calibration figure needs one
        FakeRun base = FakeRun.create(tmp.resolve("base"), 300, 6, 120, 1, 12);
        Path out = tmp.resolve("figs");
        Result r = run(
                "export",
                "--run",
                fr.root.toString(),
                "--baseline",
                base.root.toString(),
                "--figures",
                "all",
                "--format",
                "svg,pdf,png",
                "--dpi",
                "100",
                "--width-cm",
                "8.5",
                "--font-pt",
                "8",
                "--out",
                out.toString());
        assertEquals(0, r.code(), r.err());
        for (String id : Figures.IDS) {
            for (String ext : List.of("svg", "pdf", "png")) {
                Path f = out.resolve("run-" + id + "." + ext);
                assertTrue(Files.isRegularFile(f), "missing " + f + "\n" + r.out() + r.err());
            }
        }
        for (String table : List.of(
                "run-variants.csv", "run-metrics.csv", "run-curves.csv", "run-" + fr.newest() + "-difficulty.csv")) {
            assertTrue(Files.isRegularFile(out.resolve(table)), table);
        }
        assertTrue(r.err().contains("warning: dataset"), "the missing dataset is reported: " + r.err());
        assertTrue(Files.isDirectory(fr.dir.projections()), "the map's projection is cached");
    }

    @Test
    void someFiguresIntoTheRunsFiguresFolder(@TempDir Path tmp) {
        FakeRun fr = FakeRun.create(tmp.resolve("r2"), 200, 4, 60, 2, 3);
        Result r = run(
                "export",
                "--run",
                fr.root.toString(),
                "--figures",
                "latency, variants",
                "--format",
                "png",
                "--no-tables",
                "--checkpoint",
                fr.checkpoints.get(0));
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.isRegularFile(fr.dir.figures().resolve("r2-latency.png")));
        assertTrue(Files.isRegularFile(fr.dir.figures().resolve("r2-variants.png")));
        assertTrue(r.out().contains("2 files in"), r.out());
    }

    @Test
    void variantsOfOtherRunsAndABaselineTrainedAloneJoinTheVariantsTable(@TempDir Path tmp) throws Exception {
        FakeRun main = FakeRun.create(tmp.resolve("main"), 100, 3, 30, 3, 5);
        FakeRun other = FakeRun.create(tmp.resolve("copy"), 100, 3, 30, 2, 6);
        FakeRun base = FakeRun.create(tmp.resolve("base"), 100, 1, 30, 1, 7);
        Path out = tmp.resolve("figs");
        Result r = run(
                "export",
                "--run",
                main.root.toString(),
                "--figures",
                "variants",
                "--format",
                "svg",
                "--with",
                other.root.toString(),
                "--baseline",
                base.root.toString(),
                "--out",
                out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("was not trained with --fixed-arch mbv2"), r.err());
        List<String> csv = Files.readAllLines(out.resolve("main-variants.csv"));
        assertTrue(csv.get(1).contains("MobileNetV2 (trained alone)"), csv.get(1));
        // the copy's search-0002 has the main run's name and time (as if copied with the run): listed once;
        // its finetune-0002 was evaluated at another time: listed as copy/finetune-0002
        assertEquals(1 + 1 + 3 + 1, csv.size(), String.join("\n", csv));
        assertTrue(csv.stream().anyMatch(l -> l.contains("copy/finetune-0002")), String.join("\n", csv));
        assertFalse(csv.stream().anyMatch(l -> l.contains("copy/search-0002")), String.join("\n", csv));

        // two copies whose run.json carries the same name are told apart by their folders
        FakeRun twin = FakeRun.create(tmp.resolve("twin"), 100, 3, 30, 2, 8);
        String json = Files.readString(twin.dir.runJson()).replace("\"twin\"", "\"copy\"");
        Files.writeString(twin.dir.runJson(), json);
        Path ft = twin.dir.evalSummary("finetune-0002"); // evaluated at its own time
        Files.writeString(
                ft, Files.readString(ft).replaceAll("\"time\" : \"[^\"]*\"", "\"time\" : \"2024-01-01T00:00:00Z\""));
        Result r2 = run(
                "export",
                "--run",
                main.root.toString(),
                "--figures",
                "variants",
                "--format",
                "svg",
                "--with",
                other.root + "," + twin.root,
                "--out",
                tmp.resolve("figs2").toString());
        assertEquals(0, r2.code(), r2.err());
        List<String> csv2 = Files.readAllLines(tmp.resolve("figs2").resolve("main-variants.csv"));
        assertTrue(csv2.stream().anyMatch(l -> l.contains("copy/finetune-0002")), String.join("\n", csv2));
        assertTrue(csv2.stream().anyMatch(l -> l.contains("twin/finetune-0002")), String.join("\n", csv2));
        String svg = Files.readString(out.resolve("main-variants.svg"));
        assertTrue(svg.contains("MobileNetV2 (trained alone)"), "the baseline is labelled in the figure");

        Result noRun = run(
                "export",
                "--run",
                main.root.toString(),
                "--figures",
                "variants",
                "--format",
                "svg",
                "--baseline",
                tmp.resolve("nothing").toString(),
                "--out",
                out.toString());
        assertEquals(2, noRun.code());
        assertTrue(noRun.err().contains("--baseline") && noRun.err().contains("not a run directory"), noRun.err());
    }

    @Test
    void userErrorsAreOneLineAndExitTwo(@TempDir Path tmp) {
        Result missing = run("export", "--run", tmp.resolve("nope").toString(), "--out", tmp.toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().startsWith("error: "), missing.err());
        assertEquals(1, missing.err().strip().lines().count(), missing.err());
        assertTrue(missing.err().contains("nope"), missing.err());

        Result notARun = run("export", "--run", tmp.toString());
        assertEquals(2, notARun.code());
        assertTrue(notARun.err().contains("not an InstaNAS run"), notARun.err());

        FakeRun fr = FakeRun.create(tmp.resolve("r3"), 100, 2, 30, 1, 5);
        Result badFigure = run("export", "--run", fr.root.toString(), "--figures", "curves,pie");
        assertEquals(2, badFigure.code());
        assertTrue(badFigure.err().contains("unknown figure 'pie'"), badFigure.err());
        Result badFormat = run("export", "--run", fr.root.toString(), "--format", "gif");
        assertEquals(2, badFormat.code());
        Result badCheckpoint = run("export", "--run", fr.root.toString(), "--checkpoint", "search-9999");
        assertEquals(2, badCheckpoint.code());
        assertTrue(badCheckpoint.err().contains("search-9999"), badCheckpoint.err());
    }
}
