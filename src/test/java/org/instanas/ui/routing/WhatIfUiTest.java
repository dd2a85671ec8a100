// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.instanas.data.DatasetSplits;
import org.instanas.data.Datasets;
import org.instanas.data.ImageSet;
import org.instanas.data.OwnImages;
import org.instanas.engine.Router;
import org.instanas.run.Arch;
import org.instanas.run.LatencyTable;
import org.instanas.run.RouteTrial;
import org.instanas.run.RoutingCsv;
import org.instanas.run.RoutingRow;
import org.instanas.run.RunConfig;
import org.instanas.run.RunDirectory;
import org.instanas.run.RunInfo;
import org.instanas.run.RunSnapshot;
import org.instanas.testutil.ShippedDemoCopy;
import org.instanas.ui.common.Theme;
import org.instanas.ui.difficulty.DifficultyView;
import org.instanas.ui.difficulty.ImageRow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * What-if routing through the difficulty pane on a real checkpoint (a copy of the shipped demo): an
 * image's route edited to the MobileNetV2 path changes its prediction and latency; the result shows
 * the latency table's value for that path and the prediction the {@code route --arch} path gives for
 * the same image read from a PNG file, beside the controller's route as its evaluation recorded it.
 */
@ExtendWith(ApplicationExtension.class)
class WhatIfUiTest {
    private Path run;
    /** The checkpoint of the shipped run's final evaluation. */
    private String checkpoint;

    private RunConfig cfg;
    private ExecutorService background;
    private ExecutorService engine;
    private TabPane tabs;
    private List<Tab> routing;

