// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.app;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.RandomAccess;
import org.instanas.run.MetricRecord;
import org.instanas.run.Steering;

/**
 * Thread-safe, append-only store of a run's metric records (step and epoch kinds; events apart).
 * Writers (the watcher's poll thread) append in batches; readers (a UI timer, a chart builder) take
 * {@link Snapshot}s in O(1): a snapshot holds the record array and a size, and appends only ever
 * write beyond that size (a full array is copied into a larger one), so a snapshot never changes.
 */
public final class MetricsBuffer {
    private static final int MAX_EVENTS = 1000;

    /**
     * Everything buffered at one moment.
     *
     * @param version   grows with every appended batch
     * @param records   step and epoch records, in file order (an immutable view)
     * @param stages    stages seen, in order of appearance
     * @param firstTime wall-clock time of the first record, NaN when empty
     * @param last      the newest step or epoch record, null when empty
     * @param events    the newest event records (start, stop, fault)
     * @param steering  every steering change of the run ({@link Steering#ofEvent}), in file order
     */
    public record Snapshot(
            long version,
            List<MetricRecord> records,
            List<String> stages,
            double firstTime,
            MetricRecord last,
            List<MetricRecord> events,
            List<MetricRecord> steering) {
        public static final Snapshot EMPTY =
                new Snapshot(0, List.of(), List.of(), Double.NaN, null, List.of(), List.of());

        public int size() {
            return records.size();
        }
    }

    private static final class Prefix extends AbstractList<MetricRecord> implements RandomAccess {
        private final MetricRecord[] a;
        private final int n;

        Prefix(MetricRecord[] a, int n) {
            this.a = a;
            this.n = n;
        }

        @Override
        public MetricRecord get(int i) {
            if (i < 0 || i >= n) {
                throw new IndexOutOfBoundsException(i);
            }
            return a[i];
        }

        @Override
        public int size() {
            return n;
        }
    }

    private MetricRecord[] records = new MetricRecord[256];
    private int size;
    private final List<String> stages = new ArrayList<>();
    private final List<MetricRecord> events = new ArrayList<>();
    private final List<MetricRecord> steering = new ArrayList<>();
    private long version;
    private double firstTime = Double.NaN;
    private MetricRecord last;

    public synchronized void append(MetricRecord r) {
        add(r);
        version++;
    }

    public synchronized void appendAll(Collection<MetricRecord> batch) {
        if (batch.isEmpty()) {
            return;
        }
        for (MetricRecord r : batch) {
            add(r);
        }
        version++;
    }

    /** Forgets everything (the file was truncated or replaced). */
    public synchronized void clear() {
        records = new MetricRecord[256];
        size = 0;
        stages.clear();
        events.clear();
        steering.clear();
        firstTime = Double.NaN;
        last = null;
        version++;
    }

    public synchronized long version() {
        return version;
    }

    public synchronized int size() {
        return size;
    }

    public synchronized Snapshot snapshot() {
        return new Snapshot(
                version,
                new Prefix(records, size),
                List.copyOf(stages),
                firstTime,
                last,
                List.copyOf(events),
                List.copyOf(steering));
    }

    private void add(MetricRecord r) {
        if (Double.isNaN(firstTime) && r.time() > 0) {
            firstTime = r.time();
        }
        if (!stages.contains(r.stage())) {
            stages.add(r.stage());
        }
        if (MetricRecord.EVENT.equals(r.kind())) {
            if (events.size() == MAX_EVENTS) {
                events.remove(0);
            }
            events.add(r);
            if (Steering.ofEvent(r) != null) {
                steering.add(r);
            }
            return;
        }
        if (size == records.length) {
            records = Arrays.copyOf(records, size * 2);
        }
        records[size++] = r;
        last = r;
    }
}
