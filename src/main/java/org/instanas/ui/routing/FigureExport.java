// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.routing;

import java.io.File;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.scene.Node;
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
import javafx.util.StringConverter;
import org.instanas.app.export.ExportService.Format;
import org.instanas.figure.Figure;
import org.instanas.ui.export.ExportViewModel;
import org.instanas.ui.main.Theme;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

/**
 * The "Export…" button of the routing figure panes: format, size, DPI, font and file (the same
 * choices as the other panes, through {@link ExportViewModel} and ExportService), written in the background.
 */
public final class FigureExport {
    private FigureExport() {}

    /**
     * @param figure the figure to export (null disables nothing: the click is ignored)
     * @param run    the run, for the default folder {@code <run>/figures}
     * @param status receives "Exported …" or the error
     */
    public static Button button(Supplier<Figure> figure, Supplier<RunData> run, Executor background,
                                Consumer<String> status) {
        Button b = Ui.button("Export…", Material2MZ.SAVE_ALT, "Export the figure as PNG, SVG or PDF");
        b.getStyleClass().add("export-button");
        b.setOnAction(e -> {
            Figure f = figure.get();
            RunData d = run.get();
            if (f != null && d != null) {
                show(b, f, d, background, status);
            }
        });
        return b;
    }

    static void show(Node owner, Figure f, RunData d, Executor background, Consumer<String> status) {
        ExportViewModel m = new ExportViewModel(d.dir().root().resolve("figures"), d.runName(), f.id());
        Dialog<ButtonType> dlg = new Dialog<>();
        dlg.initOwner(owner.getScene().getWindow());
        dlg.setTitle("Export figure");
        dlg.setHeaderText("Export “" + f.title() + "”");
        dlg.getDialogPane().getButtonTypes().addAll(ButtonType.OK, ButtonType.CANCEL);
        dlg.getDialogPane().getStylesheets().addAll(Theme.stylesheet(), Ui.stylesheet());
        ((Button) dlg.getDialogPane().lookupButton(ButtonType.OK)).setText("Export");
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
        dpi.getValueFactory().valueProperty().addListener((o, a, v) -> m.dpiProperty().set(v));
        m.dpiProperty().addListener((o, a, v) -> dpi.getValueFactory().setValue(v.intValue()));
        dpi.disableProperty().bind(m.formatProperty().isNotEqualTo(Format.PNG));
        Spinner<Integer> font = new Spinner<>(5, 36, m.fontPtProperty().get());
        font.setEditable(true);
        font.getValueFactory().valueProperty().addListener((o, a, v) -> m.fontPtProperty().set(v));
        m.fontPtProperty().addListener((o, a, v) -> font.getValueFactory().setValue(v.intValue()));
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
            File chosen = fc.showSaveDialog(dlg.getDialogPane().getScene().getWindow());
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
        dlg.getDialogPane().setContent(g);
        dlg.showAndWait().filter(bt -> bt == ButtonType.OK).ifPresent(bt -> {
            status.accept("Exporting " + m.fileProperty().get() + " …");
            CompletableFuture.supplyAsync(() -> {
                try {
                    return m.export(f);
                } catch (Exception ex) {
                    throw new CompletionException(ex);
                }
            }, background).whenComplete((Path p, Throwable err) -> Ui.onFx(() -> status.accept(err == null
                    ? "Exported " + p : "Export failed: " + (err.getCause() != null ? err.getCause() : err).getMessage())));
        });
    }
}
