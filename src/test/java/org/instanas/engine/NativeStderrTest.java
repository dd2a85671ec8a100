// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** libtorch's informational notices stay off the user's terminal; real errors do not. */
class NativeStderrTest {
    interface Write extends Library {
        long write(int fd, byte[] buf, long n);
    }

    @Test
    void informationalNativeLinesAreDroppedAndOthersPassOn() throws Exception {
        Write c = Native.load("c", Write.class);
        PrintStream was = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        String result;
        try {
            System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
            result = NativeStderr.filtered(() -> {
                for (String line : List.of(
                        "[W1207 LegacyTypeDispatch.h:74] Warning: AutoNonVariableTypeMode is deprecated and will be "
                                + "removed in 1.10 release. (function operator())\n",
                        "[W NNPACK.cpp:61] Could not initialize NNPACK! Reason: Unsupported hardware.\n",
                        "terminate called after throwing an instance of 'c10::Error'\n")) {
                    byte[] b = line.getBytes(StandardCharsets.UTF_8);
                    c.write(NativeStderr.STDERR, b, b.length);
                }
                return "done";
            });
        } finally {
            System.setErr(was);
        }
        assertEquals("done", result);
        String passed = buf.toString(StandardCharsets.UTF_8);
        assertEquals("terminate called after throwing an instance of 'c10::Error'\n", passed);
        assertTrue(NativeStderr.informational("Could not initialize NNPACK! Reason: Unsupported hardware."));
        assertFalse(NativeStderr.informational("RuntimeError: shape mismatch"));
    }

    /** A short stage in its own JVM, stderr in a file as a cluster job or nohup has it. */
    @Test
    void aShortStageWritesNoLibtorchNoticesAndPlainProgressLines(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("run");
        Path err = tmp.resolve("stderr.txt");
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-Xmx1g",
                "-cp",
                cp,
                "org.instanas.Main",
                "pretrain",
                "--run",
                run.toString(),
                "--train-limit",
                "64",
                "--test-limit",
                "20",
                "--batch-size",
                "16",
                "--test-batch-size",
                "20",
                "--epochs",
                "1",
                "--threads",
                "1"));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectOutput(tmp.resolve("stdout.txt").toFile())
                .redirectError(err.toFile());
        pb.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        Process p = pb.start();
        assertTrue(p.waitFor(240, TimeUnit.SECONDS), "pretraining 4 steps took over 4 minutes");
        String text = Files.readString(err);
        assertEquals(0, p.exitValue(), text);
        for (String notice : List.of("AutoNonVariableTypeMode", "NNPACK", "LegacyTypeDispatch")) {
            assertFalse(text.contains(notice), "libtorch's notice reached stderr: " + text);
        }
        assertFalse(text.contains("\r"), "progress redraws in a file: " + text);
        assertTrue(text.lines().anyMatch(l -> l.startsWith("pretrain step 4/4 (100%)")), text);
        assertTrue(text.lines().count() < 40, text);
    }
}
