// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Map;
import org.instanas.run.Arch;
import org.junit.jupiter.api.Test;

/**
 * The c10 meta-graph's options have the sizes of the original's (conv weights and BatchNorm γ/β of
 * each option, computed from the original's definitions; docs/algorithm.md §2).
 */
class ParameterCountTest extends EngineTestBase {
    /** Per cell, options 0–4; cells 4–5, 7–9, 11–12 and 14–15 repeat their first row. */
    private static final long[][] C10 = {
        {11744, 5888, 14816, 7424, 6976},
        {5136, 2592, 6672, 3360, 8736},
        {8832, 4440, 11136, 5592, 10464},
        {10000, 5032, 12304, 6184, 16256},
        {14848, 7456, 17920, 8992, 18560},
        {14848, 7456, 17920, 8992, 18560},
        {21056, 10592, 24128, 12128, 55552},
        {54272, 27200, 60416, 30272, 73984},
        {54272, 27200, 60416, 30272, 73984},
        {54272, 27200, 60416, 30272, 73984},
        {66624, 33408, 72768, 36480, 138624},
        {118272, 59232, 127488, 63840, 166272},
        {118272, 59232, 127488, 63840, 166272},
        {155264, 77792, 164480, 82400, 369280},
        {320000, 160160, 335360, 167840, 461440},
        {320000, 160160, 335360, 167840, 461440},
        {473920, 237280, 489280, 244960, 1383680},
    };

    @Test
    void everyOptionOfTheC10MetaGraphHasTheOriginalsParameterCount() throws Exception {
        engine(() -> {
            try (NDManager m = NDManager.newBaseManager()) {
                MetaGraph net = new MetaGraph(m, Preset.load("c10"), 10, 1);
                Map<String, NDArray> all = net.params().trainableByName();
                for (int t = 0; t < Arch.CELLS; t++) {
                    for (int a = 0; a < Arch.OPTIONS; a++) {
                        String prefix = "cell" + t + ".op" + a + ".";
                        long n = all.entrySet().stream()
                                .filter(e -> e.getKey().startsWith(prefix))
                                .mapToLong(e -> e.getValue().size())
                                .sum();
                        assertEquals(C10[t][a], n, "cell " + t + " option " + a);
                    }
                }
            }
        });
    }
}
