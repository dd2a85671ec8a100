// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.instanas.cli.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code data info} through the real command line. */
class DataCommandTest {
    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = Cli.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void infoOnTheSample() {
        assertEquals(0, run("data", "info", "samples"), err::toString);
        String o = out.toString();
        assertTrue(o.contains("6000 images"), o);
        assertTrue(o.contains("1000 images"), o);
        assertTrue(o.contains("1×28×28"), o);
        assertTrue(o.matches("(?s).*\\n\\s+9\\s+Ankle boot\\s+600\\s+100\\s*\\n.*"), o);
        assertTrue(o.contains("mean     0.28"), o);
        assertEquals("", err.toString());
    }

    @Test
    void infoAsJson() throws Exception {
        assertEquals(0, run("data", "info", "--json", "samples"), err::toString);
        JsonNode j = new ObjectMapper().readTree(out.toString());
        assertEquals(6000, j.get("train").asInt());
        assertEquals(1000, j.get("test").asInt());
        assertEquals(10, j.get("classes").size());
        assertEquals(600, j.get("trainPerClass").get(3).asInt());
        assertEquals(100, j.get("testPerClass").get(9).asInt());
        assertEquals(1, j.get("channels").asInt());
    }

    @Test
    void badPathIsOneErrorLineAndExitTwo() {
        String bad = tmp.resolve("missing").toString();
        assertEquals(2, run("data", "info", bad));
        String e = err.toString().strip();
        assertEquals(1, e.lines().count(), e);
        assertTrue(e.startsWith("error: ") && e.contains(bad), e);
        assertFalse(e.contains("Exception") || e.contains("\tat "), e);
    }
}
