// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.instanas.deploy.OrtModel;
import org.instanas.run.Json;
import org.instanas.testutil.ShippedDemoCopy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code instanas onnx} on the shipped demo run: files ONNX Runtime loads, and clear refusals. */
class OnnxCommandTest {
    @TempDir
    Path tmp;

    @Test
    void exportsTheControllerEveryTestRouteAndTheMobileNetV2PathWithTheirMetadata() throws Exception {
        Path demo = ShippedDemoCopy.to(tmp.resolve("demo"));
        Path out = tmp.resolve("onnx");
        ExportCommandTest.Result r = ExportCommandTest.run("onnx", "--run", demo.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode routes = Json.MAPPER.readTree(out.resolve("routes.json").toFile());
        String ckpt = ShippedDemoCopy.finalCheckpoint(demo);
        assertEquals(ckpt, routes.get("checkpoint").asText());
        long distinct =
                org.instanas.run.RoutingCsv.read(demo.resolve("routing").resolve("final-" + ckpt + ".csv")).stream()
                        .map(x -> x.arch())
                        .distinct()
                        .count();
        assertEquals(distinct, routes.get("routes").size(), "one network per distinct test architecture");
        assertTrue(r.out().contains((distinct + 1) + " networks and the controller"), r.out());
        float[] image = new float[28 * 28];
        try (OrtModel c = OrtModel.load(Files.readAllBytes(out.resolve("controller.onnx")), 1)) {
            float[] p = c.run(image, 1, 1, 28, 28)[0];
            assertEquals(85, p.length);
            assertEquals("tiny", c.metadata().get("preset"));
            assertEquals(ckpt, c.metadata().get("checkpoint"));
            assertTrue(
                    c.metadata().get("classes").startsWith("T-shirt/top,Trouser"),
                    c.metadata().toString());
        }
        var it = routes.get("routes").fields();
        while (it.hasNext()) {
            var e = it.next();
            try (OrtModel m =
                    OrtModel.load(Files.readAllBytes(out.resolve(e.getValue().asText())), 1)) {
                assertEquals(10, m.run(image, 1, 1, 28, 28)[0].length);
                assertEquals(e.getKey(), m.metadata().get("architecture"));
            }
        }
    }

    @Test
    void aForeignPresetARunWithoutWeightsAndAnUnwritableFolderAreClearErrors() throws Exception {
        Path demo = ShippedDemoCopy.to(tmp.resolve("demo"));
        Path meta = demo.resolve("checkpoints")
                .resolve(ShippedDemoCopy.finalCheckpoint(demo))
                .resolve("meta.json");
        Path blocker = Files.writeString(tmp.resolve("a-file"), "not a folder");
        ExportCommandTest.Result r = ExportCommandTest.run(
                "onnx",
                "--run",
                demo.toString(),
                "--out",
                blocker.resolve("sub").toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("cannot be written to"), r.err());

        Files.writeString(meta, Files.readString(meta).replace("\"preset\" : \"tiny\"", "\"preset\" : \"c10\""));
        Path out = tmp.resolve("out");
        r = ExportCommandTest.run("onnx", "--run", demo.toString(), "--out", out.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("checkpoint of preset 'c10'"), r.err());
        assertFalse(Files.exists(out), "nothing written");

        Path bare = Files.createDirectories(tmp.resolve("bare"));
        Files.copy(demo.resolve("run.json"), bare.resolve("run.json"));
        r = ExportCommandTest.run("onnx", "--run", bare.toString(), "--out", out.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("no finetune or search checkpoint with weights"), r.err());
        assertFalse(Files.exists(out), "nothing written");
    }
}
