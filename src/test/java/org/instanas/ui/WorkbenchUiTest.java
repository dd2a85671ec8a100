// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import javafx.stage.Window;
import javafx.stage.WindowEvent;
import javax.imageio.ImageIO;
import org.instanas.app.AppPaths;
import org.instanas.app.EngineExecutor;
import org.instanas.app.FakeStageRunner;
import org.instanas.app.JobState;
import org.instanas.app.RecentRuns;
import org.instanas.app.RunService;
import org.instanas.run.MetricRecord;
import org.instanas.run.MetricsFile;
import org.instanas.run.RunDirectory;
import org.instanas.run.Steering;
import org.instanas.testutil.FakeRun;
import org.instanas.ui.common.Theme;
import org.instanas.ui.curves.CurvesViewModel;
import org.instanas.ui.main.Workbench;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.ui.Layer;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/** Real flows through the window, headless (Monocle); the engine is a stand-in that writes metrics. */
@ExtendWith(ApplicationExtension.class)
class WorkbenchUiTest {
    static {
        // Monocle's headless screen (default 1280×800) as large as a laptop's
        System.setProperty("headless.geometry", "1440x900-32");
    }

    private Path tmp;
    private EngineExecutor engine;
    private FakeStageRunner fake;
    private Workbench wb;

    @Start
    void start(Stage stage) throws Exception {
        tmp = Files.createTempDirectory("instanas-ui");
        System.setProperty(AppPaths.HOME_PROPERTY, tmp.resolve("home").toString());
        Theme.apply(false);
        engine = new EngineExecutor();
        fake = new FakeStageRunner(100_000, 20);
        wb = Workbench.show(stage, new RunService(engine, fake), new RecentRuns(tmp.resolve("recent.json")), null);
    }

