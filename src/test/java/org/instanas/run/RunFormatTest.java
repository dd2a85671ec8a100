// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Damaged or unexpected run directories: clear messages, never fatal where a warning will do. */
class RunFormatTest {
    @TempDir
    Path dir;

    private RunDirectory newRun() throws Exception {
        RunDirectory d = new RunDirectory(dir.resolve("run"));
        Files.createDirectories(d.root());
        new RunInfo(
                        "run",
                        "tiny",
                        "samples",
                        1,
                        "cpu",
                        1,
                        new RunConfig().toMap(),
                        Map.of("app", "test"),
                        "now",
                        RunInfo.FORMAT_VERSION)
                .write(d.runJson());
        return d;
    }

    @Test
    void missingRunJsonIsRefusedWithItsName() throws Exception {
        Path empty = dir.resolve("empty");
        Files.createDirectories(empty);
        RunFormatException e = assertThrows(RunFormatException.class, () -> RunSnapshot.load(new RunDirectory(empty)));
        assertTrue(e.getMessage().contains("run.json") && e.getMessage().contains("is missing"), e.getMessage());
        RunFormatException e2 =
                assertThrows(RunFormatException.class, () -> RunSnapshot.load(new RunDirectory(dir.resolve("nope"))));
        assertTrue(e2.getMessage().contains("is not a folder"), e2.getMessage());
    }

    @Test
    void malformedLinesInTheMiddleAreSkippedWithWarnings() throws Exception {
        RunDirectory d = newRun();
        try (MetricsWriter w = new MetricsWriter(d.metrics())) {
            w.append(new MetricRecord("search", "step", 0, 1, 1, Map.of("reward", 1.0), null));
        }
        Files.writeString(d.metrics(), "{not json at all\n[1,2,3]\n", StandardOpenOption.APPEND);
        try (MetricsWriter w = new MetricsWriter(d.metrics())) {
            w.append(new MetricRecord("search", "step", 0, 2, 2, Map.of("reward", 2.0), null));
        }
        // and a half-written last line, as a crash leaves it
        Files.writeString(d.metrics(), "{\"stage\":\"search\",\"kind\":\"st", StandardOpenOption.APPEND);
        RunSnapshot s = RunSnapshot.load(d);
        assertEquals(
                List.of(1L, 2L), s.metrics().stream().map(MetricRecord::step).toList());
        assertEquals(2, s.warnings().size(), s.warnings().toString());
        assertTrue(s.warnings().get(0).contains("line 2"), s.warnings().get(0));
        // the writer repairs the half line before appending
        try (MetricsWriter w = new MetricsWriter(d.metrics())) {
            w.append(new MetricRecord("search", "step", 0, 3, 3, Map.of("reward", 3.0), null));
        }
        assertEquals(
                List.of(1L, 2L, 3L),
                RunSnapshot.load(d).metrics().stream().map(MetricRecord::step).toList());
    }

    @Test
    void olderNamesOfTheUniqueArchitecturesMetricReadAsUnique() {
        for (String old : List.of("unique_archs", "uniqueArchs", "unique")) {
            MetricRecord r = MetricsFile.parse(
                    "{\"stage\":\"search\",\"kind\":\"step\",\"epoch\":0,\"step\":3,\"time\":1,\"" + old + "\":7}",
                    w -> {
                        throw new AssertionError(w);
                    });
            assertEquals(Map.of(Metric.UNIQUE, 7.0), r.values(), old);
        }
    }

    @Test
    void unknownFieldsFromANewerVersionAreIgnoredButANewerFormatIsRefused() throws Exception {
        RunDirectory d = newRun();
        String json = Files.readString(d.runJson());
        Files.writeString(d.runJson(), json.replaceFirst("\\{", "{\"futureField\": {\"x\": 1},"));
        Files.writeString(
                d.metrics(),
                "{\"stage\":\"search\",\"kind\":\"step\",\"epoch\":0,\"step\":1,\"time\":1,"
                        + "\"reward\":1.5,\"newThing\":\"text\",\"nested\":{\"a\":1}}\n");
        RunSnapshot s = RunSnapshot.load(d);
        assertEquals("tiny", s.info().preset());
        assertEquals(1.5, s.metrics().get(0).value("reward"));
        assertTrue(s.warnings().isEmpty());
        Files.writeString(
                d.runJson(), Files.readString(d.runJson()).replace("\"formatVersion\" : 1", "\"formatVersion\" : 7"));
        RunFormatException e = assertThrows(RunFormatException.class, () -> RunSnapshot.load(d));
        assertTrue(e.getMessage().contains("newer version"), e.getMessage());
    }

    @Test
    void corruptRoutingAndLatencyFilesNameTheFileAndLine() throws Exception {
        RunDirectory d = newRun();
        Files.createDirectories(d.routing());
        Files.writeString(d.routingCsv("search-0001"), RoutingCsv.HEADER_START + "\n1,2,3\n");
        RunFormatException e =
                assertThrows(RunFormatException.class, () -> RoutingCsv.read(d.routingCsv("search-0001")));
        assertTrue(e.getMessage().contains("search-0001.csv") && e.getMessage().contains("line 2"), e.getMessage());
        Files.writeString(d.latencyJson(), "{\"ms\": 5}");
        RunSnapshot s = RunSnapshot.load(d);
        assertEquals(null, s.latency());
        assertTrue(
                s.warnings().stream().anyMatch(w -> w.contains("latency.json")),
                s.warnings().toString());
    }

    @Test
    void checkpointNamesCannotEscapeTheRun() {
        for (String bad : List.of("../x", "a/b", "..", "", ".hidden", "x/../../etc")) {
            assertThrows(IllegalArgumentException.class, () -> RunDirectory.safeName(bad), bad);
        }
        assertEquals("search-0001", RunDirectory.safeName("search-0001"));
    }

    @Test
    void configProblemsNameEverySetting() {
        RunConfig c = new RunConfig();
        c.lr = -1;
        c.batchSize = 0;
        c.device = "tpu";
        c.alpha = 0.2;
        c.windowSchedule = "hourly";
        List<String> p = c.problems();
        List<String> names = new ArrayList<>();
        for (String s : p) {
            names.add(s.substring(0, s.indexOf(':')));
        }
        assertTrue(names.containsAll(List.of("lr", "batch-size", "device", "alpha", "window-schedule")), p.toString());
        assertFalse(new RunConfig().problems().iterator().hasNext(), "defaults are valid");
    }

    @Test
    void runsRecordedBeforeTheWindowScheduleSettingKeepTheirPerEpochWindow() {
        RunConfig now = new RunConfig();
        assertEquals("follow", now.windowSchedule);
        assertEquals("follow", RunConfig.fromMap(now.toMap()).windowSchedule, "a new run reads back as it was");
        Map<String, Object> old = now.toMap();
        old.remove("windowSchedule");
        assertEquals("epoch", RunConfig.fromMap(old).windowSchedule, "an older run.json resumes as it ran");
        assertFalse(RunConfig.fromMap(old).windowPerStep());
    }

    @Test
    void runsRecordedBeforeTheExecutionSettingResumeMaskedThoughNewRunsTrainGathered() {
        RunConfig now = new RunConfig();
        assertEquals("gathered", now.execution);
        assertEquals("gathered", RunConfig.fromMap(now.toMap()).execution, "a new run reads back as it was");
        Map<String, Object> old = now.toMap();
        old.remove("execution");
        assertEquals("masked", RunConfig.fromMap(old).execution, "an older run.json resumes as it trained");
    }
}
