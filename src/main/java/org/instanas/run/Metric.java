// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.run;

import java.util.Set;

/**
 * The value keys of {@code metrics.jsonl}, defined once: the engine writes them, the panes, the
 * figures and the exports read them. Accuracies are fractions (0–1), latencies milliseconds (table
 * latency unless the key says measured).
 */
public final class Metric {
    private Metric() {}

    // every training step
    /** Cross-entropy of the meta-graph (pretrain, finetune) or the controller's REINFORCE loss (search phase 0). */
    public static final String LOSS = "loss";
    /** Training accuracy of the batch; in search phase 0 the greedy policies' accuracy; in evaluations the test accuracy. */
    public static final String ACCURACY = "accuracy";
    /** Learning rate of the step's optimizer. */
    public static final String LR = "lr";
    /** Training throughput. */
    public static final String IMAGES_PER_S = "images_per_s";

    // pretraining
    /** Option keep probability of the step (1 = every option on). */
    public static final String KEEP = "keep";
    /** Test accuracy of the MobileNetV2 path (option 0 in every cell). */
    public static final String MBV2_ACCURACY = "mbv2_accuracy";

    // search
    /** 0: controller step (REINFORCE); 1: meta-graph step on the sampled policies. */
    public static final String PHASE = "phase";
    /** Mean reward of the sampled policies. */
    public static final String REWARD = "reward";
    /** Mean reward of the greedy policies (the self-critical baseline). */
    public static final String REWARD_GREEDY = "reward_greedy";
    /** Mean advantage (sampled − greedy reward). */
    public static final String ADVANTAGE = "advantage";
    /** The entropy term of the controller loss. */
    public static final String ENTROPY = "entropy";
    /** Accuracy of the sampled policies. */
    public static final String ACCURACY_SAMPLED = "accuracy_sampled";
    /** Mean table latency of the greedy policies (ms); in evaluations of the evaluated architectures. */
    public static final String LATENCY = "latency";
    /** Mean table latency of the sampled policies (ms). */
    public static final String LATENCY_SAMPLED = "latency_sampled";
    /** Mean number of active options per image. */
    public static final String OPTIONS = "options";
    /** Number of distinct architectures among the greedy policies (batch, or test split in evaluations). */
    public static final String UNIQUE = "unique";
    /** The reward window's upper and lower bound (ms). */
    public static final String UB = "ub";
    /** Share of the sampled architectures whose table latency lies inside the reward window (LB, UB). */
    public static final String IN_WINDOW = "in_window";

    public static final String LB = "lb";
    /** The meta-graph step's loss, accuracy and learning rate (search phase 1, or with --batch-iter). */
    public static final String NET_LOSS = "net_loss";

    public static final String NET_ACCURACY = "net_accuracy";
    public static final String NET_LR = "net_lr";

    // evaluations (epoch records of search and finetune, and evaluate)
    public static final String LATENCY_STD = "latency_std";
    public static final String MEASURED_MS = "measured_ms";
    public static final String MBV2_LATENCY = "mbv2_latency";
    public static final String MBV2_MEASURED_MS = "mbv2_measured_ms";
    public static final String CONTROLLER_MS = "controller_ms";
    public static final String NETWORK_MS = "network_ms";

    /**
     * Marks an epoch record whose accuracies are of the validation split (1); absent: the test split
     * (a run without a validation split).
     */
    public static final String VALIDATION = "validation";
    /** In a checkpoint's summary: the validation accuracy early stopping and selection read. */
    public static final String VAL_ACCURACY = "val_accuracy";

    // events
    /** Marks the event of a stage stopped early (1): validation accuracy stopped improving. */
    public static final String STOPPED_EARLY = "stopped_early";
    /** Marks the event of a numerical fault that stopped a stage. */
    public static final String FAULT = "fault";

    /** Keys drawn as the latency band (the reward window), not as panels of their own. */
    public static final Set<String> WINDOW = Set.of(UB, LB);

    /** Older names of {@link #UNIQUE}: {@link MetricsFile#parse} reads them as {@link #UNIQUE}. */
    public static final Set<String> UNIQUE_OLD_NAMES = Set.of("unique_archs", "uniqueArchs");
}
