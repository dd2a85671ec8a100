// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.main;

import java.io.File;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Orientation;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckMenuItem;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Separator;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.Window;
import javafx.stage.WindowEvent;
import javafx.util.Duration;
import org.controlsfx.control.TaskProgressView;
import org.instanas.app.AppPaths;
import org.instanas.app.JobHandle;
import org.instanas.app.RoutedImages;
import org.instanas.app.RunWatcher;
import org.instanas.run.RunDirectory;
import org.instanas.run.RunSnapshot;
import org.instanas.run.Stage;
import org.instanas.ui.browser.RunBrowserView;
import org.instanas.ui.common.Theme;
import org.instanas.ui.curves.CurvesView;
import org.instanas.ui.history.StageHistoryView;
import org.instanas.ui.latency.LatencyView;
import org.instanas.ui.newrun.NewRunView;
import org.instanas.ui.routing.RoutingContext;
import org.instanas.ui.routing.RoutingPanes;
import org.instanas.ui.steer.SteerView;
import org.instanas.ui.usage.UsageView;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

/**
 * The workbench window: menu and toolbar (Run demo, Start stage ▾, Pause, Stop, Resume), the run
 * browser and new-run form on the left, the panes as tabs in the centre, running jobs and the
 * status bar below. One 10 Hz timeline refreshes the front pane and the status bar.
 */
public final class MainView extends BorderPane {
    private final MainViewModel vm;
    private final TabPane tabs = new TabPane();
    private final TabPane side = new TabPane();
    private final Map<Tab, MainViewModel.PaneId> paneOf = new HashMap<>();
    private final Map<JobHandle<?>, JobTask> mirrored = new HashMap<>();
    private final TaskProgressView<JobTask> jobsView = new TaskProgressView<>();
    private final Timeline timer;
    private final CurvesView curves;
    private final Tab newRunTab;

    private RoutedImagesView routedView;

