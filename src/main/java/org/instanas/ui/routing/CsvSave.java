// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.routing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.scene.Node;
import javafx.stage.FileChooser;
import org.instanas.ui.common.FxThread;

/** "Export CSV…": a save dialog (in the run's figures folder by default), then the file is written in the background. */
public final class CsvSave {
    /** Writes one table to a file. */
    @FunctionalInterface
    public interface Writer {
        void write(Path file) throws IOException;
    }

    private CsvSave() {}

    public static void ask(
            Node owner, RunData run, String name, Writer writer, Executor background, Consumer<String> status) {
        FileChooser fc = new FileChooser();
        fc.setTitle("Export table as CSV");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("CSV", "*.csv"));
        if (run != null) {
            Path dir = run.dir().root().resolve("figures");
            File init = Files.isDirectory(dir) ? dir.toFile() : run.dir().root().toFile();
            if (init.isDirectory()) {
                fc.setInitialDirectory(init);
            }
        }
        fc.setInitialFileName(name.endsWith(".csv") ? name : name + ".csv");
        File f = fc.showSaveDialog(owner.getScene().getWindow());
        if (f != null) {
            write(f.toPath(), writer, background, status);
        }
    }

    public static CompletableFuture<Path> write(
            Path file, Writer writer, Executor background, Consumer<String> status) {
        status.accept("Writing " + file + " …");
        CompletableFuture<Path> done = CompletableFuture.supplyAsync(
                () -> {
                    try {
                        writer.write(file);
                        return file;
                    } catch (IOException e) {
                        throw new CompletionException(e);
                    }
                },
                background);
        done.whenComplete((p, err) -> FxThread.execute(() -> status.accept(
                err == null
                        ? "Wrote " + p
                        : "Export failed: " + (err.getCause() != null ? err.getCause() : err).getMessage())));
        return done;
    }
}
