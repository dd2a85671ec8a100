// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.main;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import javafx.animation.AnimationTimer;

/**
 * Measures the FX thread's responsiveness: the gaps between consecutive pulses (AnimationTimer
 * frames) since the last {@link #reset()}, and the longest piece of the workbench's own work on the
 * FX thread (its timer tick with any chart redraw), reported through {@link #work(long, long)}: its
 * wall-clock time, and the FX thread's CPU time, which a busy machine's preemption does not inflate.
 */
public final class PulseMonitor extends AnimationTimer {
    private long last;
    private long[] gaps = new long[4096];
    private int n;
    private volatile long maxWorkNanos;
    private volatile long maxWorkCpuNanos;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** The calling thread's CPU time in ns (wall-clock time where the JVM cannot measure it). */
    public static long threadCpuNanos() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }

    @Override
    public void handle(long now) {
        if (last != 0) {
            if (n == gaps.length) {
                gaps = Arrays.copyOf(gaps, n * 2);
            }
            gaps[n++] = now - last;
        }
        last = now;
    }

    /** Starts a new measurement (call on the FX thread). */
    public void reset() {
        last = 0;
        n = 0;
        maxWorkNanos = 0;
        maxWorkCpuNanos = 0;
    }

    /** Reports how long one piece of the workbench's work held the FX thread: wall-clock and CPU time. */
    public void work(long nanos, long cpuNanos) {
        maxWorkNanos = Math.max(maxWorkNanos, nanos);
        maxWorkCpuNanos = Math.max(maxWorkCpuNanos, cpuNanos);
    }

    public double maxGapMillis() {
        return percentileMillis(100);
    }

    /** The p-th percentile (0–100) of the gaps, in ms (call on the FX thread). */
    public double percentileMillis(double p) {
        if (n == 0) {
            return 0;
        }
        long[] s = Arrays.copyOf(gaps, n);
        Arrays.sort(s);
        int i = (int) Math.min(n - 1, Math.ceil(p / 100 * n) - 1);
        return s[Math.max(0, i)] / 1e6;
    }

    /** Gaps longer than {@code ms}. */
    public int gapsOver(double ms) {
        int c = 0;
        for (int i = 0; i < n; i++) {
            if (gaps[i] > ms * 1e6) {
                c++;
            }
        }
        return c;
    }

    public long frames() {
        return n;
    }

    public double maxWorkMillis() {
        return maxWorkNanos / 1e6;
    }

    /** The most CPU time one piece of the workbench's work took on the FX thread. */
    public double maxWorkCpuMillis() {
        return maxWorkCpuNanos / 1e6;
    }
}
