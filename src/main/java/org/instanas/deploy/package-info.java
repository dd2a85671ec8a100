// SPDX-License-Identifier: GPL-3.0-or-later
/**
 * The deployment runtime, beside the engine: a checkpoint as ONNX models ({@link
 * org.instanas.deploy.OnnxExport}, built on the ONNX protobuf classes) and run in ONNX Runtime ({@link
 * org.instanas.deploy.OrtModel}: one thread, batch 1, every graph optimisation), so the latency axis can
 * be that of what ships. Weights are read from checkpoint files as float arrays: nothing here needs
 * libtorch.
 *
 * <p>May import: {@code run}, {@code data}, the engine's public records ({@code Preset}, {@code
 * Params.readTensors}, {@code Preflight}), ONNX Runtime, protobuf. Never DJL, JavaFX, {@code app},
 * {@code ui}, {@code cli} or {@code figure}.
 */
package org.instanas.deploy;
