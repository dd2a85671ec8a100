// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.steer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.instanas.app.MetricsBuffer;
import org.instanas.app.RunState;
import org.instanas.run.Metric;
import org.instanas.run.MetricRecord;
import org.instanas.run.RunConfig;
import org.instanas.run.RunDirectory;
import org.instanas.run.StageRecord;
import org.instanas.run.Steering;

/**
 * Steering the open run's search while it runs ({@link Steering}): one field per setting (empty: the
 * run's setting or schedule), the value in use beside it, checks as the new-run form's plus UB above
 * LB, and Apply / Undo / Clear, which write the run's request file off the FX thread. The search
 * applies the request before its next step and records it; the pane then shows it as applied.
 */
public final class SteerViewModel {
    private static final String STAGE = "search";
    private static final long LIVE_MS = 30_000;

    private final Executor io;
    private final Map<String, StringProperty> fields = new LinkedHashMap<>();
    private final Map<String, ReadOnlyStringWrapper> inUse = new LinkedHashMap<>();
    private final ReadOnlyBooleanWrapper available = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper canApply = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper canUndo = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper problems = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");

    private Path runDir;
    private MetricsBuffer.Snapshot seen;
    private int scanned;
    private MetricRecord lastStep;
    private MetricRecord lastChange;
    private Map<String, Double> applied = Map.of();
    private Map<String, Double> asked;
    /** Whether the newest request is waiting for the search to apply or refuse it. */
    private boolean waiting;
    /** The newest steering change and event when the request was made: what came after answers it. */
    private MetricRecord changeAtAsk;

    private MetricRecord eventAtAsk;

    private RunConfig config = new RunConfig();
    private long seenStagesVersion = -1;
    private boolean filling;

    public SteerViewModel(Executor io) {
        this.io = io;
        for (String k : Steering.KEYS) {
            StringProperty p = new SimpleStringProperty("");
            p.addListener((o, a, b) -> {
                if (!filling) {
                    validate();
                }
            });
            fields.put(k, p);
            inUse.put(k, new ReadOnlyStringWrapper(""));
        }
    }

    /** The text of a setting's field ({@link Steering#KEYS}); empty: not overridden. */
    public StringProperty field(String key) {
        return fields.get(key);
    }

    /** The value the search uses now for a setting, and where it comes from. */
    public ReadOnlyStringProperty inUse(String key) {
        return inUse.get(key).getReadOnlyProperty();
    }