    public MainView(
            MainViewModel vm,
            PulseMonitor pulses,
            Executor explainer,
            Runnable exportCurves,
            Runnable exportLatency,
            Runnable exportUsage) {
        this.vm = vm;
        getStyleClass().add("workbench");

        curves = new CurvesView(vm.curves(), vm::compareWith);
        curves.exportButton().setOnAction(e -> exportCurves.run());
        LatencyView latency = new LatencyView(vm.latency(), () -> vm.startStage(Stage.PROFILE));
        latency.exportButton().setOnAction(e -> exportLatency.run());
        UsageView usage = new UsageView(vm.usage());
        usage.exportButton().setOnAction(e -> exportUsage.run());
        latency.figureStyleProperty().bind(Bindings.createObjectBinding(Theme::figureStyle, Theme.darkProperty()));
        usage.figureStyleProperty().bind(Bindings.createObjectBinding(Theme::figureStyle, Theme.darkProperty()));
        vm.curves().styleProperty().bind(Bindings.createObjectBinding(Theme::figureStyle, Theme.darkProperty()));
        BorderPane curvesPane = new BorderPane(curves);
        curvesPane.setRight(new SteerView(vm.steer()));
        addTab("Reward curves", Material2MZ.SHOW_CHART, curvesPane, MainViewModel.PaneId.CURVES);
        addTab("Latency table", Material2MZ.TIMER, latency, MainViewModel.PaneId.LATENCY);
        addTab("Option usage", Material2AL.GRID_ON, usage, MainViewModel.PaneId.USAGE);
        addRoutingTabs(explainer);
        addTab("Stage history", Material2AL.HISTORY, new StageHistoryView(vm.history()), MainViewModel.PaneId.HISTORY);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        tabs.getStyleClass().add("panes");
        tabs.getSelectionModel().selectedItemProperty().addListener((obs, old, now) -> vm.tick(front()));

        RunBrowserView browser =
                new RunBrowserView(vm.recentRuns(), e -> vm.openRun(e.dir()), this::chooseRun, this::newRun);
        NewRunView form = new NewRunView(vm.newRun(), vm::runDemo, vm::startStage, vm.busyProperty());
        Tab runsTab = new Tab("Runs", browser);
        newRunTab = new Tab("New run", form);
        side.getTabs().addAll(runsTab, newRunTab);
        side.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        side.getStyleClass().add("sidebar-tabs");
        jobsView.getStyleClass().add("jobs");
        jobsView.setGraphicFactory(t -> new FontIcon(Material2MZ.MEMORY));
        jobsView.managedProperty().bind(Bindings.isNotEmpty(jobsView.getTasks()));
        jobsView.visibleProperty().bind(jobsView.managedProperty());
        VBox sidebar = new VBox(side, jobsView);
        jobsView.prefWidthProperty().bind(sidebar.widthProperty());
        jobsView.maxWidthProperty().bind(sidebar.widthProperty());
        sidebar.getStyleClass().add("sidebar");
        VBox.setVgrow(side, Priority.ALWAYS);
        SplitPane split = new SplitPane(sidebar, tabs);
        split.setDividerPositions(0.25);
        SplitPane.setResizableWithParent(sidebar, false);
        sidebar.setMinWidth(330);

        setTop(new VBox(menu(), toolbar()));
        setCenter(split);
        // image files or folders dropped on the window are routed through the open run
        setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(TransferMode.COPY);
            }
            e.consume();
        });
        setOnDragDropped(e -> {
            boolean ok = e.getDragboard().hasFiles();
            if (ok) {
                dropFiles(e.getDragboard().getFiles());
            }
            e.setDropCompleted(ok);
            e.consume();
        });
        vm.routedProperty().addListener((obs, old, now) -> {
            if (now != null) {
                showRouted(now);
            }
        });
        setBottom(new StatusBar(vm.status()));
        vm.jobs().addListener((ListChangeListener<JobHandle<?>>) c -> syncJobs());

        timer = new Timeline(new KeyFrame(Duration.millis(100), e -> {
            long t0 = System.nanoTime();
            long c0 = PulseMonitor.threadCpuNanos();
            vm.tick(front()); // may publish a chart: the redraw happens inside
            pulses.work(System.nanoTime() - t0, PulseMonitor.threadCpuNanos() - c0);
        }));
        timer.setCycleCount(Timeline.INDEFINITE);
        timer.play();
    }

    public void stopTimer() {
        timer.stop();
    }

    public CurvesView curvesView() {
        return curves;
    }

    public TabPane tabs() {
        return tabs;
    }

    /** Shows the new-run form in the sidebar. */
    /**
     * What a drop on the window does: a run folder is opened; image files and folders of them are
     * routed through the open run.
     */
    public void dropFiles(List<File> files) {
        if (files.size() == 1 && new RunDirectory(files.get(0).toPath()).exists()) {
            vm.openRun(files.get(0).toPath());
            return;
        }
        vm.routeImages(files.stream().map(File::toPath).toList());
    }

    /** The window listing the newest routed images, or null before any. */
    public RoutedImagesView routedView() {
        return routedView;
    }

    private void showRouted(RoutedImages r) {
        if (routedView == null) {
            routedView = new RoutedImagesView();
        }
        RunWatcher w = vm.watcherProperty().get();
        routedView.show(r, w == null ? "the run" : w.state().name());
        routedView.showWindow(getScene());
    }

    public void showNewRunForm() {
        side.getSelectionModel().select(newRunTab);
    }

    private MainViewModel.PaneId front() {
        return paneOf.getOrDefault(tabs.getSelectionModel().getSelectedItem(), MainViewModel.PaneId.CURVES);
    }

    private void addTab(String title, Ikon icon, Node content, MainViewModel.PaneId id) {
        Tab t = new Tab(title, content);
        t.setGraphic(new FontIcon(icon));
        paneOf.put(t, id);
        tabs.getTabs().add(t);
    }

    /** The open run for the routing panes, readable from their background thread. */
    private volatile Path openRun;

    /**
     * The panes that explain an evaluated run (difficulty, slow/fast gallery, architecture map,
     * variants) from {@code org.instanas.ui.routing}; they read the open run on their own thread.
     */
    private void addRoutingTabs(Executor explainer) {
        vm.watcherProperty().addListener((obs, old, w) -> openRun = w == null ? null : w.root());
        RoutingContext ctx = RoutingContext.of(
                        () -> {
                            Path p = openRun;
                            if (p == null || !new RunDirectory(p).exists()) {
                                return null;
                            }
                            return RunSnapshot.load(new RunDirectory(p));
                        },
                        explainer,
                        vm::startStageFrom)
                .withTrials(vm::tryArchitecture);
        List<Tab> routing = RoutingPanes.create(ctx);
        tabs.getTabs().addAll(routing);
        vm.watcherProperty().addListener((obs, old, w) -> {
            if (!routing.isEmpty()) {
                RoutingPanes.refresh(routing.get(0));
            }
        });
    }

    private MenuBar menu() {
        MenuItem open = new MenuItem("Open run directory…", new FontIcon(Material2AL.FOLDER_OPEN));
        open.setAccelerator(KeyCombination.keyCombination("Shortcut+O"));
        open.setOnAction(e -> chooseRun());
        MenuItem newRun = new MenuItem("New run…", new FontIcon(Material2MZ.PLAYLIST_ADD));
        newRun.setAccelerator(KeyCombination.keyCombination("Shortcut+N"));
        newRun.setOnAction(e -> newRun());
        MenuItem quit = new MenuItem("Quit");
        quit.setAccelerator(KeyCombination.keyCombination("Shortcut+Q"));
        quit.setOnAction(e -> {
            Window w = getScene().getWindow();
            w.fireEvent(new WindowEvent(w, WindowEvent.WINDOW_CLOSE_REQUEST));
        });
        Menu file = new Menu("Run", null, open, newRun, new SeparatorMenuItem(), quit);
        CheckMenuItem dark = new CheckMenuItem("Dark theme");
        dark.setSelected(Theme.darkProperty().get());
        dark.selectedProperty().addListener((obs, old, now) -> Theme.apply(now));
        Menu view = new Menu("View", null, dark);
        MenuBar bar = new MenuBar(file, view);
        bar.setUseSystemMenuBar(true);
        return bar;
    }

    private ToolBar toolbar() {
        Button demo = new Button("Run demo", new FontIcon(Material2MZ.PLAY_ARROW));
        demo.setId("run-demo");
        demo.getStyleClass().add("run-demo");
        demo.setTooltip(
                new Tooltip("The whole pipeline on the new-run form's settings (the sample project by default)"));
        demo.setOnAction(e -> vm.runDemo());
        demo.disableProperty().bind(vm.busyProperty());
        MenuButton stage = new MenuButton("Start stage", new FontIcon(Material2MZ.SKIP_NEXT));
        stage.setId("start-stage");
        for (Stage s : Stage.values()) {
            MenuItem mi = new MenuItem(s.id());
            mi.setOnAction(e -> vm.startStage(s));
            stage.getItems().add(mi);
        }
        MenuItem rest = new MenuItem("the rest of the pipeline");
        rest.setOnAction(e -> vm.continuePipeline());
        MenuItem sweep = new MenuItem("a sweep of reward windows…");
        sweep.setId("start-sweep");
        sweep.setOnAction(e -> SweepWindow.show(getScene().getWindow(), vm));
        stage.getItems().addAll(new SeparatorMenuItem(), rest, sweep);
        stage.disableProperty().bind(vm.busyProperty());
        stage.setTooltip(new Tooltip("One stage on the open run (with its settings), or on the new-run form"));
        Button pause = new Button("Pause", new FontIcon(Material2MZ.PAUSE));
        pause.setId("pause");
        pause.setOnAction(e -> vm.pause());
        pause.disableProperty().bind(vm.canPauseProperty().not());
        pause.setTooltip(new Tooltip("Pause at the next step"));
        Button stop = new Button("Stop", new FontIcon(Material2MZ.STOP));
        stop.setId("stop");
        stop.getStyleClass().add("stop");
        stop.setOnAction(e -> vm.stop());
        stop.disableProperty().bind(vm.canStopProperty().not());
        stop.setTooltip(new Tooltip("Stop at the next step; the run stays resumable"));
        Button resume = new Button("Resume", new FontIcon(Material2MZ.REPLAY));
        resume.setId("resume");
        resume.setOnAction(e -> vm.resume());
        resume.disableProperty().bind(vm.canResumeProperty().not());
        resume.setTooltip(new Tooltip("Lift a pause, or continue a stopped stage from its newest checkpoint"));
        Pane grow = new Pane();
        HBox.setHgrow(grow, Priority.ALWAYS);
        Button open = new Button("Open run…", new FontIcon(Material2AL.FOLDER_OPEN));
        open.setOnAction(e -> chooseRun());
        ToolBar tb = new ToolBar(demo, stage, new Separator(Orientation.VERTICAL), pause, stop, resume, grow, open);
        tb.getStyleClass().add("main-toolbar");
        return tb;
    }

    private void chooseRun() {
        DirectoryChooser dc = new DirectoryChooser();
        dc.setTitle("Open run directory");
        File runs = AppPaths.runs().toFile();
        if (runs.isDirectory()) {
            dc.setInitialDirectory(runs);
        }
        File f = dc.showDialog(getScene().getWindow());
        if (f != null) {
            vm.openRun(f.toPath());
        }
    }

    private void newRun() {
        vm.openSampleProject();
        showNewRunForm();
    }

    private void syncJobs() {
        for (JobHandle<?> h : vm.jobs()) {
            if (!mirrored.containsKey(h)) {
                JobTask t = new JobTask(h);
                mirrored.put(h, t);
                jobsView.getTasks().add(t);
                Thread th = new Thread(t, "instanas-job-view");
                th.setDaemon(true);
                th.start();
            }
        }
        mirrored.keySet().removeIf(h -> h.isDone() && !vm.jobs().contains(h));
    }
}
