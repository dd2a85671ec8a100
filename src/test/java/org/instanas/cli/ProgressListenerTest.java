// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.instanas.run.UserException;
import org.junit.jupiter.api.Test;

/** Progress written to a file or pipe: plain lines at an interval, never redraws. */
class ProgressListenerTest {
    @Test
    void plainLinesComeAtTheIntervalWithStepRateAndEta() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        ProgressListener l = new ProgressListener(
                ProgressListener.Mode.LINES, 10, new PrintStream(buf, true, StandardCharsets.UTF_8));
        // 300 steps, one every 0.5 s: 150 s of pretraining, then a 40-step search
        for (int s = 1; s <= 300; s++) {
            l.line("pretrain", s, 300, 128, 1_000_000 + 500L * s);
        }
        for (int s = 1; s <= 40; s++) {
            l.line("search", s, 40, 64, 2_000_000 + 1000L * s);
        }
        String out = buf.toString(StandardCharsets.UTF_8);
        assertFalse(out.contains("\r"), "no carriage-return redraws");
        List<String> lines = out.lines().toList();
        List<String> pre = lines.stream().filter(x -> x.startsWith("pretrain ")).toList();
        // the first step, one line per 10 s of 150 s, and the last step
        assertTrue(pre.size() >= 15 && pre.size() <= 17, pre.size() + " lines: " + out);
        assertTrue(pre.get(0).startsWith("pretrain step 1/300"), pre.get(0));
        assertTrue(pre.get(pre.size() - 1).startsWith("pretrain step 300/300 (100%)"), pre.get(pre.size() - 1));
        String mid = pre.get(pre.size() / 2);
        assertTrue(mid.contains("128 img/s") && mid.contains("ETA 1m"), mid);
        List<String> search =
                lines.stream().filter(x -> x.startsWith("search ")).toList();
        assertEquals("search step 1/40 (3%)  64 img/s", search.get(0));
        assertTrue(search.get(search.size() - 1).startsWith("search step 40/40"), out);
    }

    @Test
    void modesAreParsedAndQuietMeansLines() {
        assertEquals(ProgressListener.Mode.NONE, ProgressListener.Mode.parse("none"));
        assertEquals(ProgressListener.Mode.BAR, ProgressListener.Mode.parse(" Bar "));
        assertEquals(ProgressListener.Mode.LINES, ProgressListener.Mode.AUTO.resolved(), "surefire's stderr is no tty");
        assertThrows(UserException.class, () -> ProgressListener.Mode.parse("fancy"));
        ExportCommandTest.Result r = ExportCommandTest.run("pretrain", "--run", "x", "--progress", "fancy");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--progress fancy: expected auto, bar, lines or none"), r.err());
        assertEquals("42s", ProgressListener.duration(42));
        assertEquals("3m05s", ProgressListener.duration(185));
        assertEquals("2h07m", ProgressListener.duration(2 * 3600 + 7 * 60 + 3));
    }
}
