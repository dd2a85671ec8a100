// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.instanas.run.RunDirectory;
import org.instanas.run.StageRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** stages.jsonl records what each stage ran with; a resume continues it or says what differs. */
class StageHistoryTest {
    private static final String[] SMALL = {
        "--data",
        "samples",
        "--preset",
        "tiny",
        "--train-limit",
        "64",
        "--test-limit",
        "20",
        "--batch-size",
        "16",
        "--test-batch-size",
        "20",
        "--epochs",
        "3",
        "--threads",
        "1",
        "--quiet"
    };

    private static ExportCommandTest.Result run(Path dir, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = args[0];
        all[1] = "--run=" + dir;
        System.arraycopy(args, 1, all, 2, args.length - 1);
        return ExportCommandTest.run(all);
    }

    private static String[] with(String[] a, String... b) {
        String[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static List<StageRecord> pretrainOnly(List<StageRecord> all) {
        return all.stream().filter(r -> r.stage().equals("pretrain")).toList();
    }

    @Test
    void aResumeContinuesWithWhatTheStageRanWithAndRefusesOrRecordsAChange(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("run");
        Path history = new RunDirectory(dir).stages();

        // the run is created by another stage, so run.json holds the defaults (pretrain-lr 0.05) ...
        ExportCommandTest.Result created = run(
                dir, with(new String[] {"profile"}, with(SMALL, "--profile-warmup", "1", "--profile-repeats", "2")));
        assertEquals(0, created.code(), created.err());
        // ... and the pretraining's own options live only in its stage record
        ExportCommandTest.Result first = run(
                dir,
                with(
                        new String[] {"pretrain"},
                        with(SMALL, "--max-steps", "2", "--pretrain-lr", "0.01", "--all-on-fraction", "0.25")));
        assertEquals(0, first.code(), first.err());
        List<StageRecord> h = pretrainOnly(StageRecord.readAll(history));
        assertEquals(2, h.size(), "a start and an end");
        StageRecord start = h.get(0);
        assertEquals("pretrain", start.stage());
        assertEquals(0.01, ((Number) start.config().get("pretrainLr")).doubleValue());
        assertEquals(0.25, ((Number) start.config().get("allOnFraction")).doubleValue());
        assertEquals(2L, ((Number) start.config().get("maxSteps")).longValue());
        assertTrue(start.commandLine().startsWith("instanas pretrain --run="), start.commandLine());
        assertTrue(start.commandLine().contains("--pretrain-lr 0.01"), start.commandLine());
        assertTrue(
                start.versions().get("kernels").matches("(native|pad16) .*"),
                start.versions().toString());
        assertEquals("cpu", start.device());
        assertEquals("completed", h.get(1).status());
        assertEquals(2L, h.get(1).step());

        // --resume alone continues with the recorded settings, not the defaults
        ExportCommandTest.Result resumed = run(dir, "pretrain", "--resume", "--max-steps", "3", "--quiet");
        assertEquals(0, resumed.code(), resumed.err());
        h = pretrainOnly(StageRecord.readAll(history));
        StageRecord again = h.get(2);
        assertTrue(again.resume());
        assertEquals(0.01, ((Number) again.config().get("pretrainLr")).doubleValue());
        assertEquals(0.25, ((Number) again.config().get("allOnFraction")).doubleValue());
        assertEquals(64, ((Number) again.config().get("trainLimit")).intValue());
        assertNull(again.overrides());
        assertEquals(3L, h.get(3).step());

        // a different setting on resume is refused with the difference, and nothing runs
        ExportCommandTest.Result refused =
                run(dir, "pretrain", "--resume", "--max-steps", "4", "--pretrain-lr", "0.02", "--quiet");
        assertEquals(2, refused.code());
        assertTrue(refused.err().contains("pretrainLr 0.01 → 0.02"), refused.err());
        assertTrue(refused.err().contains("--override"), refused.err());
        assertEquals(4, pretrainOnly(StageRecord.readAll(history)).size(), "a refused resume records nothing");

        // with --override it continues and the change is part of the record
        ExportCommandTest.Result overridden =
                run(dir, "pretrain", "--resume", "--override", "--max-steps", "4", "--pretrain-lr", "0.02", "--quiet");
        assertEquals(0, overridden.code(), overridden.err());
        StageRecord changed = pretrainOnly(StageRecord.readAll(history)).get(4);
        assertEquals(List.of(0.01, 0.02), changed.overrides().get("pretrainLr"));
        assertEquals(0.02, ((Number) changed.config().get("pretrainLr")).doubleValue());
        assertTrue(Files.readString(history).lines().allMatch(l -> l.startsWith("{") && l.endsWith("}")));
    }
}
