// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.engine;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.instanas.run.Arch;
import org.instanas.run.Json;
import org.instanas.run.UserException;

/**
 * A search-space configuration, loaded from data ({@code resources/presets/NAME.json}, a JSON file
 * path, or {@code ~/.instanas/presets/NAME.json}): input shape, width, stage table, controller.
 *
 * @param stages rows of (output channels, cells, stride of the first cell), before the width multiplier
 * @param widthMultiplier a run's scaling of the preset's widths (the MobileNetV2 width curve; 1 in
 *     every preset file, see {@link #widened})
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record Preset(
        String name,
        String description,
        int inputChannels,
        int inputSize,
        int classes,
        double width,
        int stemChannels,
        int stemStride,
        int headChannels,
        int[][] stages,
        String controller,
        int controllerPool,
        double dropout,
        double widthMultiplier) {
    public static final List<String> BUILT_IN = List.of("tiny", "c10", "c100", "tiny-imagenet", "imagenet");

    public Preset {
        if (stages == null || stages.length == 0) {
            throw new IllegalArgumentException("preset " + name + ": no stages");
        }
        int cells = 0;
        for (int[] s : stages) {
            if (s.length != 3 || s[0] <= 0 || s[1] <= 0 || s[2] <= 0) {
                throw new IllegalArgumentException("preset " + name + ": each stage is [channels, cells, stride] > 0");
            }
            cells += s[1];
        }
        if (cells != Arch.CELLS) {
            throw new IllegalArgumentException(
                    "preset " + name + ": the search space has " + Arch.CELLS + " cells, the stages give " + cells);
        }
        if (inputChannels <= 0 || inputSize < 8 || classes < 2 || !(width > 0)) {
            throw new IllegalArgumentException("preset " + name + ": invalid input shape, classes or width");
        }
        if (!"policy32".equals(controller) && !"policy224".equals(controller)) {
            throw new IllegalArgumentException("preset " + name + ": controller must be policy32 or policy224");
        }
        controllerPool = Math.max(1, controllerPool);
        if (!(widthMultiplier > 0)) {
            widthMultiplier = 1.0; // a preset file does not name it
        }
    }

    /**
     * This preset with its widths scaled by {@code multiplier} (a fixed-architecture run of the
     * MobileNetV2 width curve, {@link org.instanas.run.RunConfig#widthMultiplier}); itself at 1.
     */
    public Preset widened(double multiplier) {
        if (multiplier == widthMultiplier) {
            return this;
        }
        return new Preset(
                name,
                description,
                inputChannels,
                inputSize,
                classes,
                width,
                stemChannels,
                stemStride,
                headChannels,
                stages,
                controller,
                controllerPool,
                dropout,
                multiplier);
    }

    /**
     * Width-multiplied channels: at the preset's own widths rounded up to a multiple of 8, at least 8
     * (exact at width 1); scaled further by a run's width multiplier, rounded as MobileNetV2 does
     * ({@link #divisible}).
     */
    public int scaled(int c) {
        if (widthMultiplier != 1.0) {
            return divisible(c * width * widthMultiplier);
        }
        if (width == 1.0) {
            return c;
        }
        return Math.max(8, (int) Math.ceil(c * width / 8.0) * 8);
    }

    /**
     * MobileNetV2's channel rounding ({@code _make_divisible}): the nearest multiple of 8, at least 8,
     * and one step up when rounding would lose more than 10 %.
     */
    static int divisible(double v) {
        int r = Math.max(8, (int) (v + 4) / 8 * 8);
        return r < 0.9 * v ? r + 8 : r;
    }

    public int stemOut() {
        return scaled(stemChannels);
    }

    /** The head's channels; a width multiplier below 1 leaves them as they are (as MobileNetV2 does). */
    public int headOut() {
        if (widthMultiplier != 1.0) {
            return widthMultiplier < 1.0 ? widened(1.0).headOut() : divisible(headChannels * width * widthMultiplier);
        }
        return scaled(headChannels);
    }

    /** Per cell: {in, out, stride, stageEntry(0/1)}. */
    public int[][] cells() {
        List<int[]> out = new ArrayList<>();
        int in = stemOut();
        for (int[] s : stages) {
            int c = scaled(s[0]);
            for (int j = 0; j < s[1]; j++) {
                out.add(new int[] {in, c, j == 0 ? s[2] : 1, j == 0 ? 1 : 0});
                in = c;
            }
        }
        return out.toArray(int[][]::new);
    }

    public boolean[] stageEntries() {
        int[][] c = cells();
        boolean[] e = new boolean[c.length];
        for (int t = 0; t < c.length; t++) {
            e[t] = c[t][3] == 1;
        }
        return e;
    }

    public static Preset load(String nameOrPath) {
        if (nameOrPath == null || nameOrPath.isBlank()) {
            throw new UserException("no preset given; built-in presets: " + String.join(", ", BUILT_IN));
        }
        try {
            Path p = Path.of(nameOrPath);
            if (nameOrPath.endsWith(".json") && Files.isRegularFile(p)) {
                return Json.MAPPER.readValue(p.toFile(), Preset.class);
            }
            Path user = Path.of(
                    System.getProperty("instanas.home", System.getProperty("user.home") + "/.instanas"),
                    "presets",
                    nameOrPath + ".json");
            if (Files.isRegularFile(user)) {
                return Json.MAPPER.readValue(user.toFile(), Preset.class);
            }
            try (InputStream in = Preset.class.getResourceAsStream("/presets/" + nameOrPath + ".json")) {
                if (in == null) {
                    throw new UserException("unknown preset '" + nameOrPath + "'; built-in presets: "
                            + String.join(", ", BUILT_IN) + " (or a path to a preset .json file)");
                }
                return Json.MAPPER.readValue(in, Preset.class);
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new UserException("preset '" + nameOrPath + "' is not valid: " + e.getMessage(), e);
        }
    }
}
