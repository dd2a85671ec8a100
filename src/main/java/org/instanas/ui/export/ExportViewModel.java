// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.export;

import java.io.IOException;
import java.nio.file.Path;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.instanas.app.export.ExportService;
import org.instanas.app.export.ExportService.ExportOptions;
import org.instanas.app.export.ExportService.Format;
import org.instanas.figure.Figure;

/** The export dialog's choices: format, size preset, DPI, font size and the file; export through ExportService. */
public final class ExportViewModel {
    /** Size presets of the dialog. */
    public enum Size {
        SINGLE("Single column (8.5 cm)"),
        DOUBLE("Double column (17.5 cm)"),
        SLIDE("Slide (25.4 × 14.3 cm)");

        public final String label;

        Size(String label) {
            this.label = label;
        }

        ExportOptions options() {
            return switch (this) {
                case SINGLE -> ExportOptions.singleColumn();
                case DOUBLE -> ExportOptions.doubleColumn();
                case SLIDE -> ExportOptions.slide();
            };
        }
    }

    private final ObjectProperty<Format> format = new SimpleObjectProperty<>(Format.PDF);
    private final ObjectProperty<Size> size = new SimpleObjectProperty<>(Size.SINGLE);
    private final IntegerProperty dpi = new SimpleIntegerProperty(300);
    private final IntegerProperty fontPt = new SimpleIntegerProperty(8);
    private final StringProperty file = new SimpleStringProperty("");
    private final Path folder;
    private final String runName;
    private final String figureId;

    public ExportViewModel(Path folder, String runName, String figureId) {
        this.folder = folder;
        this.runName = runName;
        this.figureId = figureId;
        size.addListener((obs, old, now) -> {
            dpi.set(now.options().dpi());
            fontPt.set((int) Math.round(now.options().fontPt()));
        });
        format.addListener((obs, old, now) -> file.set(suggestedFile().toString()));
        file.set(suggestedFile().toString());
    }

    public ObjectProperty<Format> formatProperty() {
        return format;
    }

    public ObjectProperty<Size> sizeProperty() {
        return size;
    }

    public IntegerProperty dpiProperty() {
        return dpi;
    }

    public IntegerProperty fontPtProperty() {
        return fontPt;
    }

    public StringProperty fileProperty() {
        return file;
    }

    /** {@code <run>/figures/<run>-<pane>.<ext>}. */
    public Path suggestedFile() {
        return folder.resolve(ExportService.fileName(runName, figureId, format.get()));
    }

    public ExportOptions options() {
        return size.get().options().withDpi(dpi.get()).withFontPt(fontPt.get());
    }

    public Path export(Figure f) throws IOException {
        return ExportService.export(f, format.get(), Path.of(file.get().trim()), options());
    }
}
