// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.instanas.engine.Params;
import org.instanas.run.Safetensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A checkpoint's weights as safetensors: every tensor, name and shape, bit for bit. */
class WeightsCommandTest {
    @Test
    void aCheckpointBecomesASafetensorsFileWithTheEnginesNames(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("run");
        ExportCommandTest.Result made = ExportCommandTest.run(
                "pretrain",
                "--run",
                run.toString(),
                "--data",
                "samples",
                "--train-limit",
                "32",
                "--test-limit",
                "10",
                "--batch-size",
                "16",
                "--test-batch-size",
                "10",
                "--epochs",
                "1",
                "--threads",
                "1",
                "--quiet");
        assertEquals(0, made.code(), made.err());
        Path out = tmp.resolve("w/variant.safetensors");
        ExportCommandTest.Result r = ExportCommandTest.run("weights", "--run", run.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("pretrain-0001"), r.out());

        Map<String, String> meta = new LinkedHashMap<>();
        Map<String, Safetensors.Tensor> got = Safetensors.read(out, meta);
        Map<String, long[]> shapes = new LinkedHashMap<>();
        Map<String, float[]> want;
        try (InputStream in = Files.newInputStream(run.resolve("checkpoints/pretrain-0001/metagraph.bin"))) {
            want = Params.readTensors(in, shapes);
        }
        assertEquals(want.keySet(), got.keySet());
        for (String k : want.keySet()) {
            assertArrayEquals(shapes.get(k), got.get(k).shape(), k);
            assertArrayEquals(want.get(k), got.get(k).values(), 0f, k);
        }
        assertTrue(got.containsKey("cell13.op4.c1.w") && got.containsKey("stem.bn.mean"));
        assertEquals("tiny", meta.get("preset"));
        assertEquals("pretrain-0001", meta.get("checkpoint"));
        long headerLength = ByteBuffer.wrap(Files.readAllBytes(out), 0, 8)
                .order(ByteOrder.LITTLE_ENDIAN)
                .getLong();
        assertEquals(0, (8 + headerLength) % 8, "tensor data starts 8-byte aligned");

        ExportCommandTest.Result none = ExportCommandTest.run(
                "weights", "--run", run.toString(), "--checkpoint", "search-0009", "--out", out.toString());
        assertEquals(2, none.code());
        assertTrue(
                none.err().contains("no complete checkpoint named search-0009 (available: [pretrain-0001])"),
                none.err());
    }
}
