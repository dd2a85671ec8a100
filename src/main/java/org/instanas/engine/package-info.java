// SPDX-License-Identifier: GPL-3.0-or-later
/**
 * InstaNAS on DJL's PyTorch engine: the meta-graph ({@link org.instanas.engine.MetaGraph}), the
 * controller, the reward, the stages, checkpoints, latency profiling, the CPU kernel self-check
 * ({@link org.instanas.engine.KernelCheck}) and the benchmark. Its entry point for the front ends is
 * {@link org.instanas.engine.Pipeline}; every call runs on the one engine thread that owns DJL.
 *
 * <p>Reading order for the training code: {@link org.instanas.engine.StageLoop#train} is the one
 * loop (epochs, phases, resume, cancel, checkpoints); each stage is a {@link
 * org.instanas.engine.TrainingStage} that supplies its models and step body ({@code PretrainStage},
 * {@code SearchStage}, {@code FinetuneStage}); values that change over a stage are {@link
 * org.instanas.engine.Schedule}s; a checkpoint's position is a {@link org.instanas.engine.LoopState};
 * {@link org.instanas.engine.Steps} holds the single training and inference steps, {@link
 * org.instanas.engine.Pass} how a forward treats BatchNorm.
 *
 * <p>May import: {@code run}, {@code data}, DJL. Never JavaFX, {@code app}, {@code ui}, {@code cli}
 * or {@code figure}. Formulas and deviations from the original code: {@code docs/algorithm.md}.
 */
package org.instanas.engine;