    /** A search of the open run is running (here or in another process writing the run). */
    public ReadOnlyBooleanProperty availableProperty() {
        return available.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canApplyProperty() {
        return canApply.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canUndoProperty() {
        return canUndo.getReadOnlyProperty();
    }

    /** What is wrong with the fields, one problem per line; empty when they can be applied. */
    public ReadOnlyStringProperty problemsProperty() {
        return problems.getReadOnlyProperty();
    }

    /** The newest request and whether the search applied it. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** The overrides in effect per the run's newest steering event. */
    public Map<String, Double> applied() {
        return applied;
    }

    /**
     * Takes the open run's state (FX thread, from the window's timer). Reads only records appended since
     * the last call. (The shipped demo is never live: stages on it run on a copy.)
     */
    public void update(RunState s, MetricsBuffer.Snapshot m) {
        Path dir = s == null ? null : s.dir().root();
        if (dir == null || !dir.equals(runDir) || m == null || seen == null || m.size() < scanned) {
            reset(dir);
        }
        if (s == null || m == null) {
            available.set(false);
            return;
        }
        if (s.stagesVersion() != seenStagesVersion) {
            seenStagesVersion = s.stagesVersion();
            config = configOf(s);
        }
        List<MetricRecord> r = m.records();
        for (int i = scanned; i < r.size(); i++) {
            if (MetricRecord.STEP.equals(r.get(i).kind())) {
                lastStep = r.get(i);
            }
        }
        scanned = r.size();
        MetricRecord change =
                m.steering().isEmpty() ? null : m.steering().get(m.steering().size() - 1);
        if (change != lastChange) {
            lastChange = change;
            Map<String, Double> now = change == null ? Map.of() : Steering.ofEvent(change);
            Map<String, Double> f = parse(new ArrayList<>());
            boolean untouched = f.equals(applied) || f.equals(asked);
            applied = now;
            if (change != null) {
                status.set("Applied before step " + (change.step() + 1) + ": " + Steering.describe(now) + ".");
            }
            if (untouched) {
                fill(now); // the user's unsent edits stay
            }
        }
        if (waiting) {
            if (lastChange != changeAtAsk) {
                waiting = false; // applied (reported above)
            } else {
                for (int i = m.events().size() - 1; i >= 0; i--) {
                    MetricRecord e = m.events().get(i);
                    if (e == eventAtAsk) {
                        break;
                    }
                    String msg = e.message();
                    if (msg != null && msg.startsWith(Steering.REFUSED_PREFIX)) {
                        int k = msg.indexOf("): ");
                        status.set("The search refused the request: "
                                + (k >= 0 ? msg.substring(k + 3) : msg.substring(Steering.REFUSED_PREFIX.length())));
                        waiting = false;
                        break;
                    }
                }
            }
        }
        seen = m;
        boolean live = lastStep != null && STAGE.equals(lastStep.stage()) && s.isLive(LIVE_MS);
        available.set(live);
        canUndo.set(live && lastChange != null);
        showInUse();
        validate();
    }

    private void reset(Path dir) {
        runDir = dir;
        scanned = 0;
        seen = null;
        lastStep = null;
        lastChange = null;
        applied = Map.of();
        asked = null;
        waiting = false;
        seenStagesVersion = -1;
        status.set("");
        fill(Map.of());
    }

    /** What the search started with: its newest start record, else the run's settings. */
    private static RunConfig configOf(RunState s) {
        StageRecord start = null;
        for (StageRecord r : s.stages()) {
            if (r.isStart() && STAGE.equals(r.stage())) {
                start = r;
            }
        }
        if (start != null && start.config() != null) {
            return RunConfig.fromMap(start.config());
        }
        return s.info() == null ? new RunConfig() : RunConfig.fromMap(s.info().config());
    }

    private void showInUse() {
        for (String k : Steering.KEYS) {
            Double over = applied.get(k);
            String text;
            if (over != null) {
                text = Steering.number(over) + unit(k) + " (steered)";
            } else {
                double v = scheduled(k);
                String from = switch (k) {
                    case Steering.UB -> "schedule";
                    case Steering.LB -> "cheapest";
                    case Steering.LR -> "schedule";
                    default -> "setting";
                };
                text = Double.isFinite(v) ? Steering.number(v) + unit(k) + " (" + from + ")" : "";
            }
            inUse.get(k).set(text);
        }
    }

    private static String unit(String k) {
        return switch (k) {
            case Steering.UB, Steering.LB -> " ms";
            case Steering.UB_END -> " × MBv2";
            default -> "";
        };
    }

    /** The value without steering: the newest step's for what is scheduled, else the stage's setting. */
    private double scheduled(String k) {
        double step = switch (k) {
            case Steering.UB -> value(Metric.UB);
            case Steering.LB -> value(Metric.LB);
            case Steering.LR -> value(Metric.LR);
            case Steering.NET_LR -> value(Metric.NET_LR);
            default -> Double.NaN;
        };
        if (Double.isFinite(step)) {
            return step;
        }
        return switch (k) {
            case Steering.UB_END -> config.ubEndFraction;
            case Steering.POS_W -> config.posW;
            case Steering.NEG_W -> config.negW;
            case Steering.BETA -> config.beta;
            case Steering.ALPHA -> config.alpha;
            case Steering.LR -> config.lr;
            case Steering.NET_LR -> config.netLr > 0 ? config.netLr : config.lr;
            default -> Double.NaN;
        };
    }

    private double value(String key) {
        return lastStep == null ? Double.NaN : lastStep.value(key);
    }

    private void fill(Map<String, Double> set) {
        filling = true;
        try {
            for (String k : Steering.KEYS) {
                Double v = set.get(k);
                fields.get(k).set(v == null ? "" : Steering.number(v));
            }
        } finally {
            filling = false;
        }
        validate();
    }

    /** The fields as a set of overrides; what cannot be read is added to {@code bad}. */
    private Map<String, Double> parse(List<String> bad) {
        Map<String, Double> set = new LinkedHashMap<>();
        for (String k : Steering.KEYS) {
            String t = fields.get(k).get() == null ? "" : fields.get(k).get().strip();
            if (t.isEmpty()) {
                continue;
            }
            try {
                set.put(k, Double.parseDouble(t));
            } catch (NumberFormatException e) {
                bad.add(Steering.label(k) + ": not a number (" + t + ")");
            }
        }
        return set;
    }

    /** The problems of the fields: numbers, ranges, and UB above LB with the window in use. */
    List<String> check() {
        List<String> p = new ArrayList<>();
        Map<String, Double> set = parse(p);
        p.addAll(Steering.problems(set));
        double lb = set.containsKey(Steering.LB) ? set.get(Steering.LB) : value(Metric.LB);
        double ub = set.containsKey(Steering.UB) ? set.get(Steering.UB) : value(Metric.UB);
        if (!set.containsKey(Steering.UB) && set.containsKey(Steering.LB) && Double.isFinite(ub) && !(ub > lb)) {
            p.add(String.format(
                    Locale.ROOT,
                    "LB %s ms must be below the UB in use (%s ms)",
                    Steering.number(lb),
                    Steering.number(ub)));
        }
        if (set.containsKey(Steering.UB) && !set.containsKey(Steering.LB) && Double.isFinite(lb) && !(ub > lb)) {
            p.add(String.format(
                    Locale.ROOT,
                    "UB %s ms must be above the LB in use (%s ms)",
                    Steering.number(ub),
                    Steering.number(lb)));
        }
        return p;
    }

    private void validate() {
        List<String> p = check();
        problems.set(String.join("\n", p));
        List<String> ignored = new ArrayList<>();
        Map<String, Double> set = parse(ignored);
        canApply.set(available.get() && p.isEmpty() && !set.equals(applied));
    }

    /** Asks the search for the fields' overrides (written off the FX thread). */
    public void apply() {
        List<String> p = check();
        if (!p.isEmpty() || runDir == null) {
            return;
        }
        Map<String, Double> set = parse(new ArrayList<>());
        request(set, "Asked for " + Steering.describe(set) + "; the search applies it before its next step.");
    }

    /** Asks for the overrides before the newest change (none before the first). */
    public void undo() {
        Path dir = runDir;
        if (dir == null) {
            return;
        }
        io.execute(() -> {
            Map<String, Double> before = Steering.undoTarget(dir, STAGE);
            Platform.runLater(() -> {
                if (before == null || !dir.equals(runDir)) {
                    return;
                }
                fill(before);
                request(before, "Undo: asked for " + Steering.describe(before) + ".");
            });
        });
    }

    /** Asks for no overrides: every setting follows the run's settings and schedules again. */
    public void clear() {
        fill(Map.of());
        request(Map.of(), "Asked to lift every override.");
    }

    private void request(Map<String, Double> set, String message) {
        Path inbox = new RunDirectory(runDir).steerInbox();
        asked = set;
        waiting = true;
        changeAtAsk = lastChange;
        List<MetricRecord> events = seen == null ? List.of() : seen.events();
        eventAtAsk = events.isEmpty() ? null : events.get(events.size() - 1);
        status.set(message);
        canApply.set(false);
        Consumer<String> fail = m -> Platform.runLater(() -> status.set("Could not write " + inbox + ": " + m));
        io.execute(() -> {
            try {
                Steering.writeRequest(inbox, set);
            } catch (IOException e) {
                fail.accept(e.getMessage());
            }
        });
    }

    /** The newest request made here, or null. */
    Map<String, Double> asked() {
        return asked;
    }
}
