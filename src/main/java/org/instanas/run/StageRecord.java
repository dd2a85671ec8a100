// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.run;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One line of {@code stages.jsonl}, the stage history of a run: what ran, from where, with which
 * settings, on which machine and libraries, and how it ended. A stage writes a {@code start} line
 * before its first step and an {@code end} line when it completes, is cancelled or fails; a start
 * without an end is a stage that was killed. {@code run.json} describes the run as it was created;
 * this file is the record of what each stage actually ran with.
 *
 * @param event       {@code start}, {@code end} or {@code steer} (a change applied while the search ran:
 *                    {@code config} holds the overrides from {@code step} on, {@code commandLine} who asked)
 * @param stage       pretrain, profile, search, finetune or evaluate
 * @param at          ISO-8601 time of the event
 * @param resume      (start) whether the stage continued from its own checkpoint
 * @param from        (start) the checkpoint it started from, if named
 * @param config      (start) every setting in effect, after the command line's options
 * @param overrides   (start) settings that differ from the stage's previous start, accepted with
 *                    {@code --override} on a resume: name → [before, after]
 * @param commandLine (start) the command that started it ("workbench" from the GUI)
 * @param versions    (start) app, Java, DJL, PyTorch, build commit, CPU and kernel configuration
 * @param device      (start) cpu or gpu(N)
 * @param threads     (start) libtorch intra-op threads
 * @param status      (end) completed, cancelled or failed
 * @param step        (end) the global step reached
 * @param message     (end) the failure, if any
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StageRecord(
        String event,
        String stage,
        String at,
        Boolean resume,
        String from,
        Map<String, Object> config,
        Map<String, List<Object>> overrides,
        String commandLine,
        Map<String, String> versions,
        String device,
        Integer threads,
        String status,
        Long step,
        String message) {
    public static final String FILE = "stages.jsonl";
    public static final String START = "start";
    public static final String END = "end";
    /** A steering change applied while the stage ran ({@link Steering}): {@code config} holds the overrides. */
    public static final String STEER = "steer";

    /** Settings that may change between a stage and its resume without {@code --override}. */
    public static final Set<String> FREE_ON_RESUME =
            Set.of("maxSteps", "threads", "device", "testBatchSize", "steerFile");

    public static StageRecord start(
            String stage,
            String at,
            boolean resume,
            String from,
            Map<String, Object> config,
            Map<String, List<Object>> overrides,
            String commandLine,
            Map<String, String> versions,
            String device,
            int threads) {
        return new StageRecord(
                START,
                stage,
                at,
                resume,
                from,
                config,
                overrides == null || overrides.isEmpty() ? null : overrides,
                commandLine,
                versions,
                device,
                threads,
                null,
                null,
                null);
    }

    public static StageRecord end(String stage, String at, String status, long step, String message) {
        return new StageRecord(END, stage, at, null, null, null, null, null, null, null, null, status, step, message);
    }

    /**
     * A steering change at {@code step}: from then on the stage ran with the overrides {@code set}, asked
     * for by {@code source}.
     */
    public static StageRecord steer(String stage, String at, long step, Map<String, Double> set, String source) {
        return new StageRecord(
                STEER,
                stage,
                at,
                null,
                null,
                new LinkedHashMap<>(set),
                null,
                source,
                null,
                null,
                null,
                null,
                step,
                null);
    }

    @JsonIgnore
    public boolean isEnd() {
        return END.equals(event);
    }

    @JsonIgnore
    public boolean isSteer() {
        return STEER.equals(event);
    }

    @JsonIgnore
    public boolean isStart() {
        return START.equals(event);
    }

    /** Appends one record as one line, forced to disk (a crash leaves at most a partial last line, skipped on reading). */
    public static void append(Path file, StageRecord r) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        MetricsWriter.repairTail(file);
        byte[] line = (Json.LINE.writeValueAsString(r) + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(
                file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ByteBuffer buf = ByteBuffer.wrap(line);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(false);
        }
    }

    /** Every readable record, oldest first; unreadable lines are skipped (a run's history never stops it). */
    public static List<StageRecord> readAll(Path file) {
        List<StageRecord> out = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    out.add(Json.LINE.readValue(line, StageRecord.class));
                } catch (IOException e) {
                    // a half-written line of a killed process
                }
            }
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    /** The newest start record of {@code stage}, or null. */
    public static StageRecord lastStart(Path file, String stage) {
        StageRecord last = null;
        for (StageRecord r : readAll(file)) {
            if (r.isStart() && stage.equals(r.stage())) {
                last = r;
            }
        }
        return last;
    }

    /**
     * The settings of {@code now} that differ from {@code before} (name → [before, after]), leaving
     * out {@link #FREE_ON_RESUME}. Numbers compare by value (a stored 0.01 equals 1.0E-2).
     */
    public static Map<String, List<Object>> differences(Map<String, Object> before, Map<String, Object> now) {
        Map<String, List<Object>> d = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : now.entrySet()) {
            String k = e.getKey();
            if (FREE_ON_RESUME.contains(k) || !before.containsKey(k)) {
                continue;
            }
            Object a = before.get(k);
            Object b = e.getValue();
            boolean same = a instanceof Number na && b instanceof Number nb
                    ? Double.compare(na.doubleValue(), nb.doubleValue()) == 0
                    : Objects.equals(a, b);
            if (!same) {
                List<Object> pair = new ArrayList<>();
                pair.add(a);
                pair.add(b);
                d.put(k, pair);
            }
        }
        return d;
    }
}
