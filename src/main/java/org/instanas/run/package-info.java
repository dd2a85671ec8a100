// SPDX-License-Identifier: GPL-3.0-or-later
/**
 * The run directory, the contract between the engine and every front end, and the vocabulary all
 * layers share. Plain Java and Jackson only: no DJL, no JavaFX, nothing else of the project.
 *
 * <p>Glossary of the run types (the ones named {@code Run*} live in different layers):
 * <ul>
 *   <li>{@link org.instanas.run.RunDirectory}: the layout of one run folder (paths, checkpoint and evaluation lists).</li>
 *   <li>{@link org.instanas.run.RunInfo}: {@code run.json}, what the run is, as created.</li>
 *   <li>{@link org.instanas.run.RunConfig}: every setting by its CLI name (in run.json and each stage record).</li>
 *   <li>{@link org.instanas.run.StageRecord}: one line of {@code stages.jsonl}, what a stage ran with and how it ended.</li>
 *   <li>{@link org.instanas.run.RunSnapshot}: everything a front end shows of a run, read in one go.</li>
 *   <li>{@code app.RunState}: what a {@code app.RunWatcher} knows of a followed run at one moment.</li>
 *   <li>{@code app.RunWatcher}: follows a run directory, live or finished, on a background thread.</li>
 *   <li>{@code app.RunService}: starts, pauses, stops and resumes stages; the front ends' door to the engine.</li>
 *   <li>{@code engine.RunContext}: an open run inside the engine for the duration of one stage.</li>
 *   <li>{@code ui.routing.RunModel} / {@code RunData}: the open run as the routing panes read and share it.</li>
 * </ul>
 * Also here: {@link org.instanas.run.Stage} (stage ids), {@link org.instanas.run.Arch} (the 17 × 5
 * search space), {@link org.instanas.run.UserException} (an error whose message is for the user),
 * metric records and their files, latency tables, routing CSVs, safetensors.
 */
package org.instanas.run;
