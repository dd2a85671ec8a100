// SPDX-License-Identifier: GPL-3.0-or-later
/**
 * InstaNAS Workbench: run, watch and explain an instance-aware neural architecture search.
 *
 * <p>Layers, arrows pointing down only (enforced by {@code LayerTest}):
 * <pre>
 *   ui, cli          front ends: JavaFX panes; picocli commands
 *   app              services both front ends share: the engine thread, run sessions, export
 *   engine           InstaNAS on DJL: meta-graph, controller, reward, stage loops, checkpoints
 *   figure           Java2D figures (JFreeChart), drawn the same on screen and in exports
 *   analysis         difficulty, projections (Smile), statistics: no DJL, no JavaFX
 *   data             dataset readers and augmentation
 *   run              the run-directory format and the shared vocabulary: plain Java
 * </pre>
 * A newcomer reads {@code README.md}, then {@code docs/algorithm.md} (what is computed and how it
 * differs from the original code), then {@link org.instanas.run} (what a run directory holds) and
 * {@link org.instanas.engine.Pipeline} (the stages as functions).
 */
package org.instanas;
