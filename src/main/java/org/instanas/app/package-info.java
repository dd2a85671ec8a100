// SPDX-License-Identifier: GPL-3.0-or-later
/**
 * Services the two front ends share: the engine thread and its jobs ({@code EngineExecutor},
 * {@code JobHandle}), run sessions ({@link org.instanas.app.RunService}, {@link org.instanas.app.RunWatcher},
 * {@link org.instanas.app.RunState}), recent runs and application paths.
 *
 * <p>May import: {@code engine}, {@code run}, {@code data}, {@code analysis}, {@code figure}. Never
 * JavaFX, {@code ui} or {@code cli}, so the CLI runs without a display and the services are tested
 * without one.
 */
package org.instanas.app;
