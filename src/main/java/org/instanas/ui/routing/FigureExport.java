// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.routing;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.scene.Node;
import javafx.scene.control.Button;
import org.instanas.figure.Figure;
import org.instanas.ui.common.Controls;
import org.instanas.ui.common.FxThread;
import org.instanas.ui.export.ExportDialog;
import org.instanas.ui.export.ExportViewModel;
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
    public static Button button(
            Supplier<Figure> figure, Supplier<RunData> run, Executor background, Consumer<String> status) {
        Button b = Controls.button("Export…", Material2MZ.SAVE_ALT, "Export the figure as PNG, SVG or PDF");
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
        if (!ExportDialog.ask(owner.getScene().getWindow(), m, f, Controls.stylesheet())) {
            return;
        }
        status.accept("Exporting " + m.fileProperty().get() + " …");
        CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                return m.export(f);
                            } catch (Exception ex) {
                                throw new CompletionException(ex);
                            }
                        },
                        background)
                .whenComplete((Path p, Throwable err) -> FxThread.execute(() -> status.accept(
                        err == null
                                ? "Exported " + p
                                : "Export failed: " + (err.getCause() != null ? err.getCause() : err).getMessage())));
    }
}
