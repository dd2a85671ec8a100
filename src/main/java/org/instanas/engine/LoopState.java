// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.engine;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a training stage stands, as a checkpoint stores it (its {@code state} in meta.json): the
 * epoch, the phase within it (the search alternates controller and meta-graph phases), the next
 * batch of that phase, the optimizers' step counts, and the reward window in use (NaN outside the
 * search and fine-tuning) with the level a following window may not fall below ({@code follow}: the
 * last controller step's mean sampled latency; NaN unless the window follows). A resumed stage
 * continues at exactly this position.
 */
record LoopState(
        int epoch, int phase, int stepInEpoch, long netSteps, long ctrlSteps, double lb, double ub, double follow) {
    static final LoopState START = new LoopState(0, 0, 0, 0, 0, Double.NaN, Double.NaN, Double.NaN);

    private static final String EPOCH = "epoch";
    private static final String PHASE = "phase";
    private static final String STEP_IN_EPOCH = "stepInEpoch";
    private static final String NET_STEPS = "netSteps";
    private static final String CTRL_STEPS = "ctrlSteps";
    /** What pretraining and fine-tuning checkpoints called {@link #NET_STEPS} before version 0.2. */
    private static final String OLD_NET_STEPS = "optSteps";

    private static final String LB = "lb";
    private static final String UB = "ub";
    private static final String FOLLOW = "ubFollow";

    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(EPOCH, epoch);
        m.put(PHASE, phase);
        m.put(STEP_IN_EPOCH, stepInEpoch);
        m.put(NET_STEPS, netSteps);
        m.put(CTRL_STEPS, ctrlSteps);
        if (Double.isFinite(lb) && Double.isFinite(ub)) {
            m.put(LB, lb);
            m.put(UB, ub);
        }
        if (Double.isFinite(follow)) {
            m.put(FOLLOW, follow);
        }
        return m;
    }

    static LoopState of(Map<String, Object> m) {
        return new LoopState(
                (int) number(m, EPOCH, 0),
                (int) number(m, PHASE, 0),
                (int) number(m, STEP_IN_EPOCH, 0),
                (long) number(m, NET_STEPS, number(m, OLD_NET_STEPS, 0)),
                (long) number(m, CTRL_STEPS, 0),
                number(m, LB, Double.NaN),
                number(m, UB, Double.NaN),
                number(m, FOLLOW, Double.NaN));
    }

    private static double number(Map<String, Object> m, String key, double absent) {
        return m != null && m.get(key) instanceof Number n ? n.doubleValue() : absent;
    }
}
