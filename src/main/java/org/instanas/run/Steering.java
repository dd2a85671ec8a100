// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Steering a running search (docs/algorithm.md §6.4): the reward window, the reward's weights, the
 * exploration and the learning rates changed between two steps, by the workbench or by whoever
 * writes the request file.
 *
 * <p>A <b>request</b> ({@link #INBOX} in the run directory, or the file of {@code search --steer FILE})
 * is a JSON object of the overrides wanted now, e.g. {@code {"ub": 1.2, "beta": 0.05}}; a setting not in
 * it follows the run's settings and schedules, so {@code {}} lifts every override. The stage reads the
 * file between steps and applies it when it differs from what it applies now.
 *
 * <p>Every applied change is a line of the <b>log</b> ({@link #LOG}): the stage, the step before which it
 * took effect, and the whole set of overrides from then on. A resumed stage restores the set in effect
 * at its checkpoint and applies the later lines at their steps again, so a crash after a change does
 * not lose it and the resumed run steers exactly as the first one did. A fresh start of the stage
 * drops its lines; a new request while later lines wait to be replayed replaces them (the run takes
 * another course from there).
 */
public final class Steering {
    public static final String INBOX = "steer.json";
    public static final String LOG = "steer.jsonl";

    /** The prefix of an override's value in the metrics event of a change ({@code steer_ub}, ...). */
    public static final String VALUE_PREFIX = "steer_";

    /** UB of the reward window, ms (fixed from then on, instead of the schedule). */
    public static final String UB = "ub";
    /** LB of the reward window, ms. */
    public static final String LB = "lb";
    /** Where the UB schedule ends, as a fraction of the MobileNetV2 path's latency. */
    public static final String UB_END = "ubEndFraction";

    public static final String POS_W = "posW";
    public static final String NEG_W = "negW";
    public static final String BETA = "beta";
    public static final String ALPHA = "alpha";
    /** The controller's learning rate (instead of its decay schedule). */
    public static final String LR = "lr";
    /** The meta-graph's learning rate. */
    public static final String NET_LR = "netLr";

    /** What may be steered, in the order forms and messages list it. */
    public static final List<String> KEYS = List.of(UB, LB, UB_END, POS_W, NEG_W, BETA, ALPHA, LR, NET_LR);

    /** One applied change: before step {@code step + 1} of {@code stage}, the overrides became {@code set}. */
    public record Change(String stage, long step, int epoch, String at, Map<String, Double> set, String source) {
        public Change {
            set = Map.copyOf(set == null ? Map.of() : set);
        }
    }

    private Steering() {}

    /** The name a user reads for a setting. */
    public static String label(String key) {
        return switch (key) {
            case UB -> "UB";
            case LB -> "LB";
            case UB_END -> "UB end";
            case POS_W -> "pos_w";
            case NEG_W -> "neg_w";
            case BETA -> "β";
            case ALPHA -> "α";
            case LR -> "controller lr";
            case NET_LR -> "meta-graph lr";
            default -> key;
        };
    }

    /** "UB 1.2 ms, β 0.05" (keys in {@link #KEYS} order); "no overrides" for an empty set. */
    public static String describe(Map<String, Double> set) {
        List<String> parts = new ArrayList<>();
        for (String k : KEYS) {
            Double v = set.get(k);
            if (v != null) {
                String unit = UB.equals(k) || LB.equals(k) ? " ms" : UB_END.equals(k) ? "× MobileNetV2" : "";
                parts.add(label(k) + " " + number(v) + unit);
            }
        }
        return parts.isEmpty() ? "no overrides" : String.join(", ", parts);
    }

    /** Four significant digits without trailing zeros: 30, 1.2, 0.0005, 1.235e-05. */
    public static String number(double v) {
        String t = String.format(Locale.ROOT, "%.4g", v);
        if (t.contains("e") || !t.contains(".")) {
            return t;
        }
        return t.replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    /**
     * Problems of a request's values on their own (the ranges of the new-run form); whether UB stays
     * above LB needs the window in use and is the stage's to check.
     */
    public static List<String> problems(Map<String, Double> set) {
        List<String> p = new ArrayList<>();
        for (Map.Entry<String, Double> e : set.entrySet()) {
            String k = e.getKey();
            double v = e.getValue() == null ? Double.NaN : e.getValue();
            if (!KEYS.contains(k)) {
                p.add(k + ": cannot be steered (one of " + String.join(", ", KEYS) + ")");
                continue;
            }
            String name = label(k);
            if (!Double.isFinite(v)) {
                p.add(name + ": must be a number");
                continue;
            }
            switch (k) {
                case UB, LB, LR, NET_LR -> {
                    if (!(v > 0)) {
                        p.add(name + ": must be positive (was " + v + ")");
                    }
                }
                case UB_END -> {
                    if (!(v > 0 && v <= 10)) {
                        p.add(name + ": must be above 0 and at most 10 (was " + v + ")");
                    }
                }
                case ALPHA -> {
                    if (!(v >= 0.5 && v <= 1)) {
                        p.add(name + ": must be between 0.5 and 1 (was " + v + ")");
                    }
                }
                case BETA -> {
                    if (v < 0) {
                        p.add(name + ": must be zero or positive (was " + v + ")");
                    }
                }
                default -> {
                    // pos_w and neg_w: any finite number
                }
            }
        }
        Double ub = set.get(UB);
        Double lb = set.get(LB);
        if (ub != null && lb != null && !(ub > lb)) {
            p.add("UB (" + ub + " ms) must be above LB (" + lb + " ms)");
        }
        return p;
    }

    // ------------------------------------------------------------------ the request file

    /**
     * Reads a request: a JSON object of numbers. An empty file is {@code {}}.
     *
     * @throws UserException naming the file and what is wrong with it
     */
    public static Map<String, Double> readRequest(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            return Map.of();
        }
        JsonNode n;
        try {
            n = Json.LINE.readTree(text);
        } catch (JsonProcessingException e) {
            throw new UserException(file + ": not JSON (" + e.getOriginalMessage() + "); write an object such as "
                    + "{\"ub\": 1.2, \"beta\": 0.05}");
        }
        if (n == null || !n.isObject()) {
            throw new UserException(file + ": must be a JSON object such as {\"ub\": 1.2, \"beta\": 0.05}");
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isNull()) {
                continue; // null: not overridden
            }
            if (!e.getValue().isNumber()) {
                throw new UserException(file + ": " + e.getKey() + " must be a number (was " + e.getValue() + ")");
            }
            out.put(e.getKey(), e.getValue().doubleValue());
        }
        return out;
    }

    /** Writes a request in one piece (a reader never sees half of it). */
    public static void writeRequest(Path file, Map<String, Double> set) throws IOException {
        Map<String, Double> ordered = new LinkedHashMap<>();
        for (String k : KEYS) {
            if (set.containsKey(k)) {
                ordered.put(k, set.get(k));
            }
        }
        AtomicFiles.writeString(file, Json.LINE.writeValueAsString(ordered) + "\n");
    }

    // ------------------------------------------------------------------ the log

    /** Every readable line of the run's log, oldest first (a half-written last line is skipped). */
    public static List<Change> readLog(Path runDir) {
        Path f = new RunDirectory(runDir).steerLog();
        List<Change> out = new ArrayList<>();
        if (!Files.isRegularFile(f)) {
            return out;
        }
        try {
            for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    try {
                        out.add(Json.LINE.readValue(line, Change.class));
                    } catch (IOException e) {
                        // a line cut by a crash
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** The log's lines of one stage. */
    public static List<Change> readLog(Path runDir, String stage) {
        return readLog(runDir).stream().filter(c -> stage.equals(c.stage())).toList();
    }

    private static void writeLog(Path runDir, List<Change> lines) throws IOException {
        StringBuilder b = new StringBuilder();
        for (Change c : lines) {
            b.append(Json.LINE.writeValueAsString(c)).append('\n');
        }
        Path f = new RunDirectory(runDir).steerLog();
        if (lines.isEmpty()) {
            Files.deleteIfExists(f);
        } else {
            AtomicFiles.writeString(f, b.toString());
        }
    }

    private static void appendLog(Path runDir, Change c) throws IOException {
        List<Change> all = new ArrayList<>(readLog(runDir));
        all.add(c);
        writeLog(runDir, all);
    }

    /**
     * The overrides to ask for to undo the newest change of {@code stage}: the set before it (empty
     * when it was the first), or null when the stage has no change to undo.
     */
    public static Map<String, Double> undoTarget(Path runDir, String stage) {
        List<Change> log = readLog(runDir, stage);
        if (log.isEmpty()) {
            return null;
        }
        return log.size() == 1 ? Map.of() : log.get(log.size() - 2).set();
    }

    // ------------------------------------------------------------------ the stage's side

    /** What a poll found: a change to apply now (new or replayed), or a request refused; else nothing. */
    public record Poll(Change change, boolean replayed, String refused) {
        static final Poll NOTHING = new Poll(null, false, null);
    }

    /**
     * A stage's steering: the overrides in effect, the log lines still to replay, and the request file
     * it reads between steps.
     */
    public static final class Session {
        private final Path runDir;
        private final String stage;
        private final Path inbox;
        private final String source;
        private final List<Change> pending = new ArrayList<>();
        private Map<String, Double> current = Map.of();
        /** The newest set asked for, applied or replayed: a request equal to it is not a change. */
        private Map<String, Double> asked = Map.of();

        /** The request file as last read (modification time, size, file key): read again only when it changed. */
        private List<Object> seen;

        private Session(Path runDir, String stage, Path inbox, String source) {
            this.runDir = runDir;
            this.stage = stage;
            this.inbox = inbox;
            this.source = source;
        }

        /** The overrides in effect now (empty: the run's settings and schedules). */
        public Map<String, Double> current() {
            return current;
        }

        /** The request file this stage reads. */
        public Path inbox() {
            return inbox;
        }

        /**
         * Called between steps, with the steps done so far: a change whose step has come (replayed
         * from the log), else a new request found in the file (validated by {@code check}, which
         * returns the problems with a set given the window in use; a refused request is reported once).
         */
        public Poll poll(long step, int epoch, java.util.function.Function<Map<String, Double>, List<String>> check)
                throws IOException {
            if (!pending.isEmpty() && pending.get(0).step() <= step) {
                Change c = pending.remove(0);
                current = c.set();
                return new Poll(c, true, null);
            }
            Map<String, Double> req;
            try {
                req = readIfChanged();
            } catch (UserException e) {
                return new Poll(null, false, e.getMessage());
            }
            if (req == null || req.equals(asked)) {
                return Poll.NOTHING;
            }
            asked = req;
            if (req.equals(current)) {
                return Poll.NOTHING; // e.g. a corrected file that asks for what is applied already
            }
            List<String> p = new ArrayList<>(problems(req));
            if (p.isEmpty()) {
                p.addAll(check.apply(req));
            }
            if (!p.isEmpty()) {
                return new Poll(null, false, String.join("; ", p));
            }
            if (!pending.isEmpty()) {
                // another course than the first run: the changes it made later are not replayed
                List<Change> keep = new ArrayList<>(readLog(runDir));
                keep.removeIf(c -> stage.equals(c.stage()) && c.step() > step);
                writeLog(runDir, keep);
                pending.clear();
            }
            Change c = new Change(
                    stage, step, epoch, java.time.OffsetDateTime.now().toString(), req, source);
            appendLog(runDir, c);
            current = c.set();
            return new Poll(c, false, null);
        }

        /** The request, when the file changed since the last look; null when unchanged, absent or unreadable. */
        private Map<String, Double> readIfChanged() throws IOException {
            if (!Files.isRegularFile(inbox)) {
                seen = null;
                return null;
            }
            BasicFileAttributes a = Files.readAttributes(inbox, BasicFileAttributes.class);
            List<Object> now = Arrays.asList(a.lastModifiedTime(), a.size(), a.fileKey());
            if (now.equals(seen)) {
                return null;
            }
            seen = now;
            return readRequest(inbox);
        }

        /** The stage ended normally: the run's own request file is spent (a user's --steer file is left). */
        public void finish() throws IOException {
            if (inbox.equals(new RunDirectory(runDir).steerInbox())) {
                Files.deleteIfExists(inbox);
            }
        }
    }

    /**
     * Opens the steering of a stage. A fresh start drops the stage's old log lines and a stale request
     * in the run's own request file; a resume at {@code step} restores the overrides in effect there
     * and keeps the later lines for replay.
     *
     * @param inbox  the request file ({@code null}: the run's {@link #INBOX})
     * @param source who steers, for the log ("workbench", "steer file NAME")
     */
    public static Session open(Path runDir, String stage, Path inbox, String source, boolean resume, long step)
            throws IOException {
        RunDirectory d = new RunDirectory(runDir);
        Path in = inbox == null ? d.steerInbox() : inbox;
        Session s = new Session(runDir, stage, in, source);
        List<Change> mine = readLog(runDir, stage);
        if (!resume) {
            if (!mine.isEmpty()) {
                List<Change> keep = new ArrayList<>(readLog(runDir));
                keep.removeIf(c -> stage.equals(c.stage()));
                writeLog(runDir, keep);
            }
            if (inbox == null) {
                Files.deleteIfExists(in);
            }
            return s;
        }
        for (Change c : mine) {
            if (c.step() <= step) {
                s.current = c.set();
            } else {
                s.pending.add(c);
            }
        }
        if (!mine.isEmpty()) {
            s.asked = mine.get(mine.size() - 1).set();
        }
        return s;
    }

    /** The values of a change for its metrics event: each override as {@code steer_KEY}. */
    public static Map<String, Double> eventValues(Map<String, Double> set) {
        Map<String, Double> v = new LinkedHashMap<>();
        for (String k : KEYS) {
            if (set.containsKey(k)) {
                v.put(VALUE_PREFIX + k, set.get(k));
            }
        }
        return v;
    }

    /** The overrides recorded in a metrics event (its {@code steer_} values), or null if it is no steering event. */
    public static Map<String, Double> ofEvent(MetricRecord r) {
        if (!MetricRecord.EVENT.equals(r.kind())
                || r.message() == null
                || !r.message().startsWith(EVENT_PREFIX)) {
            return null;
        }
        Map<String, Double> set = new LinkedHashMap<>();
        for (Map.Entry<String, Double> e : r.values().entrySet()) {
            if (e.getKey().startsWith(VALUE_PREFIX)) {
                set.put(e.getKey().substring(VALUE_PREFIX.length()), e.getValue());
            }
        }
        return set;
    }

    /** How the event about a request a stage cannot apply starts. */
    public static final String REFUSED_PREFIX = "steering refused";

    /** How a steering event's message starts. */
    public static final String EVENT_PREFIX = "steered";

    /** The message of a change's event. */
    public static String eventMessage(Change c, boolean replayed) {
        return EVENT_PREFIX + " before step " + (c.step() + 1) + ": " + describe(c.set()) + " (" + c.source()
                + (replayed ? ", replayed on resume" : "") + ")";
    }

    /** Reads a request into the ordered map a form shows (a missing file: no overrides). */
    public static Map<String, Double> readRequestOrEmpty(Path file) {
        try {
            return Files.isRegularFile(file) ? readRequest(file) : Map.of();
        } catch (IOException | UserException e) {
            return Map.of();
        }
    }
}
