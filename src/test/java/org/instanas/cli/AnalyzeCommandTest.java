// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.instanas.testutil.FakeRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnalyzeCommandTest {
    @Test
    void writesDifficultyAndProjectionTablesAndASummary(@TempDir Path tmp) throws Exception {
        FakeRun fr = FakeRun.create(tmp.resolve("run"), 300, 5, 60, 2, 9);
        ExportCommandTest.Result r = ExportCommandTest.run(
                "analyze", "--run", fr.root.toString(), "--method", "tsne", "--perplexity", "20", "--seed", "1");
        assertEquals(0, r.code(), r.err());
        String cp = fr.newest();
        List<String> diff = Files.readAllLines(fr.root.resolve("analysis").resolve(cp + "-difficulty.csv"));
        assertEquals(301, diff.size());
        assertTrue(diff.get(0).startsWith("index,label,class,"));
        List<String> proj = Files.readAllLines(fr.root.resolve("analysis").resolve(cp + "-tsne.csv"));
        assertEquals(301, proj.size());
        assertTrue(proj.get(0).startsWith("index,label,x,y,latency_ms"), proj.get(0));
        assertTrue(r.out().contains("per-class latency"), r.out());
        assertTrue(r.out().contains("class 4"), r.out());
        assertTrue(r.out().contains("t-SNE"), r.out());

        // the second time the projection comes from the cache
        ExportCommandTest.Result again = ExportCommandTest.run(
                "analyze",
                "--run",
                fr.root.toString(),
                "--method",
                "tsne",
                "--perplexity",
                "20",
                "--seed",
                "1",
                "--checkpoint",
                cp);
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("from the cache"), again.out());
    }

    @Test
    void badArguments(@TempDir Path tmp) {
        FakeRun fr = FakeRun.create(tmp.resolve("run"), 60, 2, 20, 1, 9);
        ExportCommandTest.Result m = ExportCommandTest.run("analyze", "--run", fr.root.toString(), "--method", "pca");
        assertEquals(2, m.code());
        assertTrue(m.err().startsWith("error: --method"), m.err());
        ExportCommandTest.Result missing =
                ExportCommandTest.run("analyze", "--run", tmp.resolve("none").toString());
        assertEquals(2, missing.code());
        assertEquals(1, missing.err().strip().lines().count(), missing.err());
        ExportCommandTest.Result k = ExportCommandTest.run("analyze", "--run", fr.root.toString(), "--neighbors", "1");
        assertEquals(2, k.code());
    }
}
