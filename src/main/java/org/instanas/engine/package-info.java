// SPDX-License-Identifier: GPL-3.0-or-later
/**
 * InstaNAS on DJL's PyTorch engine: the meta-graph ({@link org.instanas.engine.MetaGraph}), the
 * controller, the reward, the stage loops, checkpoints, latency profiling, the CPU kernel self-check
 * ({@link org.instanas.engine.KernelCheck}) and the benchmark. Its entry point for the front ends is
 * {@link org.instanas.engine.Pipeline}; every call runs on the one engine thread that owns DJL.
 *
 * <p>May import: {@code run}, {@code data}, DJL. Never JavaFX, {@code app}, {@code ui}, {@code cli}
 * or {@code figure}. Formulas and deviations from the original code: {@code docs/algorithm.md}.
 */
package org.instanas.engine;
