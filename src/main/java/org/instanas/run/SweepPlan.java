// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.run;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a sweep of reward windows runs, its {@code sweep.json} (the runs lie side by side in
 * {@code RUN-sweep/}, beside the pretrained run they start from; {@code instanas sweep} runs it).
 *
 * @param source     the pretrained run, relative to the sweep folder ("../NAME")
 * @param checkpoint the pretrain checkpoint every search starts from
 * @param members    the runs of the sweep: the variants in the order given, then the baseline
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SweepPlan(int formatVersion, String source, String checkpoint, List<SweepPlan.Member> members) {
    public static final String FILE = "sweep.json";
    public static final String BASELINE = "baseline";
    /** The format of sweep.json; a newer one is refused. */
    public static final int FORMAT_VERSION = 1;

    /** The MobileNetV2 path at the preset's widths trained alone (the reference), or null. */
    public Member baseline() {
        return members.stream()
                .filter(m -> m.baseline() && m.widthOrOne() == 1.0)
                .findFirst()
                .orElse(members.stream().filter(Member::baseline).findFirst().orElse(null));
    }

    /** The plan of a sweep folder, or null when it has none; a damaged or newer one is a user error. */
    public static SweepPlan read(Path sweepDir) {
        Path f = sweepDir.resolve(FILE);
        if (!Files.isRegularFile(f)) {
            return null;
        }
        SweepPlan p;
        try {
            p = Json.MAPPER.readValue(f.toFile(), SweepPlan.class);
        } catch (IOException e) {
            throw new UserException(f + ": not a readable sweep plan (" + e.getMessage() + ")", e);
        }
        if (p.formatVersion() > FORMAT_VERSION || p.members() == null) {
            throw new UserException(f + ": written by a newer version (format " + p.formatVersion() + ")");
        }
        return p;
    }

    /**
     * One run of a sweep: a variant (a search), a point of the MobileNetV2 width curve (the
     * MobileNetV2 path trained alone, {@code baseline}; at the preset's widths the reference
     * "baseline") or a fixed-architecture control of a variant.
     *
     * @param name      its folder in the sweep folder ("ub-0.65", "baseline", "mbv2-w0.5", "ub-0.65-control-1")
     * @param ubEnd     the setting it searches with (NaN for the fixed networks)
     * @param baseline  the MobileNetV2 path trained alone
     * @param epochs    a fixed network's training epochs (0 for a variant; with early stopping its
     *                  most)
     * @param width     a baseline's width multiplier (0 in plans written before: 1)
     * @param controlOf the variant a control trains the architecture of (null otherwise)
     * @param rank      a control's architecture: the variant's rank-th most frequent one on the test split
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Member(
            String name, double ubEnd, boolean baseline, int epochs, double width, String controlOf, int rank) {
        /** A variant or the reference baseline, as plans before the width curve and the controls wrote them. */
        public Member(String name, double ubEnd, boolean baseline, int epochs) {
            this(name, ubEnd, baseline, epochs, baseline ? 1.0 : 0.0, null, 0);
        }

        /** A baseline's width multiplier (1 where the plan does not say). */
        public double widthOrOne() {
            return width > 0 ? width : 1.0;
        }

        /** Whether this member trains a variant's architecture alone (the fixed-architecture control). */
        public boolean control() {
            return controlOf != null && !controlOf.isBlank();
        }

        /** Whether this member is a search (else a fixed network). */
        public boolean variant() {
            return !baseline && !control();
        }
    }

    /** The member name of a point of the width curve: "baseline" at the preset's widths, else "mbv2-w0.5". */
    public static String widthName(double width) {
        return width == 1.0 ? BASELINE : "mbv2-w" + trimmed(width);
    }

    /** The member name of a variant's rank-th control. */
    public static String controlName(String variant, int rank) {
        return variant + "-control-" + rank;
    }

    private static String trimmed(double v) {
        return String.format(Locale.ROOT, "%.3f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    /** The sweep folder of a pretrained run: {@code RUN-sweep} beside it. */
    public static Path folderOf(Path run) {
        Path abs = run.toAbsolutePath().normalize();
        return abs.resolveSibling(abs.getFileName() + "-sweep");
    }

    /** The baseline run (the MobileNetV2 path trained alone) of the sweep {@code run} belongs to, or null. */
    public static Path baselineOf(Path run) {
        Path folder = sweepOf(run);
        if (folder == null) {
            return null;
        }
        Path b = folder.resolve(BASELINE);
        return new RunDirectory(b).exists() && !b.equals(run.toAbsolutePath().normalize()) ? b : null;
    }

    /** The sweep a run belongs to (the folder holding its sweep.json), or null. */
    public static Path sweepOf(Path run) {
        Path parent = run.toAbsolutePath().normalize().getParent();
        return parent != null && Files.isRegularFile(parent.resolve(FILE)) ? parent : null;
    }

    /** The member name of an {@code ub-end-fraction} setting. */
    public static String memberName(double ubEnd) {
        return "ub-"
                + String.format(Locale.ROOT, "%.3f", ubEnd)
                        .replaceAll("0+$", "")
                        .replaceAll("\\.$", "");
    }

    private static final String STARTING = "sweep: ";

    /** The progress message a sweep sends when it turns to a member (a front end follows it there). */
    public static String startMessage(Member m) {
        return STARTING
                + m.name()
                + (m.baseline() ? " (the MobileNetV2 path trained alone)" : "")
                + (m.control() ? " (control: an architecture of " + m.controlOf() + " trained alone)" : "");
    }

    /** The member a {@link #startMessage} names, or null for any other message. */
    public static String startedMember(String message) {
        if (message == null || !message.startsWith(STARTING)) {
            return null;
        }
        String rest = message.substring(STARTING.length());
        int space = rest.indexOf(' ');
        String name = space < 0 ? rest : rest.substring(0, space);
        boolean plain = space < 0
                || rest.substring(space).equals(" (the MobileNetV2 path trained alone)")
                || rest.substring(space).startsWith(" (control: an architecture of ");
        return plain && !name.isEmpty() && !name.endsWith(";") ? name : null;
    }

    /**
     * The UB-end settings of a sweep as typed ("0.95, 0.8,0.65"), checked as {@link #checkSettings}
     * does; an empty text gives an empty list (continue a stored plan).
     */
    public static List<Double> parseSettings(String text) {
        List<Double> out = new java.util.ArrayList<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        for (String part : text.split(",")) {
            String t = part.trim();
            try {
                out.add(Double.parseDouble(t));
            } catch (NumberFormatException e) {
                throw new UserException("UB-end settings: '" + t + "' is not a number");
            }
        }
        checkSettings(out, "UB-end settings");
        return out;
    }

    /**
     * UB-end settings a sweep can run: each between 0 (excluded) and 10, no two with the same member
     * name; a problem is a user error that names {@code what} (the option or field).
     */
    public static void checkSettings(List<Double> values, String what) {
        java.util.Set<String> names = new java.util.HashSet<>();
        for (double v : values) {
            if (!(v > 0 && v <= 10)) {
                throw new UserException(what + ": every value must be between 0 and 10 (was " + v + ")");
            }
            if (!names.add(memberName(v))) {
                throw new UserException(what + ": " + v + " is given twice");
            }
        }
    }

    /** Every member run of the sweep that exists, by name, in the plan's order. */
    public static Map<String, Path> members(Path sweepDir) {
        SweepPlan p = read(sweepDir);
        Map<String, Path> out = new LinkedHashMap<>();
        if (p == null) {
            return out;
        }
        for (Member m : p.members()) {
            Path d = sweepDir.resolve(m.name());
            if (new RunDirectory(d).exists()) {
                out.put(m.name(), d);
            }
        }
        return out;
    }
}
