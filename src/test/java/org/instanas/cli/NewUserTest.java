// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.instanas.testutil.ShippedDemoCopy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What a new user trips over first: help that works, and a mistyped run or checkpoint refused at once. */
class NewUserTest {
    @TempDir
    Path tmp;

    /** Every registered command, as the words that name it ("data info"). */
    private static List<List<String>> commands(CommandLine cl, List<String> prefix, List<List<String>> out) {
        for (var e : cl.getSubcommands().entrySet()) {
            if (!e.getKey().equals(e.getValue().getCommandName())) {
                continue; // an alias
            }
            List<String> words = new ArrayList<>(prefix);
            words.add(e.getKey());
            out.add(words);
            commands(e.getValue(), words, out);
        }
        return out;
    }

    @Test
    void helpWorksOnEveryCommandWithoutItsRequiredOptions() {
        List<List<String>> all = commands(Cli.commandLine(), List.of(), new ArrayList<>());
        assertTrue(all.size() >= 15, "commands found: " + all);
        for (List<String> words : all) {
            for (String flag : List.of("--help", "-h")) {
                List<String> args = new ArrayList<>(words);
                args.add(flag);
                ExportCommandTest.Result r = ExportCommandTest.run(args.toArray(String[]::new));
                assertEquals(0, r.code(), args + ": " + r.err());
                assertTrue(
                        r.out().contains("Usage: instanas " + String.join(" ", words)),
                        args + " printed: " + r.out() + r.err());
                assertFalse(r.err().contains("error"), args + ": " + r.err());
            }
        }
    }

    private static List<String> listing(Path root) throws Exception {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.map(p -> root.relativize(p) + ":" + p.toFile().length() + ":"
                            + p.toFile().lastModified())
                    .sorted()
                    .toList();
        }
    }

    private void refused(Path run, String needle, String... args) throws Exception {
        List<String> before = listing(run);
        boolean existed = Files.exists(run);
        long t0 = System.nanoTime();
        ExportCommandTest.Result r = ExportCommandTest.run(args);
        double seconds = (System.nanoTime() - t0) / 1e9;
        String what = String.join(" ", args);
        assertEquals(2, r.code(), what + ": " + r.out() + r.err());
        assertTrue(r.err().contains(run.toString()), what + " names the folder: " + r.err());
        assertTrue(r.err().contains(needle), what + ": expected '" + needle + "' in " + r.err());
        assertEquals(existed, Files.exists(run), what + " created " + run);
        assertEquals(before, listing(run), what + " wrote into " + run);
        assertTrue(seconds < 5, what + " took " + seconds + " s to refuse (profiled or started the engine?)");
    }

    @Test
    void stagesThatNeedARunRefuseAFolderThatIsNotOneAndCreateNothing() throws Exception {
        Path typo = tmp.resolve("runs").resolve("typo");
        Path img = tmp.resolve("img.png");
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(28, 28, 10), "png", img.toFile());
        String create = "instanas pretrain --run " + typo;
        for (String cmd : List.of("search", "finetune", "evaluate", "sweep", "analyze", "export")) {
            refused(typo, create, cmd, "--run", typo.toString());
        }
        refused(typo, create, "route", "--run", typo.toString(), img.toString());
        refused(
                typo,
                create,
                "weights",
                "--run",
                typo.toString(),
                "--out",
                tmp.resolve("w.safetensors").toString());
        refused(typo, create, "profile", "--run", typo.toString());
        assertFalse(Files.exists(tmp.resolve("runs")), "no parent folder either");

        Path empty = Files.createDirectories(tmp.resolve("empty"));
        for (String cmd : List.of("search", "finetune", "evaluate", "sweep", "profile")) {
            refused(empty, "not an InstaNAS run", cmd, "--run", empty.toString());
        }
    }

    @Test
    void aMissingCheckpointOrStartingPointIsRefusedBeforeAnythingIsWrittenOrProfiled() throws Exception {
        Path demo = ShippedDemoCopy.to(tmp.resolve("demo"));
        Files.delete(demo.resolve("latency.json"));
        for (String cmd : List.of("search", "finetune", "evaluate")) {
            refused(demo, "no such complete checkpoint", cmd, "--run", demo.toString(), "--checkpoint", "nope-0001");
        }
        assertFalse(Files.exists(demo.resolve("latency.json")), "nothing was profiled");

        // a run with its settings only: nothing to search on, fine-tune or evaluate
        Path bare = Files.createDirectories(tmp.resolve("bare"));
        Files.copy(demo.resolve("run.json"), bare.resolve("run.json"));
        refused(bare, "instanas pretrain --run " + bare, "search", "--run", bare.toString());
        refused(bare, "instanas search --run " + bare, "finetune", "--run", bare.toString());
        refused(bare, "instanas search --run " + bare, "evaluate", "--run", bare.toString());
    }
}
