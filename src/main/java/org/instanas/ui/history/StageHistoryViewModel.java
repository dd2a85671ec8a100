// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.history;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.instanas.app.RunState;
import org.instanas.run.StageRecord;
import org.instanas.run.Steering;

/**
 * The stage history pane: one row per stage run of the open run (from {@code stages.jsonl}), with
 * how it ended and what it ran with; the selected row's settings, command and machine in full.
 */
public final class StageHistoryViewModel {
    /**
     * One stage run: its start record and, when it ended, its end record.
     *
     * @param status completed, cancelled, failed, running (no end yet, the run is live) or killed
     *               (no end and the run is not live: the process died)
     * @param steering the steering changes applied while it ran, oldest first
     */
    public record Row(StageRecord start, StageRecord end, String status, List<StageRecord> steering) {
        public Row {
            steering = List.copyOf(steering);
        }

        Row(StageRecord start, StageRecord end, String status) {
            this(start, end, status, List.of());
        }

        Row ended(StageRecord end, String status) {
            return new Row(start, end, status, steering);
        }

        Row steered(StageRecord change) {
            List<StageRecord> l = new ArrayList<>(steering);
            l.add(change);
            return new Row(start, end, status, l);
        }

        /** "step 412: UB 1.2 ms, β 0.05" per steering change. */
        public List<String> steeringLines() {
            List<String> out = new ArrayList<>();
            for (StageRecord r : steering) {
                Map<String, Double> set = new LinkedHashMap<>();
                if (r.config() != null) {
                    r.config().forEach((k, v) -> {
                        if (v instanceof Number n) {
                            set.put(k, n.doubleValue());
                        }
                    });
                }
                out.add("step " + r.step() + ": " + Steering.describe(set));
            }
            return out;
        }

        public String stage() {
            return start.stage();
        }

        public String started() {
            return shortTime(start.at());
        }

        public String duration() {
            if (end == null) {
                return "";
            }
            try {
                Duration d = Duration.between(OffsetDateTime.parse(start.at()), OffsetDateTime.parse(end.at()));
                long s = d.getSeconds();
                return s >= 3600
                        ? String.format("%d h %02d min", s / 3600, s % 3600 / 60)
                        : s >= 60 ? String.format("%d min %02d s", s / 60, s % 60) : s + " s";
            } catch (DateTimeParseException | NullPointerException e) {
                return "";
            }
        }

        public String steps() {
            return end == null || end.step() == null ? "" : String.valueOf(end.step());
        }

        public String how() {
            String from = start.from() == null ? "" : " from " + start.from();
            return (Boolean.TRUE.equals(start.resume()) ? "resumed" : "new") + from;
        }

        /** Settings changed on a resume with --override ("pretrainLr 0.01 → 0.02") and steering while it ran. */
        public String changes() {
            List<String> parts = new ArrayList<>();
            if (start.overrides() != null) {
                start.overrides().forEach((k, v) -> parts.add(k + " " + v.get(0) + " → " + v.get(1)));
            }
            if (!steering.isEmpty()) {
                List<String> l = steeringLines();
                parts.add("steered " + steering.size() + "×, last " + l.get(l.size() - 1));
            }
            return String.join(", ", parts);
        }

        public String kernels() {
            String k = start.versions() == null ? null : start.versions().get("kernels");
            return k == null ? "" : k.split(" ", 2)[0];
        }

        /** Everything the start record says, for the detail view. */
        public String details() {
            StringBuilder sb = new StringBuilder();
            sb.append(stage()).append(", ").append(how()).append(", ").append(status);
            if (end != null && end.message() != null) {
                sb.append(": ").append(end.message());
            }
            sb.append("\n\ncommand   ").append(start.commandLine());
            sb.append("\nstarted   ").append(start.at()).append(end == null ? "" : "\nended     " + end.at());
            sb.append("\ndevice    ")
                    .append(start.device())
                    .append(", ")
                    .append(start.threads())
                    .append(Integer.valueOf(1).equals(start.threads()) ? " thread" : " threads");
            if (start.versions() != null) {
                start.versions().forEach((k, v) -> sb.append(String.format("%n%-9s %s", k, v)));
            }
            if (start.overrides() != null && !start.overrides().isEmpty()) {
                List<String> parts = new ArrayList<>();
                start.overrides().forEach((k, v) -> parts.add(k + " " + v.get(0) + " → " + v.get(1)));
                sb.append("\n\nchanged on resume (--override): ").append(String.join(", ", parts));
            }
            if (!steering.isEmpty()) {
                sb.append("\n\nsteered while it ran (the overrides from that step on):");
                for (String l : steeringLines()) {
                    sb.append("\n  ").append(l);
                }
            }
            sb.append("\n\nsettings\n");
            if (start.config() != null) {
                new TreeMap<>(start.config()).forEach((k, v) -> sb.append(String.format("  %-18s %s%n", k, v)));
            }
            return sb.toString();
        }
    }

    private final ObservableList<Row> rows = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper placeholder = new ReadOnlyStringWrapper("No run open.");
    private long seenVersion = -1;
    private RunState seenState;
    private boolean seenLive;

    public ObservableList<Row> rows() {
        return rows;
    }

    public ReadOnlyStringProperty placeholderProperty() {
        return placeholder.getReadOnlyProperty();
    }

    /** Takes the run's current state (from the window's timer); rebuilds only when the history changed. */
    public void update(RunState s) {
        if (s == null) {
            rows.clear();
            placeholder.set("No run open.");
            seenState = null;
            seenVersion = -1;
            return;
        }
        boolean live = s.isLive(30_000);
        if (seenState != null
                && s.dir().equals(seenState.dir())
                && s.stagesVersion() == seenVersion
                && live == seenLive) {
            return;
        }
        seenState = s;
        seenVersion = s.stagesVersion();
        seenLive = live;
        rows.setAll(rowsOf(s.stages(), live));
        placeholder.set(
                s.loaded()
                        ? "No stage has run here yet (runs made before version 0.2 have no stages.jsonl)."
                        : "Reading the run…");
    }

    /** Pairs each start with the next end of the same stage; the newest start without an end is running if the run is live. */
    static List<Row> rowsOf(List<StageRecord> records, boolean live) {
        List<Row> out = new ArrayList<>();
        Map<String, Integer> open = new HashMap<>();
        for (StageRecord r : records) {
            if (r.isStart()) {
                Integer prev = open.put(r.stage(), out.size());
                if (prev != null) {
                    out.set(prev, out.get(prev).ended(null, "killed"));
                }
                out.add(new Row(r, null, "killed"));
            } else if (r.isSteer()) {
                Integer i = open.get(r.stage());
                if (i != null) {
                    out.set(i, out.get(i).steered(r));
                }
            } else if (r.isEnd()) {
                Integer i = open.remove(r.stage());
                if (i != null) {
                    out.set(i, out.get(i).ended(r, r.status()));
                }
            }
        }
        if (live && !open.isEmpty()) {
            int newest = open.values().stream().max(Integer::compare).orElseThrow();
            out.set(newest, out.get(newest).ended(null, "running"));
        }
        return out;
    }

    /** "2026-12-01T18:05:12Z" → "2026-12-01 18:05". */
    static String shortTime(String iso) {
        return iso != null && iso.length() >= 16 && iso.charAt(10) == 'T'
                ? iso.substring(0, 10) + " " + iso.substring(11, 16)
                : String.valueOf(iso);
    }
}
