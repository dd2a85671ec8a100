// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.latency;

import java.util.Locale;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.instanas.app.RunState;
import org.instanas.figure.Figure;
import org.instanas.figure.LatencyHeatmapFigure;
import org.instanas.run.LatencyTable;

/** The latency pane: the run's latency table as a heatmap and its summary numbers. */
public final class LatencyViewModel {
    private final ReadOnlyObjectWrapper<Figure> figure = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<LatencyTable> table = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper measuredOn = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper check = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper trustworthy = new ReadOnlyBooleanWrapper(true);
    private final ReadOnlyStringWrapper placeholder = new ReadOnlyStringWrapper("No run open.");
    private long seenVersion = -1;
    private RunState seenState;

    // Properties

    public ReadOnlyObjectProperty<Figure> figureProperty() {
        return figure.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<LatencyTable> tableProperty() {
        return table.getReadOnlyProperty();
    }

    /** MobileNetV2 path, min and max network latency. */
    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /** Device, threads, method and date of the measurement. */
    public ReadOnlyStringProperty measuredOnProperty() {
        return measuredOn.getReadOnlyProperty();
    }

    /** The table against the clock (see {@link LatencyTable.Check}), or a line saying it was not checked. */
    public ReadOnlyStringProperty checkProperty() {
        return check.getReadOnlyProperty();
    }

    /**
     * False when the check found the table hard to trust: its ranking far from the clock's (rank
     * correlation below 0.8), or profiling disturbed by other processes.
     */
    public ReadOnlyBooleanProperty trustworthyProperty() {
        return trustworthy.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty placeholderProperty() {
        return placeholder.getReadOnlyProperty();
    }

    // Commands

    /** Takes the run's current state (from the window's timer); rebuilds only when latency.json changed. */
    public void update(RunState s) {
        if (s == null) {
            if (seenState != null || seenVersion != -1) {
                clear("No run open.");
            }
            return;
        }
        if (s.dir().equals(seenState == null ? null : seenState.dir()) && s.latencyVersion() == seenVersion) {
            return;
        }
        seenState = s;
        seenVersion = s.latencyVersion();
        LatencyTable t = s.latency();
        if (t == null) {
            clear(
                    s.loaded()
                            ? "No latency table yet: the profile stage measures one (Start stage ▸ profile, or Re-profile)."
                            : "Reading the run…");
            return;
        }
        table.set(t);
        figure.set(new LatencyHeatmapFigure(t));
        summary.set(String.format(
                Locale.ROOT, "MobileNetV2 path %.2f ms · min %.2f ms · max %.2f ms", t.baseline(), t.min(), t.max()));
        measuredOn.set(String.format(
                Locale.ROOT,
                "%s · %d %s · %s%s",
                t.device() == null ? "?" : t.device(),
                t.threads(),
                t.threads() == 1 ? "thread" : "threads",
                t.method() == null ? "" : t.method(),
                t.date() == null ? "" : " · " + shortDate(t.date())));
        LatencyTable.Check c = t.check();
        check.set(
                c == null
                        ? "Not checked against the clock (a table measured before version 0.2, or imported)."
                        : c.describe());
        trustworthy.set(c == null
                || (c.spearman() >= 0.8 && (c.note() == null || c.note().isEmpty())));
    }

    /** "2026-11-27T19:01:17.578Z" → "2026-11-27 19:01". */
    static String shortDate(String iso) {
        return iso.length() >= 16 && iso.charAt(10) == 'T' ? iso.substring(0, 10) + " " + iso.substring(11, 16) : iso;
    }

    private void clear(String why) {
        seenState = null;
        seenVersion = -1;
        table.set(null);
        figure.set(null);
        summary.set("");
        measuredOn.set("");
        check.set("");
        trustworthy.set(true);
        placeholder.set(why);
    }
}
