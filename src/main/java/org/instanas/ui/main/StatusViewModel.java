// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.main;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.instanas.app.LiveProgress;
import org.instanas.app.MetricsBuffer;
import org.instanas.app.RunState;
import org.instanas.run.MetricRecord;
import org.instanas.run.RunInfo;

/**
 * The status bar: device, threads, stage, step, images/s and ETA. From the engine's progress reports
 * when the stage runs in this process, else from the newest metric records (a run started elsewhere).
 */
public final class StatusViewModel {
    private final ReadOnlyStringWrapper device = new ReadOnlyStringWrapper("—");
    private final ReadOnlyStringWrapper threads = new ReadOnlyStringWrapper("—");
    private final ReadOnlyStringWrapper stage = new ReadOnlyStringWrapper("—");
    private final ReadOnlyStringWrapper step = new ReadOnlyStringWrapper("—");
    private final ReadOnlyStringWrapper speed = new ReadOnlyStringWrapper("—");
    private final ReadOnlyStringWrapper eta = new ReadOnlyStringWrapper("—");
    private final ReadOnlyStringWrapper state = new ReadOnlyStringWrapper("no run");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");

    public ReadOnlyStringProperty deviceProperty() {
        return device.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty threadsProperty() {
        return threads.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty stageProperty() {
        return stage.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty stepProperty() {
        return step.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty speedProperty() {
        return speed.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty etaProperty() {
        return eta.getReadOnlyProperty();
    }

    /** live / finished / paused / running here / no run. */
    public ReadOnlyStringProperty stateProperty() {
        return state.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public void setMessage(String m) {
        message.set(m == null ? "" : m);
    }

    /**
     * @param run      the watched run's state, or null
     * @param metrics  its newest metrics snapshot, or null
     * @param local    progress of a stage running here on this run, or null
     * @param jobState "running", "paused" or null when nothing runs here on this run
     */
    public void update(RunState run, MetricsBuffer.Snapshot metrics, LiveProgress local, String jobState) {
        if (run == null) {
            set("—", "—", "—", "—", "—", "—");
            state.set(jobState == null ? "no run" : jobState);
            return;
        }
        RunInfo info = run.info();
        String dev = info == null ? "—" : info.device();
        String thr = info == null ? "—" : info.threads() <= 0 ? "default" : Integer.toString(info.threads());
        MetricRecord last = metrics == null ? null : metrics.last();
        if (local != null) {
            set(
                    dev,
                    thr,
                    local.stage(),
                    local.totalSteps() > 0 ? local.step() + " / " + local.totalSteps() : Long.toString(local.step()),
                    Double.isFinite(local.imagesPerSecond())
                            ? String.format(Locale.ROOT, "%.0f", local.imagesPerSecond())
                            : "—",
                    duration(local.etaSeconds()));
        } else if (last != null) {
            set(
                    dev,
                    thr,
                    last.stage(),
                    "epoch " + last.epoch() + " · step " + last.step(),
                    speedOf(metrics),
                    duration(etaFromMetrics(info, metrics, last)));
        } else {
            set(dev, thr, "—", "—", "—", "—");
        }
        if (jobState != null) {
            state.set(jobState);
        } else if (!run.loaded()) {
            state.set("reading…");
        } else {
            state.set(run.isLive(15_000) ? "live" : last == null ? "empty" : "finished");
        }
    }

    private void set(String d, String t, String s, String st, String sp, String e) {
        device.set(d);
        threads.set(t);
        stage.set(s);
        step.set(st);
        speed.set(sp);
        eta.set(e);
    }

    /** Throughput of the newest step record that reports one. */
    private static String speedOf(MetricsBuffer.Snapshot m) {
        List<MetricRecord> rs = m.records();
        for (int i = rs.size() - 1; i >= Math.max(0, rs.size() - 20); i--) {
            String s = speedOf(rs.get(i));
            if (!s.equals("—")) {
                return s;
            }
        }
        return "—";
    }

    private static String speedOf(MetricRecord r) {
        for (Map.Entry<String, Double> e : r.values().entrySet()) {
            String k = e.getKey().toLowerCase(Locale.ROOT);
            if ((k.contains("images_per") || k.equals("ips") || k.contains("throughput"))
                    && Double.isFinite(e.getValue())) {
                return String.format(Locale.ROOT, "%.0f", e.getValue());
            }
        }
        return "—";
    }

    /** Remaining time of the current stage from its epochs in run.json and the recent pace; NaN if unknown. */
    static double etaFromMetrics(RunInfo info, MetricsBuffer.Snapshot m, MetricRecord last) {
        if (info == null || info.config() == null || !MetricRecord.STEP.equals(last.kind())) {
            return Double.NaN;
        }
        Object epochs = info.config().get(last.stage() + "Epochs");
        if (!(epochs instanceof Number n) || last.epoch() < 1) {
            return Double.NaN;
        }
        List<MetricRecord> r = m.records();
        // pace over the last 50 step records of this stage
        MetricRecord from = null;
        int seen = 0;
        for (int i = r.size() - 1; i >= 0 && seen < 50; i--) {
            MetricRecord x = r.get(i);
            if (x.stage().equals(last.stage()) && MetricRecord.STEP.equals(x.kind())) {
                from = x;
                seen++;
            }
        }
        if (from == null || last.time() <= from.time() || last.step() <= from.step()) {
            return Double.NaN;
        }
        double rate = (last.step() - from.step()) / (last.time() - from.time());
        // steps count from the stage's start: the first step of this epoch tells the steps per epoch
        long epochStart = last.step();
        for (int i = r.size() - 1; i >= 0; i--) {
            MetricRecord x = r.get(i);
            if (!x.stage().equals(last.stage()) || x.epoch() < last.epoch()) {
                break;
            }
            if (MetricRecord.STEP.equals(x.kind())) {
                epochStart = x.step();
            }
        }
        double perEpoch = (double) epochStart / last.epoch();
        double left = perEpoch * n.doubleValue() - last.step();
        return left >= 0 ? left / rate : Double.NaN;
    }

    static String duration(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "—";
        }
        long s = Math.round(seconds);
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%dh %02dm", s / 3600, (s % 3600) / 60);
        }
        return s >= 60 ? String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60) : s + " s";
    }
}
