// SPDX-License-Identifier: GPL-3.0-or-later
/**
 * The stage-history pane: every stage run of the open run from {@code stages.jsonl} (origin,
 * settings that differed from run.json, device, kernel configuration, outcome).
 */
package org.instanas.ui.history;
