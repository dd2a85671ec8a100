// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The layout of a run folder (the contract between the engine and every front end):
 * <pre>
 * run.json              the run as created: preset, data, settings, versions
 * stages.jsonl          one line per stage start and end: the settings, command and machine it ran with
 * latency.json          latency lookup table
 * metrics.jsonl         one JSON object per step / epoch / event, appended
 * checkpoints/STAGE-EPOCH/   complete checkpoints (written as *.tmp, then renamed)
 * routing/CKPT.csv      per-image routing of an evaluated checkpoint, CKPT.json its summary
 * projections/          cached UMAP / t-SNE results
 * figures/              exports
 * steer.json            requests to steer a running search (the overrides wanted now)
 * steer.jsonl           the steering changes each search applied, replayed by --resume
 * </pre>
 */
public record RunDirectory(Path root) {
    public Path runJson() {
        return root.resolve("run.json");
    }

    /** The stage history ({@link StageRecord}). */
    public Path stages() {
        return root.resolve(StageRecord.FILE);
    }

    /** Requests to steer a running search ({@link Steering#INBOX}): the overrides wanted now. */
    public Path steerInbox() {
        return root.resolve(Steering.INBOX);
    }

    /** Every steering change a stage applied, for its exact replay on resume ({@link Steering#LOG}). */
    public Path steerLog() {
        return root.resolve(Steering.LOG);
    }

    public Path latencyJson() {
        return root.resolve("latency.json");
    }

    public Path metrics() {
        return root.resolve("metrics.jsonl");
    }

    public Path checkpoints() {
        return root.resolve("checkpoints");
    }

    public Path routing() {
        return root.resolve("routing");
    }

    public Path projections() {
        return root.resolve("projections");
    }

    public Path figures() {
        return root.resolve("figures");
    }

    public Path routingCsv(String checkpoint) {
        return routing().resolve(safeName(checkpoint) + ".csv");
    }

    public Path evalSummary(String checkpoint) {
        return routing().resolve(safeName(checkpoint) + ".json");
    }

    /** {@code routing/validation/}: the end-of-epoch evaluations on the validation split (summaries only). */
    public Path validation() {
        return routing().resolve("validation");
    }

    public Path validationSummary(String checkpoint) {
        return validation().resolve(safeName(checkpoint) + ".json");
    }

    /** Names of the checkpoints evaluated on the validation split, sorted by name. */
    public List<String> listValidations() {
        return summaryNames(validation(), n -> true);
    }

    public boolean exists() {
        return Files.isRegularFile(runJson());
    }

    /** Checkpoint names are ours ({@code stage-epoch}); anything else is refused, so no path escapes the run. */
    public static String safeName(String name) {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,100}") || name.contains("..")) {
            throw new IllegalArgumentException("not a valid checkpoint name: " + name);
        }
        return name;
    }

    public static String checkpointName(String stage, int epoch) {
        return stage + "-" + String.format("%04d", epoch);
    }

    /** Complete checkpoints (folders with a {@code meta.json}, no temporary suffix), oldest first. */
    public List<CheckpointInfo> listCheckpoints() {
        return listCheckpoints(problem -> {});
    }

    /**
     * {@link #listCheckpoints()}, telling {@code skipped} about each checkpoint that has a
     * {@code meta.json} but cannot be read (it is left out: the newest readable one is used).
     */
    public List<CheckpointInfo> listCheckpoints(Consumer<String> skipped) {
        List<CheckpointInfo> out = new ArrayList<>();
        if (!Files.isDirectory(checkpoints())) {
            return out;
        }
        try (Stream<Path> s = Files.list(checkpoints())) {
            for (Path p : (Iterable<Path>) s::iterator) {
                String n = p.getFileName().toString();
                if (n.endsWith(AtomicFiles.TMP_SUFFIX)
                        || n.startsWith(".")
                        || !Files.isRegularFile(p.resolve(CheckpointInfo.META))) {
                    continue;
                }
                try {
                    out.add(CheckpointInfo.read(p));
                } catch (RunFormatException e) {
                    skipped.accept("checkpoint " + n + " is unreadable and is skipped (" + e.getMessage() + ")");
                }
            }
        } catch (IOException e) {
            throw new RunFormatException(checkpoints(), "cannot be listed (" + e.getMessage() + ")", e);
        }
        out.sort(Comparator.comparingDouble(CheckpointInfo::time).thenComparing(CheckpointInfo::name));
        return out;
    }

    /** Names of evaluated checkpoints (those with a routing CSV and summary), oldest first. */
    public List<String> listEvaluations() {
        return summaryNames(routing(), n -> Files.isRegularFile(routing().resolve(n + ".csv")));
    }

    /** The names (without ".json") of the summaries in {@code folder} that {@code keep} accepts, sorted. */
    private static List<String> summaryNames(Path folder, java.util.function.Predicate<String> keep) {
        List<String> out = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return out;
        }
        try (Stream<Path> s = Files.list(folder)) {
            s.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".json") && !n.startsWith("."))
                    .map(n -> n.substring(0, n.length() - 5))
                    .filter(keep)
                    .sorted()
                    .forEach(out::add);
        } catch (IOException e) {
            throw new RunFormatException(folder, "cannot be listed (" + e.getMessage() + ")", e);
        }
        return out;
    }
}