    @AfterEach
    void tearDown() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> wb.dispose()).get(10, TimeUnit.SECONDS);
        assertTrue(engine.shutdown(Duration.ofSeconds(10)));
        System.clearProperty(AppPaths.HOME_PROPERTY);
    }

    @Test
    void opensAFinishedRunAndTheCurvesShowItsSeries(FxRobot robot) throws Exception {
        FakeRun run = FakeRun.create(tmp.resolve("finished run"));
        robot.interact(() -> wb.viewModel().openRun(run.root));
        JFreeChart chart = awaitChart(robot, c -> true);
        CombinedDomainXYPlot plot = (CombinedDomainXYPlot) chart.getPlot();
        // the newest stage with steps (search): reward, accuracy, latency (+ UB/LB band), entropy, unique
        assertEquals(5, plot.getSubplots().size());
        long searchSteps = run.metrics.stream()
                .filter(r -> r.stage().equals("search") && r.kind().equals("step"))
                .count();
        for (XYPlot p : plot.getSubplots()) {
            XYDataset d = p.getDataset(0);
            assertEquals(2, d.getSeriesCount(), "raw and smoothed");
            assertEquals(searchSteps, d.getItemCount(0));
            assertEquals(searchSteps, d.getItemCount(1));
        }
        assertEquals(1, plot.getSubplots().get(2).getDataset(1).getSeriesCount(), "the UB/LB window band");
        assertEquals(
                "finetune", robot.lookup("#status-stage").queryAs(Label.class).getText());
        assertEquals(
                "finished", robot.lookup("#status-state").queryAs(Label.class).getText());
        // all stages one after the other: pretrain and finetune epochs join the search steps
        robot.interact(() -> wb.viewModel().curves().stageProperty().set(CurvesViewModel.ALL_STAGES));
        awaitChart(robot, c -> c != chart);
        // the other panes draw the latency table and the newest evaluation
        robot.clickOn("Latency table");
        await(() -> wb.viewModel().latency().figureProperty().get() != null);
        robot.clickOn("Option usage");
        await(() -> wb.viewModel().usage().figureProperty().get() != null);
        assertEquals(run.checkpoints, wb.viewModel().usage().evaluations());
    }

    @Test
    void aSweepStartedFromTheMenuFollowsEachMemberAndContinuesAfterAStop(FxRobot robot) throws Exception {
        fake.sweepSteps = 250; // 250 × 20 ms per member: room for the steps below under load
        FakeRun run = FakeRun.create(tmp.resolve("pretrained"));
        robot.interact(() -> wb.viewModel().openRun(run.root));
        robot.clickOn("#start-stage");
        robot.clickOn("a sweep of reward windows…");
        await(() -> robot.lookup("#sweep-settings").tryQuery().isPresent());
        TextField settings = robot.lookup("#sweep-settings").queryAs(TextField.class);
        assertEquals(
                "0.95, 0.8, 0.65, 0.5, 0.45",
                settings.getText(),
                "five variants by default, all above LB on a tiny table");
        robot.interact(() -> settings.setText("1.0, 1"));
        robot.clickOn("#sweep-start");
        assertTrue(
                robot.lookup("#sweep-problem").queryAs(Label.class).getText().contains("given twice"),
                "a setting given twice is refused at the form");
        robot.interact(() -> settings.setText("1.0, 0.5"));
        robot.clickOn("#sweep-start");
        // the window follows the sweep from member to member
        await(() -> title().contains("— ub-1 ("));
        // another run opened meanwhile stays open until the sweep reaches its next member
        robot.interact(() -> wb.viewModel().openRun(run.root));
        WaitForAsyncUtils.sleep(400, TimeUnit.MILLISECONDS);
        assertTrue(title().contains("— pretrained ("), title());
        await(() -> title().contains("— ub-0.5 ("));
        // the status bar follows as soon as the member's records are read
        assertEquals("running here", awaitText(robot, "#status-state", "running here"));
        robot.clickOn("#stop");
        await(() -> !wb.viewModel().busyProperty().get());
        assertTrue(title().contains("— ub-0.5 ("), "stopped on the second variant");
        // Resume continues the sweep's plan: the second variant, then the baseline
        robot.clickOn("#resume");
        await(() -> title().contains("— baseline ("));
        await(() -> !wb.viewModel().busyProperty().get());
        Path folder = tmp.resolve("pretrained-sweep");
        assertEquals(
                List.of("ub-1", "ub-0.5", "baseline"),
                List.copyOf(org.instanas.run.SweepPlan.members(folder).keySet()));
        assertEquals(
                List.of("sweep [1.0, 0.5]", "sweep []"),
                fake.calls.stream().map(c -> c.substring(0, c.indexOf(" @"))).toList());
        for (String m : List.of("ub-1", "ub-0.5", "baseline")) {
            long steps = MetricsFile.readAll(new RunDirectory(folder.resolve(m)).metrics(), w -> {}).stream()
                    .filter(r -> r.kind().equals(MetricRecord.STEP))
                    .count();
            assertEquals(250, steps, m + " ran to its end once");
        }
    }

    private String title() {
        return wb.viewModel().titleProperty().get();
    }

    @Test
    void aCorruptRunShowsAnErrorAndTheAppStaysUsable(FxRobot robot) throws Exception {
        Path notARun = Files.createDirectories(tmp.resolve("not-a-run"));
        Files.writeString(notARun.resolve("metrics.jsonl"), "{}\n");
        robot.interact(() -> assertFalse(wb.viewModel().openRun(notARun)));
        DialogPane error = awaitDialog(robot);
        assertTrue(error.getHeaderText().contains("Cannot open run"), error.getHeaderText());
        assertTrue(((Label) error.getContent()).getText().contains("run.json"));
        robot.interact(() -> error.getScene().getWindow().hide());

        RunDirectory garbage = SampleRuns.finished(tmp.resolve("garbage"), 300, 2);
        long lines = Files.readAllLines(garbage.metrics()).size();
        Files.writeString(
                garbage.metrics(),
                "this is not json\n{\"stage\":\n",
                StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        robot.interact(() -> assertTrue(wb.viewModel().openRun(garbage.root())));
        DialogPane warning = awaitDialog(robot);
        String text = ((Label) warning.getContent()).getText();
        assertTrue(text.contains("line " + (lines + 1)) && text.contains("line " + (lines + 2)), text);
        robot.interact(() -> warning.getScene().getWindow().hide());
        JFreeChart chart = awaitChart(robot, c -> true);
        assertEquals(
                300,
                ((CombinedDomainXYPlot) chart.getPlot())
                        .getSubplots()
                        .get(0)
                        .getDataset(0)
                        .getItemCount(0));
    }

    @Test
    void droppedImagesAreRoutedAndABrokenFileGetsOneMessage(FxRobot robot) throws Exception {
        FakeRun run = FakeRun.create(tmp.resolve("searched"), 60, 3, 30, 1, 4);
        robot.interact(() -> wb.viewModel().openRun(run.root));
        Path mine = Files.createDirectories(tmp.resolve("mine"));
        for (int i = 0; i < 2; i++) {
            BufferedImage img = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
            img.setRGB(5 + i, 5, 0xffffff);
            ImageIO.write(img, "png", mine.resolve("photo" + i + ".png").toFile());
        }
        Files.writeString(mine.resolve("notes.png"), "not an image");
        robot.interact(() -> wb.view()
                .dropFiles(List.of(
                        mine.resolve("photo0.png").toFile(),
                        mine.resolve("photo1.png").toFile(),
                        mine.resolve("notes.png").toFile())));
        await(() -> wb.view().routedView() != null
                && wb.view().routedView().table().getItems().size() == 2);
        assertEquals(
                List.of("photo0.png", "photo1.png"),
                wb.view().routedView().table().getItems().stream()
                        .map(r -> r.file().getFileName().toString())
                        .toList());
        String problems = wb.view().routedView().problems().getText();
        assertEquals(1, problems.lines().filter(l -> l.contains("notes.png")).count(), problems);
        assertTrue(problems.contains("not a readable image"), problems);
        assertTrue(fake.calls.stream().anyMatch(c -> c.startsWith("route 2 @")), fake.calls.toString());
    }

    @Test
    void theNewRunFormRejectsANegativeLearningRate(FxRobot robot) {
        Button start = robot.lookup("#start-demo").queryButton();
        assertFalse(start.isDisabled(), "the sample project is valid");
        TextField lr = robot.lookup("#field-lr").queryAs(TextField.class);
        robot.interact(() -> lr.getParent().getParent().getParent().layout());
        robot.clickOn(lr).eraseText(lr.getText().length()).write("-0.001");
        assertEquals("-0.001", lr.getText());
        assertTrue(start.isDisabled());
        assertTrue(robot.lookup("#run-demo").queryButton().isVisible());
        Label error = robot.lookup("#error-lr").queryAs(Label.class);
        assertEquals("must be a positive number (was -0.001)", error.getText());
        assertTrue(error.isVisible());
        // the error row moved the form: focus the field itself (a click could land on its neighbour)
        robot.interact(() -> {
            lr.requestFocus();
            lr.selectAll();
        });
        robot.write("0.0005");
        assertEquals("0.0005", lr.getText());
        assertFalse(start.isDisabled());
        assertEquals("", error.getText());
    }

    @Test
    void aRunWrittenElsewhereIsFollowedLive(FxRobot robot) throws Exception {
        RunDirectory d = SampleRuns.info(tmp.resolve("live"), "live");
        robot.interact(() -> wb.viewModel().openRun(d.root()));
        Random rnd = new Random(3);
        for (int i = 0; i < 20; i++) {
            append(d.metrics(), SampleRuns.line(SampleRuns.searchStep(i, 100, 1.75e9, rnd)));
        }
        awaitChart(robot, c -> items(c) == 20);
        for (int i = 20; i < 60; i++) {
            append(d.metrics(), SampleRuns.line(SampleRuns.searchStep(i, 100, 1.75e9, rnd)));
            Thread.sleep(5);
        }
        awaitChart(robot, c -> items(c) == 60);
        await(() -> "epoch 0 · step 59"
                .equals(robot.lookup("#status-step").queryAs(Label.class).getText()));
        await(() ->
                "live".equals(robot.lookup("#status-state").queryAs(Label.class).getText()));
        assertTrue(robot.lookup("#status-speed").queryAs(Label.class).getText().matches("\\d{3}"));
    }

    @Test
    void runDemoStreamsIntoTheCurvesAndStopLeavesItResumable(FxRobot robot) throws Exception {
        robot.clickOn("#run-demo");
        await(() -> wb.viewModel().runService().running() != null);
        assertEquals("running here", awaitText(robot, "#status-state", "running here"));
        awaitChart(robot, c -> items(c) >= 10);
        int before = items(wb.viewModel().curves().built().chart());
        awaitChart(robot, c -> items(c) > before + 5);
        assertFalse(robot.lookup("#stop").queryButton().isDisabled());
        robot.clickOn("#stop");
        await(() -> wb.viewModel().runService().last().job().isDone());
        assertEquals(
                JobState.CANCELLED, wb.viewModel().runService().last().job().state());
        await(() -> !robot.lookup("#resume").queryButton().isDisabled());
        assertTrue(fake.calls.get(0).equals("demo @instanas-engine"), fake.calls.toString());
    }

    @Test
    void closingDuringARunAsksThenStopsTheStageAndCloses(FxRobot robot) throws Exception {
        robot.clickOn("#run-demo");
        awaitChart(robot, c -> items(c) >= 3);
        Window window = robot.lookup("#run-demo").query().getScene().getWindow();
        Platform.runLater(() -> window.fireEvent(new WindowEvent(window, WindowEvent.WINDOW_CLOSE_REQUEST)));
        DialogPane confirm = awaitDialog(robot);
        assertTrue(confirm.getHeaderText().contains("Stop the running stage"));
        assertTrue(window.isShowing(), "nothing closes before the user confirms");
        robot.clickOn((Button) confirm.lookupButton(ButtonType.OK));
        await(() -> !window.isShowing());
        assertEquals(
                JobState.CANCELLED, wb.viewModel().runService().last().job().state());
        assertTrue(engine.activeJobs().isEmpty());
    }

    @Test
    void steeringARunningSearchIsRecordedMarkedAndReplayedOnResume(FxRobot robot) throws Exception {
        fake.checkpointEvery = 1_000_000; // a resume starts over from step 0 and must replay the change
        robot.clickOn("#run-demo");
        awaitChart(robot, c -> items(c) >= 20);
        await(() -> robot.lookup("#steer-ub").tryQuery().map(Node::isVisible).orElse(false));
        // the stand-in's LB is 10 ms: a UB under it is refused by the form
        robot.clickOn("#steer-ub").write("5");
        await(() ->
                robot.lookup("#steer-problems").queryAs(Label.class).getText().contains("above the LB"));
        assertTrue(robot.lookup("#steer-apply").queryButton().isDisabled());
        robot.interact(() -> robot.lookup("#steer-ub").queryAs(TextField.class).setText("19.5"));
        await(() -> !robot.lookup("#steer-apply").queryButton().isDisabled());
        robot.clickOn("#steer-apply");
        Path runDir = wb.viewModel().runService().last().runDir();
        await(() -> steerEvents(runDir).size() == 1);
        long at = steerEvents(runDir).get(0).step();
        awaitChart(robot, c -> markers(c) == 1);
        await(() -> robot.lookup("#steer-status").queryAs(Label.class).getText().startsWith("Applied before step"));
        assertTrue(robot.lookup("#steer-ub").queryAs(TextField.class).getText().equals("19.5"));
        // a request the search refuses (the stand-in's limit) is reported in the panel and changes nothing
        robot.interact(() -> robot.lookup("#steer-ub").queryAs(TextField.class).setText("150"));
        robot.clickOn("#steer-apply");
        await(() -> robot.lookup("#steer-status")
                .queryAs(Label.class)
                .getText()
                .equals("The search refused the request: UB above the stand-in's 100 ms"));
        assertEquals(1, steerEvents(runDir).size());
        robot.interact(() -> robot.lookup("#steer-ub").queryAs(TextField.class).setText("19.5"));
        // stop, then resume from the stand-in's checkpoint at step 0: the change comes back at its step
        robot.clickOn("#stop");
        await(() -> wb.viewModel().runService().last().job().isDone());
        await(() -> !robot.lookup("#resume").queryButton().isDisabled());
        robot.clickOn("#resume");
        await(() -> stepsAfter(runDir, at) >= 10);
        robot.clickOn("#stop");
        await(() -> wb.viewModel().runService().last().job().isDone());
        List<MetricRecord> events = steerEvents(runDir);
        assertEquals(1, events.size(), "replayed once, at its step: " + events);
        assertEquals(at, events.get(0).step());
        assertTrue(
                events.get(0).message().contains("replayed on resume"),
                events.get(0).message());
        for (MetricRecord r : records(runDir)) {
            if (r.kind().equals(MetricRecord.STEP) && r.step() >= at) {
                assertEquals(19.5, r.value("ub"), 1e-12, "UB at step " + r.step());
            }
        }
        awaitChart(robot, c -> markers(c) == 1);
    }

    // helpers

    private static List<MetricRecord> records(Path run) {
        try {
            return MetricsFile.readAll(new RunDirectory(run).metrics(), w -> {});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<MetricRecord> steerEvents(Path run) {
        return records(run).stream().filter(r -> Steering.ofEvent(r) != null).toList();
    }

    private static long stepsAfter(Path run, long step) {
        return records(run).stream()
                .filter(r -> r.kind().equals(MetricRecord.STEP) && r.step() > step)
                .count();
    }

    private static int markers(JFreeChart c) {
        XYPlot first = ((CombinedDomainXYPlot) c.getPlot()).getSubplots().get(0);
        var m = first.getDomainMarkers(Layer.FOREGROUND);
        return m == null ? 0 : m.size();
    }

    private static int items(JFreeChart c) {
        XYPlot first = ((CombinedDomainXYPlot) c.getPlot()).getSubplots().get(0);
        XYDataset d = first.getDataset(0);
        return d.getItemCount(d.getSeriesCount() - 1);
    }

    private JFreeChart awaitChart(FxRobot robot, Predicate<JFreeChart> ok) throws Exception {
        CurvesViewModel vm = wb.viewModel().curves();
        await(() -> vm.built() != null
                && vm.built().chart() != null
                && ok.test(vm.built().chart())
                && wb.view().curvesView().shownChart() == vm.built().chart());
        return vm.built().chart();
    }

    private static String awaitText(FxRobot robot, String id, String text) throws Exception {
        await(() -> text.equals(robot.lookup(id).queryAs(Label.class).getText()));
        return text;
    }

    private static DialogPane awaitDialog(FxRobot robot) throws Exception {
        await(() -> robot.lookup(".dialog-pane").tryQuery().isPresent());
        return robot.lookup(".dialog-pane").queryAs(DialogPane.class);
    }

    static void await(BooleanSupplier c) throws Exception {
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> {
            WaitForAsyncUtils.waitForFxEvents();
            return c.getAsBoolean();
        });
    }

    static void append(Path file, String text) throws Exception {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
