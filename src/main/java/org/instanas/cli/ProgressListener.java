// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.cli;

import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.instanas.engine.NativeStderr;
import org.instanas.engine.StageListener;
import org.instanas.run.Metric;
import org.instanas.run.MetricRecord;

/**
 * A stage's progress on stderr: a redrawn bar with ETA and the live reward / accuracy / latency on a
 * terminal; on a file or pipe (a cluster job, {@code nohup}, CI) one plain line every few seconds with
 * step, rate and ETA, as tqdm does, so a log is not one line of hundreds of redraws.
 */
final class ProgressListener implements StageListener {
    /** How progress is shown: {@code auto} is {@code bar} on a terminal and {@code lines} elsewhere. */
    enum Mode {
        AUTO,
        BAR,
        LINES,
        NONE;

        static Mode parse(String s) {
            try {
                return valueOf(s.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new org.instanas.run.UserException("--progress " + s + ": expected auto, bar, lines or none");
            }
        }

        /** {@code auto} resolved against where the bar would be drawn (stderr). */
        Mode resolved() {
            return this != AUTO ? this : NativeStderr.isTerminal(NativeStderr.STDERR) ? BAR : LINES;
        }
    }

    private final Mode mode;
    private final long intervalMillis;
    private final PrintStream out;
    private ProgressBar bar;
    private String stage;
    private String extra = "";
    private long lastLine;
    private long lastStep;
    private long lastStepAt;
    private double stepsPerSecond;

    ProgressListener(Mode mode, double intervalSeconds, PrintStream out) {
        this.mode = mode.resolved();
        this.intervalMillis = Math.max(0, Math.round(intervalSeconds * 1000));
        this.out = out;
    }

    Mode mode() {
        return mode;
    }

    @Override
    public synchronized void onMetric(MetricRecord r) {
        if (r.kind().equals(MetricRecord.STEP)) {
            StringBuilder sb = new StringBuilder();
            if (r.has(Metric.REWARD)) {
                sb.append(String.format(Locale.ROOT, "R %.2f ", r.value(Metric.REWARD)));
            }
            if (r.has(Metric.ACCURACY)) {
                sb.append(String.format(Locale.ROOT, "acc %.1f%% ", 100 * r.value(Metric.ACCURACY)));
            }
            if (r.has(Metric.LATENCY)) {
                sb.append(String.format(Locale.ROOT, "lat %.2f ", r.value(Metric.LATENCY)));
            }
            if (r.has(Metric.LOSS)) {
                sb.append(String.format(Locale.ROOT, "loss %.3f", r.value(Metric.LOSS)));
            } else if (r.has(Metric.NET_LOSS)) {
                sb.append(String.format(Locale.ROOT, "net loss %.3f", r.value(Metric.NET_LOSS)));
            }
            extra = sb.toString().trim();
        }
    }

    @Override
    public synchronized void onProgress(String stage, long step, long total, double ips) {
        switch (mode) {
            case NONE -> {}
            case LINES -> line(stage, step, total, ips, System.currentTimeMillis());
            default -> bar(stage, step, total);
        }
    }

    /** One plain line at a stage's first step, then every interval, and at its last step. */
    void line(String stage, long step, long total, double ips, long now) {
        boolean first = !stage.equals(this.stage) || step < lastStep;
        if (first) {
            this.stage = stage;
            lastStep = step;
            lastStepAt = now;
            stepsPerSecond = 0;
            lastLine = 0;
        } else if (now > lastStepAt && step > lastStep) {
            double rate = (step - lastStep) * 1000.0 / (now - lastStepAt);
            stepsPerSecond = stepsPerSecond == 0 ? rate : 0.7 * stepsPerSecond + 0.3 * rate;
            lastStep = step;
            lastStepAt = now;
        }
        boolean last = total > 0 && step >= total;
        if (!first && !last && now - lastLine < intervalMillis) {
            return;
        }
        lastLine = now;
        StringBuilder sb = new StringBuilder(stage).append(" step ").append(step);
        if (total > 0) {
            sb.append('/').append(total);
            sb.append(String.format(Locale.ROOT, " (%.0f%%)", 100.0 * step / total));
        }
        sb.append(String.format(Locale.ROOT, "  %.0f img/s", ips));
        if (stepsPerSecond > 0 && total > step) {
            sb.append("  ETA ").append(duration((total - step) / stepsPerSecond));
        }
        if (!extra.isEmpty()) {
            sb.append("  ").append(extra);
        }
        out.println(sb);
        out.flush();
    }

    /** "42s", "3m05s", "2h07m". */
    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }

    private void bar(String stage, long step, long total) {
        if (bar == null || !stage.equals(this.stage)) {
            close();
            this.stage = stage;
            bar = new ProgressBarBuilder()
                    .setTaskName(stage)
                    .setInitialMax(total)
                    .setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(500)
                    .continuousUpdate()
                    .setConsumer(new ConsoleProgressBarConsumer(out, 110))
                    .build();
        }
        bar.maxHint(total);
        bar.stepTo(step);
        bar.setExtraMessage(extra);
    }

    @Override
    public synchronized void onMessage(String message) {
        if (bar != null) {
            out.print("\r");
        }
        out.println(message);
        out.flush();
    }

    synchronized void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
