// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code run.json}: what the run is and how it was produced (provenance).
 *
 * @param name     display name (the folder name by default)
 * @param preset   preset name (tiny, c10, ...)
 * @param data     dataset spec as the user typed it (a path, "samples" or "fashion-mnist")
 * @param seed     the seed every RNG derives from
 * @param device   cpu or gpu(N)
 * @param threads  libtorch intra-op threads
 * @param config   every hyper-parameter, by its CLI name
 * @param versions app, java, djl, pytorch
 * @param created  ISO-8601 creation time
 * @param formatVersion run-directory format version
 */
public record RunInfo(
        String name,
        String preset,
        String data,
        long seed,
        String device,
        int threads,
        Map<String, Object> config,
        Map<String, String> versions,
        String created,
        int formatVersion) {
    public static final int FORMAT_VERSION = 1;

    public static RunInfo read(Path file) {
        try {
            RunInfo info = Json.MAPPER.readValue(file.toFile(), RunInfo.class);
            if (info.preset() == null) {
                throw new RunFormatException(file, "has no preset");
            }
            if (info.formatVersion() > FORMAT_VERSION) {
                throw new RunFormatException(
                        file,
                        "was written by a newer version (format " + info.formatVersion() + "; this version reads up to "
                                + FORMAT_VERSION + ")");
            }
            return info;
        } catch (RunFormatException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new RunFormatException(file, "not a valid run description (" + LatencyTable.rootMessage(e) + ")", e);
        }
    }

    public void write(Path file) throws IOException {
        AtomicFiles.writeJson(file, this);
    }
}
