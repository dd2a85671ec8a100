// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.steer;

import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.instanas.run.Steering;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

/**
 * The steering panel beside the curves while a search runs: a field per setting with the value in
 * use, the problems of the fields, Apply, Undo and Clear, and whether the search applied the request.
 */
public final class SteerView extends VBox {
    public SteerView(SteerViewModel vm) {
        getStyleClass().add("steer-panel");
        setSpacing(8);
        setPrefWidth(330);
        setMinWidth(300);
        Label title = new Label("Steer the search");
        title.getStyleClass().add("section-title");
        Label help = new Label("Applied before the next step, recorded in the run and replayed on resume. "
                + "An empty field follows the run's setting or schedule.");
        help.setWrapText(true);
        help.getStyleClass().add("form-message");

        GridPane grid = new GridPane();
        grid.getStyleClass().add("form-grid");
        Label head = new Label("in use now");
        head.getStyleClass().add("form-message");
        grid.add(head, 2, 0);
        int row = 1;
        for (String k : Steering.KEYS) {
            Label name = new Label(Steering.label(k));
            name.setMinWidth(Region.USE_PREF_SIZE);
            name.getStyleClass().add("form-label");
            TextField f = new TextField();
            f.setId("steer-" + k);
            f.setPrefColumnCount(6);
            f.textProperty().bindBidirectional(vm.field(k));
            f.setOnAction(e -> vm.apply());
            f.setTooltip(new Tooltip(tip(k)));
            name.setLabelFor(f);
            Label now = new Label();
            now.getStyleClass().add("numeric");
            now.setMinWidth(Region.USE_PREF_SIZE);
            now.textProperty().bind(vm.inUse(k));
            grid.addRow(row++, name, f, now);
        }

        Label problems = new Label();
        problems.setId("steer-problems");
        problems.getStyleClass().add("form-problems");
        problems.setWrapText(true);
        problems.textProperty().bind(vm.problemsProperty());
        problems.visibleProperty().bind(vm.problemsProperty().isNotEmpty());
        problems.managedProperty().bind(problems.visibleProperty());

        Button apply = new Button("Apply", new FontIcon(Material2AL.CHECK));
        apply.setId("steer-apply");
        apply.setDefaultButton(false);
        apply.disableProperty().bind(vm.canApplyProperty().not());
        apply.setOnAction(e -> vm.apply());
        Button undo = new Button("Undo", new FontIcon(Material2MZ.UNDO));
        undo.setId("steer-undo");
        undo.setTooltip(new Tooltip("Back to the overrides before the newest change"));
        undo.disableProperty().bind(vm.canUndoProperty().not());
        undo.setOnAction(e -> vm.undo());
        Button clear = new Button("Clear");
        clear.setId("steer-clear");
        clear.setTooltip(new Tooltip("Lift every override: the run's settings and schedules again"));
        clear.disableProperty().bind(vm.availableProperty().not());
        clear.setOnAction(e -> vm.clear());
        HBox actions = new HBox(6, apply, undo, clear);
        actions.setAlignment(Pos.CENTER_LEFT);

        Label status = new Label();
        status.setId("steer-status");
        status.setWrapText(true);
        status.getStyleClass().add("form-message");
        status.textProperty().bind(vm.statusProperty());

        getChildren().addAll(title, help, grid, problems, actions, status);
        visibleProperty().bind(vm.availableProperty());
        managedProperty().bind(visibleProperty());
    }

    private static String tip(String k) {
        return switch (k) {
            case Steering.UB -> "Upper bound of the reward window, fixed from now on (instead of the schedule)";
            case Steering.LB -> "Lower bound of the reward window (default: the cheapest network's latency)";
            case Steering.UB_END -> "Where the UB schedule ends, × the MobileNetV2 path's latency";
            case Steering.POS_W -> "Reward of a correct prediction inside the window";
            case Steering.NEG_W -> "Reward of a wrong prediction";
            case Steering.BETA -> "Weight of the entropy term (exploration)";
            case Steering.ALPHA -> "Probability bound α of sampling: p' = α·p + (1 − α)·(1 − p)";
            case Steering.LR -> "The controller's Adam learning rate (instead of its decay schedule)";
            case Steering.NET_LR -> "The meta-graph's SGD learning rate during the search";
            default -> k;
        };
    }
}
