// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The safetensors format (Hugging Face's, read by {@code safetensors.torch.load_file} in Python):
 * an 8-byte little-endian header length, a JSON header naming each tensor's dtype, shape and byte
 * range, then the raw little-endian data. Float32 only, which is all the workbench stores. Written
 * through {@link AtomicFiles} (a temporary file, forced to disk, then renamed), so a reader never
 * sees half a file.
 */
public final class Safetensors {
    private Safetensors() {}

    /** One tensor: its shape and row-major values. */
    public record Tensor(long[] shape, float[] values) {}

    public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        ObjectNode header = Json.LINE.createObjectNode();
        if (metadata != null && !metadata.isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            long n = 1;
            for (long d : e.getValue().shape()) {
                n *= d;
            }
            if (n != e.getValue().values().length) {
                throw new IllegalArgumentException(e.getKey() + ": shape does not match its "
                        + e.getValue().values().length + " values");
            }
            ObjectNode t = header.putObject(e.getKey());
            t.put("dtype", "F32");
            var shape = t.putArray("shape");
            for (long d : e.getValue().shape()) {
                shape.add(d);
            }
            t.putArray("data_offsets").add(offset).add(offset + 4 * n);
            offset += 4 * n;
        }
        byte[] json = Json.LINE.writeValueAsBytes(header);
        int pad = (8 - json.length % 8) % 8; // the format allows trailing spaces; keeps the data 8-byte aligned
        byte[] head = new byte[json.length + pad];
        System.arraycopy(json, 0, head, 0, json.length);
        Arrays.fill(head, json.length, head.length, (byte) ' ');
        AtomicFiles.write(file, raw -> {
            OutputStream out = new BufferedOutputStream(raw, 1 << 16);
            out.write(ByteBuffer.allocate(8)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .putLong(head.length)
                    .array());
            out.write(head);
            for (Tensor t : tensors.values()) {
                ByteBuffer bb = ByteBuffer.allocate(t.values().length * 4).order(ByteOrder.LITTLE_ENDIAN);
                bb.asFloatBuffer().put(t.values());
                out.write(bb.array());
            }
            out.flush();
        });
    }

    /** Reads a float32 safetensors file (for tests and round trips); the metadata goes to {@code metadataOut} if given. */
    public static Map<String, Tensor> read(Path file, Map<String, String> metadataOut) throws IOException {
        byte[] all = Files.readAllBytes(file);
        if (all.length < 8) {
            throw new IOException(file + ": not a safetensors file (" + all.length + " bytes)");
        }
        long n = ByteBuffer.wrap(all, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (n < 2 || 8 + n > all.length) {
            throw new IOException(file + ": not a safetensors file (header length " + n + ")");
        }
        JsonNode header = Json.LINE.readTree(new String(all, 8, (int) n, StandardCharsets.UTF_8));
        Map<String, Tensor> out = new LinkedHashMap<>();
        long base = 8 + n;
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("__metadata__")) {
                if (metadataOut != null) {
                    e.getValue()
                            .fields()
                            .forEachRemaining(m ->
                                    metadataOut.put(m.getKey(), m.getValue().asText()));
                }
                continue;
            }
            JsonNode t = e.getValue();
            if (!"F32".equals(t.path("dtype").asText())) {
                throw new IOException(file + ": tensor " + e.getKey() + " is "
                        + t.path("dtype").asText() + ", only F32 is read");
            }
            long[] shape = new long[t.path("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = t.path("shape").get(i).asLong();
            }
            long from = base + t.path("data_offsets").get(0).asLong();
            long to = base + t.path("data_offsets").get(1).asLong();
            if (from < base || to > all.length || (to - from) % 4 != 0) {
                throw new IOException(file + ": tensor " + e.getKey() + " lies outside the file");
            }
            float[] v = new float[(int) ((to - from) / 4)];
            ByteBuffer.wrap(all, (int) from, (int) (to - from))
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .asFloatBuffer()
                    .get(v);
            out.put(e.getKey(), new Tensor(shape, v));
        }
        return out;
    }
}
