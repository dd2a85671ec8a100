// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.newrun;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.property.Property;
import javafx.beans.value.ObservableBooleanValue;
import javafx.css.PseudoClass;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import org.instanas.run.Stage;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

/** The new-run form: every field with its problem right under it; Start disabled while invalid. */
public final class NewRunView extends VBox {
    private final GridPane grid = new GridPane();
    private final Button start = new Button("Run demo", new FontIcon(Material2MZ.PLAY_ARROW));
    private final MenuButton stage = new MenuButton("Stage");
    private int row;

    public NewRunView(NewRunViewModel vm, Runnable onDemo, Consumer<Stage> onStage, ObservableBooleanValue busy) {
        getStyleClass().add("new-run");
        grid.getStyleClass().add("form-grid");
        ColumnConstraints c0 = new ColumnConstraints();
        c0.setMinWidth(118);
        ColumnConstraints c1 = new ColumnConstraints();
        c1.setHgrow(Priority.ALWAYS);
        c1.setFillWidth(true);
        grid.getColumnConstraints().addAll(c0, c1);

        section("Run");
        TextField dir = new TextField();
        dir.textProperty().bindBidirectional(vm.runDirProperty());
        dir.setId("field-run");
        Button browseDir = browse(() ->
                chooseDir(vm.runDirProperty().get(), p -> vm.runDirProperty().set(p.toString())));
        Label dirErr = errorLabel();
        dirErr.textProperty()
                .bind(Bindings.when(vm.runDirErrorProperty().isEmpty())
                        .then(vm.runDirHintProperty())
                        .otherwise(vm.runDirErrorProperty()));
        dirErr.pseudoClassStateChanged(HINT, true);
        vm.runDirErrorProperty().addListener((obs, old, now) -> dirErr.pseudoClassStateChanged(HINT, now.isEmpty()));
        dirErr.pseudoClassStateChanged(HINT, vm.runDirErrorProperty().get().isEmpty());
        row("Run folder", withButton(dir, browseDir), dirErr);
        ComboBox<String> preset = new ComboBox<>();
        preset.getItems().setAll(NewRunViewModel.PRESETS);
        preset.valueProperty().bindBidirectional(vm.presetProperty());
        preset.setMaxWidth(Double.MAX_VALUE);
        row("Preset", preset, null);
        FormField data = vm.field("data");
        TextField dataField = text(data);
        Button browseData =
                browse(() -> chooseDir(null, p -> data.textProperty().set(p.toString())));
        row(data.label(), withButton(dataField, browseData), error(data));
        section("Schedule");
        for (String n :
                new String[] {"pretrain-epochs", "search-epochs", "finetune-epochs", "max-steps", "batch-size", "seed"
                }) {
            field(vm.field(n));
        }
        row(
                "Execution",
                choice(
                        NewRunViewModel.EXECUTIONS,
                        vm.executionProperty(),
                        "execution",
                        "Training passes: masked runs every selected option on the whole batch (as the original); "
                                + "gathered runs each option only on the images that selected it (faster; BatchNorm "
                                + "then normalises over those images)"),
                null);
        section("Device");
        row("Device", choice(NewRunViewModel.DEVICES, vm.deviceProperty(), null, null), null);
        field(vm.field("threads"));
        section("Search hyper-parameters");
        for (String n : new String[] {
            "lr", "net-lr", "pos-w", "neg-w", "alpha", "beta", "ub-start-fraction", "ub-end-fraction", "lb-fraction"
        }) {
            field(vm.field(n));
        }
        row(
                "UB schedule",
                choice(
                        NewRunViewModel.WINDOW_SCHEDULES,
                        vm.windowScheduleProperty(),
                        "window-schedule",
                        "How the reward window's UB falls from its start to its end: step by step of the controller; "
                                + "'follow': step by step but never below the latency the controller sampled at its "
                                + "previous step; or once per epoch as the original (a short search jumps to where no "
                                + "sampled architecture is rewarded)"),
                null);
        CheckBox staticWindow = new CheckBox("Static window (UB/LB fixed)");
        staticWindow.selectedProperty().bindBidirectional(vm.staticWindowProperty());
        CheckBox batchIter = new CheckBox("batch_iter (alternate per batch)");
        batchIter.selectedProperty().bindBidirectional(vm.batchIterProperty());
        row("", new VBox(6, staticWindow, batchIter), null);

        ScrollPane scroll = new ScrollPane(grid);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("form-scroll");
        VBox.setVgrow(scroll, Priority.ALWAYS);

        Label problems = new Label();
        problems.getStyleClass().add("form-problems");
        problems.setWrapText(true);
        problems.textProperty()
                .bind(Bindings.createStringBinding(
                        () -> vm.problems().isEmpty()
                                ? ""
                                : vm.problems().size()
                                        + (vm.problems().size() == 1 ? " problem: " : " problems: ")
                                        + vm.problems().get(0)
                                        + (vm.problems().size() > 1 ? " …" : ""),
                        vm.problems()));
        problems.managedProperty().bind(problems.textProperty().isNotEmpty());
        problems.visibleProperty().bind(problems.managedProperty());
        start.setId("start-demo");
        start.getStyleClass().add("accent");
        start.setDefaultButton(true);
        start.disableProperty().bind(vm.validProperty().not().or(busy));
        start.setOnAction(e -> onDemo.run());
        start.setTooltip(new Tooltip("pretrain → profile → search → finetune → evaluate in this folder"));
        for (Stage s : Stage.values()) {
            MenuItem mi = new MenuItem(s.id());
            mi.setOnAction(e -> onStage.accept(s));
            stage.getItems().add(mi);
        }
        stage.setId("start-stage-form");
        stage.disableProperty().bind(vm.validProperty().not().or(busy));
        HBox actions = new HBox(8, start, stage);
        actions.getStyleClass().add("form-actions");
        getChildren().addAll(scroll, problems, actions);
    }

