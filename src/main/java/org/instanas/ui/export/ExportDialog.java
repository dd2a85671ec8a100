// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.export;

import java.io.File;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import javafx.application.Platform;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import javafx.util.StringConverter;
import org.instanas.app.AppPaths;
import org.instanas.app.RunWatcher;
import org.instanas.app.export.ExportService.Format;
import org.instanas.figure.Figure;
import org.instanas.ui.common.Theme;
import org.instanas.ui.main.FxDialogs;
import org.instanas.ui.main.MainViewModel;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;

/** "Export…" of every figure pane: format, size preset, DPI, font size and file; written by ExportService. */
public final class ExportDialog {
    private final Window owner;
    private final MainViewModel vm;

    public ExportDialog(Window owner, MainViewModel vm) {
        this.owner = owner;
        this.vm = vm;
    }

    public void curves() {
        var b = vm.curves().built();
        show(b == null ? null : b.figure(), "curves");
    }

    public void latency() {
        show(vm.latency().figureProperty().get(), "latency");
    }

    public void usage() {
        show(vm.usage().figureProperty().get(), "usage");
    }

    private void show(Figure f, String pane) {
        if (f == null) {
            return;
        }
        RunWatcher w = vm.watcherProperty().get();
        Path folder = w == null ? AppPaths.home().resolve("figures") : w.root().resolve("figures");
        String run = w == null ? "" : w.state().name();
        ExportViewModel m = new ExportViewModel(folder, run, f.id() == null ? pane : f.id());
        if (!ask(owner, m, f)) {
            return;
        }
        vm.status().setMessage("Exporting " + m.fileProperty().get() + " …");
        CompletableFuture.supplyAsync(() -> {
                    try {
                        return m.export(f);
                    } catch (Exception e) {
                        throw new CompletionException(e);
                    }
                })
                .whenComplete((p, e) -> Platform.runLater(() -> {
                    if (e != null) {
                        Throwable c = e.getCause() != null ? e.getCause() : e;
                        vm.status().setMessage("Export failed: " + c.getMessage());
                        new FxDialogs(owner).error("Export failed", String.valueOf(c.getMessage()), null);
                    } else {
                        vm.status().setMessage("Exported " + p);
                    }
                }));
    }

    /**
     * The export form (format, size preset, DPI, font size, file) over {@code m}; true when the user
     * chose Export. Shared by every figure pane.
     */
    public static boolean ask(Window owner, ExportViewModel m, Figure f, String... stylesheets) {
        Dialog<ButtonType> d = new Dialog<>();
        d.initOwner(owner);
        d.setTitle("Export figure");
        d.setHeaderText("Export “" + f.title() + "”");
        d.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        d.getDialogPane().getStylesheets().add(Theme.stylesheet());
        d.getDialogPane().getStylesheets().addAll(stylesheets);
        ((Button) d.getDialogPane().lookupButton(ButtonType.OK)).setText("Export");

        ChoiceBox<Format> format = new ChoiceBox<>();
        format.getItems().setAll(Format.values());
        format.valueProperty().bindBidirectional(m.formatProperty());
        ChoiceBox<ExportViewModel.Size> size = new ChoiceBox<>();
        size.getItems().setAll(ExportViewModel.Size.values());
        size.setConverter(new StringConverter<>() {
            @Override
            public String toString(ExportViewModel.Size s) {
                return s == null ? "" : s.label;
            }

            @Override
            public ExportViewModel.Size fromString(String s) {
                return null;
            }
        });
        size.valueProperty().bindBidirectional(m.sizeProperty());
        Spinner<Integer> dpi = new Spinner<>(72, 1200, m.dpiProperty().get(), 50);
        dpi.setEditable(true);
        dpi.getValueFactory()
                .valueProperty()
                .addListener((obs, old, now) -> m.dpiProperty().set(now));
        m.dpiProperty().addListener((obs, old, now) -> dpi.getValueFactory().setValue(now.intValue()));
        dpi.disableProperty().bind(m.formatProperty().isNotEqualTo(Format.PNG));
        Spinner<Integer> font = new Spinner<>(5, 36, m.fontPtProperty().get());
        font.setEditable(true);
        font.getValueFactory()
                .valueProperty()
                .addListener((obs, old, now) -> m.fontPtProperty().set(now));
        m.fontPtProperty().addListener((obs, old, now) -> font.getValueFactory().setValue(now.intValue()));
        TextField file = new TextField();
        file.textProperty().bindBidirectional(m.fileProperty());
        file.setPrefColumnCount(36);
        Button browse = new Button("", new FontIcon(Material2AL.FOLDER));
        browse.setOnAction(e -> {
            FileChooser fc = new FileChooser();
            File cur = new File(m.fileProperty().get());
            if (cur.getParentFile() != null && cur.getParentFile().isDirectory()) {
                fc.setInitialDirectory(cur.getParentFile());
            }
            fc.setInitialFileName(cur.getName());
            File chosen = fc.showSaveDialog(d.getDialogPane().getScene().getWindow());
            if (chosen != null) {
                m.fileProperty().set(chosen.toString());
            }
        });
        HBox.setHgrow(file, Priority.ALWAYS);
        GridPane g = new GridPane();
        g.getStyleClass().add("form-grid");
        int r = 0;
        g.addRow(r++, new Label("Format"), format);
        g.addRow(r++, new Label("Size"), size);
        g.addRow(r++, new Label("DPI (PNG)"), dpi);
        g.addRow(r++, new Label("Font size (pt)"), font);
        g.addRow(r, new Label("File"), new HBox(4, file, browse));
        d.getDialogPane().setContent(g);
        return d.showAndWait().filter(b -> b == ButtonType.OK).isPresent();
    }
}
