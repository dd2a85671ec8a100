// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.app.export;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * PNG chunk surgery: sets the physical pixel size (pHYs) ourselves, because Java's standard
 * metadata route (javax_imageio_1.0 HorizontalPixelSize) ends up with a wrong DPI.
 */
public final class Png {
    static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    private Png() {}

    /** Pixels per metre for a DPI: round(dpi / 0.0254). */
    public static long pixelsPerMetre(int dpi) {
        return Math.round(dpi / 0.0254);
    }

    /** The PNG with any pHYs chunk replaced by one that says {@code dpi} (in pixels per metre), right after IHDR. */
    public static byte[] withDpi(byte[] png, int dpi) {
        checkSignature(png);
        ByteArrayOutputStream out = new ByteArrayOutputStream(png.length + 21);
        out.write(png, 0, SIGNATURE.length);
        int pos = SIGNATURE.length;
        boolean written = false;
        while (pos + 8 <= png.length) {
            int len = ByteBuffer.wrap(png, pos, 4).getInt();
            String type = new String(png, pos + 4, 4, StandardCharsets.US_ASCII);
            int total = 12 + len;
            if (len < 0 || pos + total > png.length) {
                throw new IllegalArgumentException("truncated PNG chunk " + type);
            }
            if (!type.equals("pHYs")) {
                out.write(png, pos, total);
            }
            if (type.equals("IHDR") && !written) {
                long ppm = pixelsPerMetre(dpi);
                ByteBuffer data = ByteBuffer.allocate(9);
                data.putInt((int) ppm).putInt((int) ppm).put((byte) 1);
                writeChunk(out, "pHYs", data.array());
                written = true;
            }
            pos += total;
        }
        return out.toByteArray();
    }

    static void writeChunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(t);
        out.writeBytes(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    private static void checkSignature(byte[] png) {
        if (png.length < SIGNATURE.length) {
            throw new IllegalArgumentException("not a PNG");
        }
        for (int i = 0; i < SIGNATURE.length; i++) {
            if (png[i] != SIGNATURE[i]) {
                throw new IllegalArgumentException("not a PNG");
            }
        }
    }
}
