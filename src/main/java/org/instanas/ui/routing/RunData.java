// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.routing;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.IntFunction;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.image.Image;
import org.instanas.analysis.Difficulty;
import org.instanas.analysis.Evaluations;
import org.instanas.app.export.RunImages;
import org.instanas.figure.Draw;
import org.instanas.run.EvalSummary;
import org.instanas.run.LatencyTable;
import org.instanas.run.RoutingCsv;
import org.instanas.run.RunDirectory;
import org.instanas.run.RunSnapshot;

/**
 * A run as the routing panes see it: its snapshot, its test images and class names, its evaluations
 * (newest first) and their routing tables, each read once (off the FX thread) and shared by all panes.
 */
public final class RunData {
    private static final int FX_THUMBS = 4096;

    private final RunSnapshot snapshot;
    private final RunImages images;
    private final List<EvalSummary> evaluations;
    private final Map<String, CompletableFuture<Evaluation>> cache;
    private final Map<Integer, Image> fxThumbs = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Integer, Image> e) {
            return size() > FX_THUMBS;
        }
    });

    private RunData(RunSnapshot snapshot, RunImages images, Map<String, CompletableFuture<Evaluation>> cache) {
        this.snapshot = snapshot;
        this.images = images == null ? RunImages.NONE : images;
        List<EvalSummary> evals = new ArrayList<>(Evaluations.chronological(snapshot.evaluations()));
        Collections.reverse(evals);
        this.evaluations = List.copyOf(evals);
        this.cache = cache;
    }

    public static RunData of(RunSnapshot snapshot, RunImages images) {
        return new RunData(snapshot, images, new ConcurrentHashMap<>());
    }

    /** The same run read again: routing tables of unchanged evaluations are not read twice. */
    RunData next(RunSnapshot s, RunImages imgs) {
        Map<String, CompletableFuture<Evaluation>> keep = new ConcurrentHashMap<>();
        RunData d = new RunData(s, imgs, keep);
        for (EvalSummary e : d.evaluations) {
            EvalSummary old = summary(e.checkpoint());
            CompletableFuture<Evaluation> f = cache.get(e.checkpoint());
            if (f != null
                    && !f.isCompletedExceptionally()
                    && old != null
                    && evalKey(old).equals(evalKey(e))
                    && imgs == images) {
                keep.put(e.checkpoint(), f);
            }
        }
        return d;
    }

    /** Changes when anything the panes show changes (evaluations, the latency table, the folder). */
    String key() {
        StringBuilder sb = new StringBuilder(snapshot.dir().root().toString());
        sb.append('|')
                .append(snapshot.latency() == null ? "-" : snapshot.latency().date());
        for (EvalSummary e : evaluations) {
            sb.append('|').append(evalKey(e));
        }
        return sb.toString();
    }

    private static String evalKey(EvalSummary e) {
        return e.checkpoint() + "@" + e.time() + "#" + e.images();
    }

    // Properties

    public RunSnapshot snapshot() {
        return snapshot;
    }

    public RunDirectory dir() {
        return snapshot.dir();
    }

    public String runName() {
        return snapshot.info().name() != null
                ? snapshot.info().name()
                : dir().root().getFileName().toString();
    }

    public LatencyTable latency() {
        return snapshot.latency();
    }

    /** Newest first. */
    public List<EvalSummary> evaluations() {
        return evaluations;
    }

    public EvalSummary summary(String checkpoint) {
        for (EvalSummary e : evaluations) {
            if (e.checkpoint().equals(checkpoint)) {
                return e;
            }
        }
        return null;
    }

    /** "search-0004 · accuracy 91.2 % · 1.23 ms (−22 % vs MobileNetV2)". */
    public String describe(String checkpoint) {
        EvalSummary e = summary(checkpoint);
        if (e == null) {
            return checkpoint;
        }
        String s = String.format(
                Locale.ROOT, "%s · accuracy %.1f %% · %.3f ms", checkpoint, 100 * e.accuracy(), e.latencyMeanMs());
        if (e.mbv2LatencyMs() > 0) {
            s += " (" + Draw.signedPercent(e.latencyChange()) + " vs MobileNetV2)";
        }
        return s;
    }

    public List<String> classNames() {
        return images.classNames();
    }

    public String className(int label) {
        return Difficulty.className(images.classNames(), label);
    }

    public boolean hasImages() {
        return images.thumbnails() != null;
    }

    /** Why there are no images, or null. */
    public String imageWarning() {
        return images.warning();
    }

    /** Test image → picture; a numbered grey tile when the dataset is unavailable. Never null. */
    public IntFunction<BufferedImage> thumbnails() {
        return this::thumbnail;
    }

    public BufferedImage thumbnail(int index) {
        BufferedImage im = null;
        if (images.thumbnails() != null) {
            try {
                im = images.thumbnails().apply(index);
            } catch (RuntimeException e) {
                im = null;
            }
        }
        return im != null ? im : placeholder(index);
    }

    /** The thumbnail as a JavaFX image (cached; the most recently used few thousand are kept). */
    public Image fxThumbnail(int index) {
        Image im = fxThumbs.get(index);
        if (im == null) {
            im = SwingFXUtils.toFXImage(thumbnail(index), null);
            fxThumbs.put(index, im);
        }
        return im;
    }

    static BufferedImage placeholder(int index) {
        BufferedImage im = new BufferedImage(48, 48, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = im.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(new Color(0xe4, 0xe6, 0xea));
        g.fillRect(0, 0, 48, 48);
        g.setColor(new Color(0x6a, 0x70, 0x78));
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        String t = "#" + index;
        int w = g.getFontMetrics().stringWidth(t);
        g.drawString(t, Math.max(1, (48 - w) / 2), 28);
        g.dispose();
        return im;
    }

    // Commands

    /** The evaluation with its routing rows, read on {@code background} the first time it is asked for. */
    public CompletableFuture<Evaluation> load(String checkpoint, Executor background) {
        return cache.computeIfAbsent(checkpoint, cp -> CompletableFuture.supplyAsync(() -> read(cp), background));
    }

    /** Reads the routing table now (on the calling thread). */
    public Evaluation read(String checkpoint) {
        EvalSummary e = summary(checkpoint);
        if (e == null) {
            throw new IllegalArgumentException("checkpoint " + checkpoint + " has no evaluation");
        }
        var file = dir().routingCsv(checkpoint);
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("routing/" + file.getFileName() + " is missing");
        }
        return new Evaluation(this, e, RoutingCsv.read(file));
    }
}
