// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.run;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One line of {@code metrics.jsonl}.
 *
 * @param stage  pretrain, profile, search, finetune, evaluate
 * @param kind   {@code step} (one optimisation step), {@code epoch} (an epoch summary or a test
 *               evaluation) or {@code event} (a message: start, stop, fault)
 * @param epoch  epoch within the stage, from 0
 * @param step   step counted from the start of the stage; never repeats within (stage, kind)
 * @param time   wall-clock seconds since the Unix epoch
 * @param values numeric values (reward, accuracy, latency, ub, lb, ...), NaN allowed
 * @param message free text for events, else null
 */
public record MetricRecord(
        String stage, String kind, int epoch, long step, double time, Map<String, Double> values, String message) {
    public static final String STEP = "step";
    public static final String EPOCH = "epoch";
    public static final String EVENT = "event";

    public MetricRecord {
        values = values == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    public double value(String key) {
        Double v = values.get(key);
        return v == null ? Double.NaN : v;
    }

    public boolean has(String key) {
        return values.containsKey(key);
    }
}
