// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.run;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code checkpoints/<name>/meta.json}: what a checkpoint holds, written last so that its presence
 * marks the checkpoint complete.
 *
 * @param name          folder name, {@code stage-epoch}
 * @param stage         stage that wrote it
 * @param epoch         epochs completed in that stage
 * @param step          steps completed in that stage
 * @param preset        preset of the meta-graph (a checkpoint from another preset is refused)
 * @param time          seconds since the Unix epoch
 * @param metricsOffset size of metrics.jsonl when the checkpoint was taken (resume truncates to it)
 * @param state         stage state: UB, LB, RNG seeds, learning rates, ...
 * @param summary       accuracy, latency, reward ... at this checkpoint
 * @param formatVersion checkpoint format version
 */
public record CheckpointInfo(
        String name,
        String stage,
        int epoch,
        long step,
        String preset,
        double time,
        long metricsOffset,
        Map<String, Object> state,
        Map<String, Double> summary,
        int formatVersion,
        String folder) {
    public static final String META = "meta.json";
    public static final int FORMAT_VERSION = 1;

    public static CheckpointInfo read(Path dir) {
        Path file = dir.resolve(META);
        try {
            CheckpointInfo c = Json.MAPPER.readValue(file.toFile(), CheckpointInfo.class);
            if (c.stage() == null || c.preset() == null) {
                throw new RunFormatException(file, "has no stage or preset");
            }
            if (c.formatVersion() > FORMAT_VERSION) {
                throw new RunFormatException(
                        file,
                        "was written by a newer version (checkpoint format " + c.formatVersion()
                                + ", this version reads up to " + FORMAT_VERSION + ")");
            }
            return new CheckpointInfo(
                    c.name(),
                    c.stage(),
                    c.epoch(),
                    c.step(),
                    c.preset(),
                    c.time(),
                    c.metricsOffset(),
                    c.state() == null ? Map.of() : c.state(),
                    c.summary() == null ? Map.of() : c.summary(),
                    c.formatVersion(),
                    dir.toString());
        } catch (RunFormatException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new RunFormatException(
                    file, "not a valid checkpoint description (" + LatencyTable.rootMessage(e) + ")", e);
        }
    }

    public Path dir() {
        return Path.of(folder);
    }

    public void write(Path dir) throws IOException {
        AtomicFiles.writeJson(dir.resolve(META), this);
    }
}
