// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * libtorch starts and computes with every network route blocked (proxies pointing at a closed
 * port): the natives come from the Maven artifact, and DJL_CACHE_DIR moves where they are unpacked.
 */
class OfflineEngineTest {
    @TempDir
    Path tmp;

    @Test
    void engineStartsAndComputesWithoutNetwork() throws Exception {
        Path cache = tmp.resolve("djl-cache");
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(List.of(
                        java.toString(),
                        "--enable-native-access=ALL-UNNAMED",
                        // any download attempt would go to a closed port and fail
                        "-Dhttp.proxyHost=127.0.0.1",
                        "-Dhttp.proxyPort=9",
                        "-Dhttps.proxyHost=127.0.0.1",
                        "-Dhttps.proxyPort=9",
                        "-Djava.net.useSystemProxies=false",
                        "-cp",
                        cp,
                        "org.instanas.Main",
                        "bench",
                        "--preset",
                        "tiny",
                        "--batch",
                        "2",
                        "--op",
                        "infer_mbv2",
                        "--iters",
                        "1",
                        "--warmup",
                        "0"))
                .redirectErrorStream(true);
        pb.environment().put("DJL_CACHE_DIR", cache.toString());
        pb.environment().remove("PYTORCH_VERSION");
        pb.environment().remove("PYTORCH_FLAVOR");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("\"op\":\"infer_mbv2\"") && out.contains("pytorch 2.5.1"), out);
        try (Stream<Path> s = Files.walk(cache)) {
            assertTrue(
                    s.anyMatch(f -> f.getFileName().toString().startsWith("libtorch_cpu")),
                    "natives unpacked under DJL_CACHE_DIR");
        }
    }
}