    private static final PseudoClass HINT = PseudoClass.getPseudoClass("hint");

    public Button startButton() {
        return start;
    }

    private void section(String title) {
        Label l = new Label(title);
        l.getStyleClass().add("form-section");
        grid.add(l, 0, row++, 2, 1);
    }

    private void field(FormField f) {
        row(f.label(), text(f), error(f));
    }

    private TextField text(FormField f) {
        TextField t = new TextField();
        t.setId("field-" + f.name());
        t.textProperty().bindBidirectional(f.textProperty());
        if (f.help() != null) {
            t.setPromptText(f.help());
            t.setTooltip(new Tooltip(f.help()));
        }
        f.errorProperty().addListener((obs, old, now) -> t.pseudoClassStateChanged(ERROR, !now.isEmpty()));
        t.pseudoClassStateChanged(ERROR, !f.error().isEmpty());
        return t;
    }

    private static final PseudoClass ERROR = PseudoClass.getPseudoClass("danger");

    private static Label errorLabel() {
        Label l = new Label();
        l.getStyleClass().add("field-error");
        l.setWrapText(true);
        l.managedProperty().bind(l.textProperty().isNotEmpty());
        l.visibleProperty().bind(l.managedProperty());
        return l;
    }

    private static Label error(FormField f) {
        Label l = errorLabel();
        l.setId("error-" + f.name());
        l.textProperty().bind(f.errorProperty());
        return l;
    }

    private void row(String label, Node control, Label error) {
        Label l = new Label(label);
        l.getStyleClass().add("form-label");
        grid.add(l, 0, row);
        grid.add(control, 1, row++);
        if (error != null) {
            grid.add(error, 1, row++);
        }
    }

    private static Node withButton(TextField field, Button b) {
        HBox.setHgrow(field, Priority.ALWAYS);
        return new HBox(4, field, b);
    }

    private static Button browse(Runnable r) {
        Button b = new Button("", new FontIcon(Material2AL.FOLDER));
        b.setTooltip(new Tooltip("Browse…"));
        b.setOnAction(e -> r.run());
        return b;
    }

    private void chooseDir(String start, Consumer<Path> to) {
        DirectoryChooser dc = new DirectoryChooser();
        if (start != null && !start.isBlank()) {
            File f = new File(start);
            File parent = f.isDirectory() ? f : f.getParentFile();
            if (parent != null && parent.isDirectory()) {
                dc.setInitialDirectory(parent);
            }
        }
        File chosen = dc.showDialog(getScene() == null ? null : getScene().getWindow());
        if (chosen != null) {
            to.accept(chosen.toPath());
        }
    }

    /** A full-width choice bound both ways to {@code value}; {@code id} and {@code tip} may be null. */
    private static ComboBox<String> choice(List<String> items, Property<String> value, String id, String tip) {
        ComboBox<String> box = new ComboBox<>();
        box.getItems().setAll(items);
        box.valueProperty().bindBidirectional(value);
        box.setMaxWidth(Double.MAX_VALUE);
        if (id != null) {
            box.setId(id);
        }
        if (tip != null) {
            box.setTooltip(new Tooltip(tip));
        }
        return box;
    }
}
