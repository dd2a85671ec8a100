// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.engine;

import java.util.LinkedHashMap;
import java.util.Map;

/** The values of one metrics record, by {@link org.instanas.run.Metric} key, in the order they are put. */
final class MetricValues {
    private final Map<String, Double> values = new LinkedHashMap<>();

    MetricValues put(String metric, double value) {
        values.put(metric, value);
        return this;
    }

    /** The values (a mutable map: the loop adds the step's throughput). */
    Map<String, Double> map() {
        return values;
    }
}
