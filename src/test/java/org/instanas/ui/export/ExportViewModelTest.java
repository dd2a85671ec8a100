// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.ui.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.instanas.app.export.ExportService.Format;
import org.instanas.figure.LatencyHeatmapFigure;
import org.instanas.testutil.FakeRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportViewModelTest {
    @TempDir
    Path tmp;

    @Test
    void namesTheFileAfterRunAndPaneAndExportsWithThePreset() throws Exception {
        Path figures = tmp.resolve("run/figures");
        ExportViewModel vm = new ExportViewModel(figures, "my run", "latency");
        assertEquals(
                figures.resolve("my_run-latency.pdf"), Path.of(vm.fileProperty().get()));
        vm.formatProperty().set(Format.PNG);
        assertEquals(
                figures.resolve("my_run-latency.png"), Path.of(vm.fileProperty().get()));
        vm.sizeProperty().set(ExportViewModel.Size.DOUBLE);
        assertEquals(17.5, vm.options().widthCm());
        assertEquals(9, vm.fontPtProperty().get());
        vm.dpiProperty().set(150);
        Path out = vm.export(new LatencyHeatmapFigure(FakeRun.latencyTable()));
        assertTrue(Files.size(out) > 1000);
        var img = ImageIO.read(out.toFile());
        assertEquals(Math.round(17.5 / 2.54 * 150), img.getWidth());
    }
}
