// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.projection;

import javafx.beans.property.IntegerProperty;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.instanas.analysis.Projection;
import org.instanas.ui.common.Controls;
import org.kordamp.ikonli.material2.Material2MZ;

/**
 * The map's parameters (input, method, neighbours, min-dist, perplexity, seed), Compute and Cancel,
 * progress, what is shown and, when t-SNE embedded a sample, how many of how many.
 */
final class ProjectionForm extends ScrollPane {
    ProjectionForm(ProjectionViewModel vm) {
        ChoiceBox<Projection.Input> input = new ChoiceBox<>();
        input.getItems().setAll(Projection.Input.values());
        input.setConverter(
                Controls.converter(i -> i == Projection.Input.PROBS ? "probabilities (85-d)" : "architectures (0/1)"));
        input.valueProperty().bindBidirectional(vm.inputProperty());
        input.setTooltip(new Tooltip(
                "The controller's 85 sigmoid outputs (the paper's choice), or the thresholded architecture bits"));
        ChoiceBox<Projection.Method> method = new ChoiceBox<>();
        method.getItems().setAll(Projection.Method.values());
        method.setConverter(Controls.converter(m -> m == Projection.Method.UMAP ? "UMAP" : "t-SNE"));
        method.valueProperty().bindBidirectional(vm.methodProperty());
        Spinner<Integer> k = intSpinner(2, 200, vm.neighborsProperty());
        k.setTooltip(new Tooltip("UMAP: neighbours of each point (local vs global structure)"));
        Spinner<Double> minDist = new Spinner<>(new SpinnerValueFactory.DoubleSpinnerValueFactory(
                0, 1, vm.minDistProperty().get(), 0.05));
        minDist.setEditable(true);
        minDist.getValueFactory()
                .valueProperty()
                .addListener((obs, old, now) -> vm.minDistProperty().set(now));
        minDist.setTooltip(new Tooltip("UMAP: how tightly points may pack"));
        Spinner<Double> perplexity = new Spinner<>(new SpinnerValueFactory.DoubleSpinnerValueFactory(
                2, 200, vm.perplexityProperty().get(), 5));
        perplexity.setEditable(true);
        perplexity
                .getValueFactory()
                .valueProperty()
                .addListener((obs, old, now) -> vm.perplexityProperty().set(now));
        perplexity.setTooltip(new Tooltip("t-SNE: effective number of neighbours"));
        Spinner<Integer> seed = intSpinner(0, Integer.MAX_VALUE, vm.seedProperty());
        var umap = vm.methodProperty().isEqualTo(Projection.Method.UMAP);
        k.disableProperty().bind(umap.not());
        minDist.disableProperty().bind(umap.not());
        perplexity.disableProperty().bind(umap);
        for (Spinner<?> s : new Spinner<?>[] {k, minDist, perplexity, seed}) {
            s.setPrefWidth(100);
        }
        GridPane g = new GridPane();
        g.getStyleClass().add("form-grid");
        int r = 0;
        g.addRow(r++, formLabel("Map of"), input);
        g.addRow(r++, formLabel("Method"), method);
        g.addRow(r++, formLabel("Neighbours"), k);
        g.addRow(r++, formLabel("Min-dist"), minDist);
        g.addRow(r++, formLabel("Perplexity"), perplexity);
        g.addRow(r, formLabel("Seed"), seed);
        input.setPrefWidth(184);
        method.setPrefWidth(184);
        Button compute = Controls.button(
                "Compute",
                Material2MZ.PLAY_ARROW,
                "Load the cached map for these parameters, or compute it in the background");
        compute.setId("compute-map");
        compute.getStyleClass().add("accent");
        compute.setOnAction(e -> vm.compute());
        var computing = vm.stateProperty().isEqualTo(ProjectionViewModel.State.COMPUTING);
        compute.disableProperty()
                .bind(computing.or(vm.choice().evaluationProperty().isNull()));
        Button cancel = Controls.button(
                "Cancel", Material2MZ.STOP, "Stop the computation (UMAP stops after its current phase)");
        cancel.setId("cancel-map");
        cancel.setOnAction(e -> vm.cancel());
        cancel.disableProperty().bind(computing.not());
        ProgressBar progress = new ProgressBar();
        progress.progressProperty().bind(vm.progressProperty());
        progress.visibleProperty().bind(computing);
        progress.setMaxWidth(Double.MAX_VALUE);
        Label message = new Label();
        message.getStyleClass().add("form-message");
        message.setWrapText(true);
        message.textProperty().bind(vm.messageProperty());
        Label sample = new Label();
        sample.getStyleClass().add("sample-note");
        sample.setWrapText(true);
        sample.textProperty().bind(vm.sampleNoteProperty());
        sample.visibleProperty().bind(vm.sampleNoteProperty().isNotEmpty());
        sample.managedProperty().bind(sample.visibleProperty());
        Label title = new Label("Projection");
        title.getStyleClass().add("section-title");
        VBox box = new VBox(8, title, g, new HBox(6, compute, cancel), progress, message, sample);
        box.getStyleClass().add("map-form");
        setContent(box);
        setFitToWidth(true);
        getStyleClass().add("form-scroll");
        setPrefWidth(300);
        setMinWidth(280);
    }

    private static Label formLabel(String text) {
        Label l = new Label(text);
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }

    private static Spinner<Integer> intSpinner(int min, int max, IntegerProperty p) {
        Spinner<Integer> s = new Spinner<>(min, max, p.get());
        s.setEditable(true);
        s.getValueFactory().valueProperty().addListener((obs, old, now) -> p.set(now));
        return s;
    }
}