    @Start
    void start(Stage stage) throws Exception {
        Path tmp = Files.createTempDirectory("instanas-whatif-ui");
        run = ShippedDemoCopy.to(tmp.resolve("demo-run"));
        checkpoint = ShippedDemoCopy.finalCheckpoint(run);
        cfg = RunConfig.fromMap(RunInfo.read(new RunDirectory(run).runJson()).config());
        cfg.threads = 1;
        background = Executors.newFixedThreadPool(2);
        engine = Executors.newSingleThreadExecutor();
        Theme.apply(false);
        RoutingContext ctx = RoutingContext.of(() -> RunSnapshot.load(new RunDirectory(run)), background, (s, c) -> {})
                .withTrials((r, checkpoint, idx, arch, reestimate) -> CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                return Router.tryArchitecture(cfg, r, checkpoint, idx, arch, reestimate, null);
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        },
                        engine));
        routing = RoutingPanes.create(ctx);
        tabs = new TabPane();
        tabs.getTabs().add(new Tab("Curves"));
        tabs.getTabs().addAll(routing);
        Scene scene = new Scene(tabs, 1260, 780); // inside Monocle's default 1280 × 800 screen
        scene.getStylesheets().add(Theme.stylesheet());
        stage.setScene(scene);
        stage.show();
    }

    @AfterEach
    void tearDown() throws Exception {
        WaitForAsyncUtils.asyncFx(() -> tabs.getSelectionModel().select(0)).get(5, TimeUnit.SECONDS);
        background.shutdownNow();
        engine.shutdownNow();
        assertTrue(engine.awaitTermination(30, TimeUnit.SECONDS));
    }

    @Test
    void editingAnImagesRouteChangesItsPredictionAndLatencyAsTheRouteCommandAndTheTableSay(FxRobot robot)
            throws Exception {
        RunDirectory dir = new RunDirectory(run);
        List<RoutingRow> evaluated = RoutingCsv.read(dir.routingCsv("final-" + checkpoint));
        boolean[][] mbv2 = Arch.fixed(Arch.MBV2);
        // an image whose prediction the MobileNetV2 path changes (found without the pane)
        int[] first40 = evaluated.stream().limit(40).mapToInt(RoutingRow::index).toArray();
        RouteTrial scan = engine.submit(() -> Router.tryArchitecture(cfg, run, checkpoint, first40, mbv2, null))
                .get(120, TimeUnit.SECONDS);
        RouteTrial.Image target = scan.images().stream()
                .filter(t -> t.prediction() != t.routedPrediction())
                .findFirst()
                .orElseThrow();
        RoutingRow row = evaluated.stream()
                .filter(r -> r.index() == target.index())
                .findFirst()
                .orElseThrow();

        // the same image as a PNG file through `route --arch mbv2` (the user's-images path)
        Path png = run.getParent().resolve("image-" + row.index() + ".png");
        DatasetSplits d = Datasets.load(cfg.data);
        ImageSet test = d.test();
        BufferedImage img = new BufferedImage(test.width(), test.height(), BufferedImage.TYPE_BYTE_GRAY);
        int per = test.imageBytes();
        for (int y = 0; y < test.height(); y++) {
            for (int x = 0; x < test.width(); x++) {
                img.getRaster().setSample(x, y, 0, test.pixels()[row.index() * per + y * test.width() + x] & 0xff);
            }
        }
        ImageIO.write(img, "png", png.toFile());
        Router.Routed cli = engine.submit(
                        () -> Router.route(cfg, run, checkpoint, OwnImages.read(List.of(png), 1, 28), "mbv2", null)
                                .get(0))
                .get(120, TimeUnit.SECONDS);

        DifficultyView v = view(robot);
        await("the evaluation", () -> v.viewModel().evaluation() != null);
        ImageRow ir = fx(() -> v.viewModel().allRows().stream()
                .filter(r -> r.row().index() == row.index())
                .findFirst()
                .orElseThrow());
        robot.interact(() -> v.viewModel().selectedProperty().set(ir));
        await(
                "the detail",
                () -> v.detail().shown() != null && v.detail().shown().index() == row.index());
        WhatIfPanel w = v.detail().whatIf();
        assertEquals(row.arch(), fx(() -> Arch.format(w.route())), "the editor starts at the controller's route");
        robot.interact(() -> robot.from(v).lookup("#whatif-mbv2").queryButton().fire());
        LatencyTable table = LatencyTable.read(dir.latencyJson());
        String tableMs = String.format(Locale.ROOT, "%.3f ms", table.latencyOf(mbv2));
        String edited = fx(() ->
                robot.from(v).lookup("#whatif-edited").queryAs(Label.class).getText());
        assertTrue(edited.contains(tableMs), edited);
        robot.interact(() -> robot.from(v).lookup("#whatif-try").queryButton().fire());
        await(
                "the result",
                () -> robot.from(v)
                        .lookup("#whatif-result")
                        .queryAs(Label.class)
                        .getText()
                        .startsWith("Edited"));
        String text = fx(() ->
                robot.from(v).lookup("#whatif-result").queryAs(Label.class).getText());
        String[] lines = text.split("\n");
        RunData rd = fx(() -> v.viewModel().evaluation().run());
        assertTrue(
                lines[0].startsWith(
                        "Edited route: predicts " + rd.className(cli.whatIf().prediction()) + " ("),
                text);
        assertTrue(lines[0].contains("table " + tableMs), text);
        assertTrue(lines[1].startsWith("Controller's route: predicts " + rd.className(row.prediction()) + " ("), text);
        assertTrue(lines[1].contains(String.format(Locale.ROOT, "table %.3f ms", row.latencyMs())), text);
        assertNotEquals(cli.whatIf().prediction(), row.prediction(), "the prediction changed");
        assertTrue(
                lines[3].startsWith("Class probabilities, edited: "
                        + rd.className(cli.whatIf().prediction()) + " "),
                text);
        assertNotEquals(table.latencyOf(mbv2), row.latencyMs(), 1e-6);

        // the same edit on every image listed
        int listed = fx(() -> v.viewModel().rows().size());
        robot.interact(
                () -> robot.from(v).lookup("#whatif-try-group").queryButton().fire());
        await(
                "the group",
                () -> robot.from(v)
                        .lookup("#whatif-result")
                        .queryAs(Label.class)
                        .getText()
                        .startsWith("On the "));
        String group = fx(() ->
                robot.from(v).lookup("#whatif-result").queryAs(Label.class).getText());
        assertTrue(group.startsWith("On the " + listed + " images listed: accuracy"), group);
    }

    private DifficultyView view(FxRobot robot) {
        robot.interact(() -> tabs.getSelectionModel().select(routing.get(0)));
        return (DifficultyView) routing.get(0).getContent();
    }

    private static void await(String what, BooleanSupplier cond) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(180, TimeUnit.SECONDS, () -> fx(cond::getAsBoolean));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("timed out waiting for " + what);
        }
    }

    private static <T> T fx(Callable<T> c) {
        try {
            return WaitForAsyncUtils.asyncFx(c).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
