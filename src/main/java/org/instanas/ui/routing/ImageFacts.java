// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.routing;

import java.util.Locale;
import org.instanas.analysis.Difficulty;
import org.instanas.figure.ArchitectureFigure;
import org.instanas.figure.Draw;
import org.instanas.run.Arch;
import org.instanas.run.RoutingRow;

/**
 * What the side panels say about one evaluated image: class, prediction, latency (absolute, against
 * its class mean and against the MobileNetV2 path), options, the controller's certainty.
 */
public record ImageFacts(
        int index,
        String className,
        String predictionName,
        boolean correct,
        double latencyMs,
        double relLatency,
        double vsBaseline,
        double measuredMs,
        int activeOptions,
        double entropyBits,
        int uncertain,
        String arch) {
    /** Probabilities in (LOW, HIGH) count as uncertain choices of the controller. */
    public static final double LOW = 0.2;

    public static final double HIGH = 0.8;

    public static ImageFacts of(Evaluation ev, RoutingRow r) {
        int unsure = 0;
        for (float p : r.probs()) {
            if (p > LOW && p < HIGH) {
                unsure++;
            }
        }
        double base = ev.baselineMs();
        return new ImageFacts(
                r.index(),
                ev.run().className(r.label()),
                ev.run().className(r.prediction()),
                r.correct(),
                r.latencyMs(),
                r.relLatency(),
                base > 0 ? r.latencyMs() / base - 1 : Double.NaN,
                r.measuredMs(),
                Arch.activeOptions(r.arch()),
                Difficulty.entropyBits(r.probs()),
                unsure,
                r.arch());
    }

    public static ArchitectureFigure figure(Evaluation ev, RoutingRow r) {
        return new ArchitectureFigure(
                r.arch(),
                ev.run().latency(),
                r.probs(),
                "test image #" + r.index() + " (" + ev.run().className(r.label()) + ")");
    }

    public String latencyText() {
        return String.format(Locale.ROOT, "%.3f ms", latencyMs);
    }

    public String measuredText() {
        return Double.isFinite(measuredMs) ? String.format(Locale.ROOT, "%.3f ms", measuredMs) : "not measured";
    }

    public String relText() {
        return Double.isFinite(relLatency) ? Draw.signedPercent(relLatency) : "";
    }

    public String vsBaselineText() {
        return Double.isFinite(vsBaseline) ? Draw.signedPercent(vsBaseline) : "";
    }

    public String optionsText() {
        return activeOptions + " of " + Arch.LENGTH;
    }

    public String certaintyText() {
        return String.format(
                Locale.ROOT,
                "entropy %.2f bits · %d of %d choices uncertain (%.1f < p < %.1f)",
                entropyBits,
                uncertain,
                Arch.LENGTH,
                LOW,
                HIGH);
    }

    /** The 85 bits as 17 groups of 5 (one per cell), "10000 01100 …". */
    public static String grouped(String arch) {
        StringBuilder sb = new StringBuilder(Arch.LENGTH + Arch.CELLS);
        for (int t = 0; t < Arch.CELLS; t++) {
            if (t > 0) {
                sb.append(t % 6 == 0 ? '\n' : ' ');
            }
            sb.append(arch, t * Arch.OPTIONS, (t + 1) * Arch.OPTIONS);
        }
        return sb.toString();
    }
}
