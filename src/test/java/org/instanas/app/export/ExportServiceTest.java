// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.app.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.text.PDFTextStripper;
import org.instanas.analysis.Difficulty;
import org.instanas.analysis.VariantsTable;
import org.instanas.figure.CurvesFigure;
import org.instanas.figure.Figure;
import org.instanas.figure.Figures;
import org.instanas.figure.GalleryFigure;
import org.instanas.run.RunSnapshot;
import org.instanas.testutil.FakeRun;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class ExportServiceTest {
    @TempDir
    static Path tmp;

    static FakeRun run;
    static Map<String, Figure> pack;

    @BeforeAll
    static void fakeRun() {
        run = FakeRun.create(tmp.resolve("fake run"));
        pack = Figures.forRun(RunSnapshot.load(run.dir), null, run.thumbnails(), null, run.classNames);
    }

    static Document parseXml(Path file) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        DocumentBuilder b = f.newDocumentBuilder();
        return b.parse(file.toFile());
    }

    static List<String> texts(Document d) {
        List<String> out = new ArrayList<>();
        NodeList nl = d.getElementsByTagNameNS("*", "text");
        for (int i = 0; i < nl.getLength(); i++) {
            out.add(nl.item(i).getTextContent());
        }
        return out;
    }

    @Test
    void svgParsesAndCarriesAxisTitlesAndLegendAsText() throws Exception {
        Path file = ExportService.export(
                pack.get("curves"),
                ExportService.Format.SVG,
                tmp.resolve("curves.svg"),
                ExportService.ExportOptions.doubleColumn());
        Document d = parseXml(file);
        Element svg = d.getDocumentElement();
        assertEquals("svg", svg.getLocalName());
        double wPt = 17.5 / 2.54 * 72;
        assertEquals(wPt, Double.parseDouble(svg.getAttribute("width").replace("pt", "")), 0.01);
        assertTrue(svg.getAttribute("width").endsWith("pt"));
        assertTrue(svg.getAttribute("height").endsWith("pt"));
        assertTrue(svg.getAttribute("viewBox").startsWith("0"), svg.getAttribute("viewBox"));
        List<String> t = texts(d);
        for (String s : List.of(
                "Training curves",
                "step",
                "reward",
                "accuracy",
                "latency (ms)",
                "entropy",
                "UB/LB window",
                run.info.name())) {
            assertTrue(t.contains(s), "missing text '" + s + "' in " + t);
        }
        Document v = parseXml(ExportService.export(
                pack.get("variants"),
                ExportService.Format.SVG,
                tmp.resolve("variants.svg"),
                ExportService.ExportOptions.singleColumn()));
        List<String> vt = texts(v);
        for (String s : List.of(
                "mean latency per image (ms)", "test error (%)", "Pareto front", VariantsTable.BASELINE_LABEL)) {
            assertTrue(vt.contains(s) || vt.contains(" " + s), "missing text '" + s + "' in " + vt);
        }
    }

    @Test
    void pdfHasOnePageOfTheRequestedSizeWithTheTitleAsText() throws Exception {
        ExportService.ExportOptions o = new ExportService.ExportOptions(8.5, 6.0, 300, 8);
        Path file = ExportService.export(pack.get("latency"), ExportService.Format.PDF, tmp.resolve("latency.pdf"), o);
        try (PDDocument doc = Loader.loadPDF(file.toFile())) {
            assertEquals(1, doc.getNumberOfPages());
            PDRectangle box = doc.getPage(0).getMediaBox();
            assertEquals(8.5 / 2.54 * 72, box.getWidth(), 1);
            assertEquals(6.0 / 2.54 * 72, box.getHeight(), 1);
            String text = new PDFTextStripper().getText(doc);
            assertTrue(text.contains("Latency lookup table"), text);
            assertTrue(text.contains("IR k3 e6"), text);
        }
        Path map = ExportService.export(
                pack.get("histogram"),
                ExportService.Format.PDF,
                tmp.resolve("hist.pdf"),
                ExportService.ExportOptions.slide());
        try (PDDocument doc = Loader.loadPDF(map.toFile())) {
            assertEquals(25.4 / 2.54 * 72, doc.getPage(0).getMediaBox().getWidth(), 1);
            assertEquals(14.29 / 2.54 * 72, doc.getPage(0).getMediaBox().getHeight(), 1);
            String text = new PDFTextStripper().getText(doc);
            assertTrue(text.contains("Per-image latency distribution"), text);
            assertTrue(text.contains("\u2212"), "the minus sign survives as text: " + text);
        }
    }

    @Test
    void pngHasTheRequestedPixelsAndAPhysChunkWithTheDpi() throws Exception {
        ExportService.ExportOptions o = new ExportService.ExportOptions(8.5, 5.0, 300, 8);
        Path file = ExportService.export(pack.get("usage"), ExportService.Format.PNG, tmp.resolve("usage.png"), o);
        byte[] png = Files.readAllBytes(file);
        var img = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(Math.round(8.5 / 2.54 * 300), img.getWidth());
        assertEquals(Math.round(5.0 / 2.54 * 300), img.getHeight());
        long[] phys = phys(png);
        assertEquals(Math.round(300 / 0.0254), phys[0]); // 11811 pixels per metre
        assertEquals(phys[0], phys[1]);
        assertEquals(1, phys[2]); // unit: metre
        // an existing pHYs is replaced, not duplicated
        byte[] again = Png.withDpi(png, 72);
        assertEquals(Math.round(72 / 0.0254), phys(again)[0]);
        assertEquals(1, count(again, "pHYs"));
        assertEquals(count(png, "IDAT"), count(again, "IDAT"));
    }

    /** Walks the chunks of a PNG, checks every CRC and returns pHYs: {x ppu, y ppu, unit}. */
    static long[] phys(byte[] png) {
        assertArrayEquals(Png.SIGNATURE, Arrays.copyOf(png, 8));
        int pos = 8;
        long[] out = null;
        boolean idatSeen = false;
        while (pos < png.length) {
            ByteBuffer b = ByteBuffer.wrap(png, pos, 8);
            int len = b.getInt();
            String type = new String(png, pos + 4, 4, StandardCharsets.US_ASCII);
            CRC32 crc = new CRC32();
            crc.update(png, pos + 4, 4 + len);
            assertEquals(
                    crc.getValue(), ByteBuffer.wrap(png, pos + 8 + len, 4).getInt() & 0xffffffffL, "CRC of " + type);
            if (type.equals("IDAT")) {
                idatSeen = true;
            }
            if (type.equals("pHYs")) {
                assertTrue(!idatSeen, "pHYs must come before IDAT");
                ByteBuffer d = ByteBuffer.wrap(png, pos + 8, len);
                out = new long[] {d.getInt() & 0xffffffffL, d.getInt() & 0xffffffffL, d.get()};
            }
            pos += 12 + len;
        }
        assertTrue(out != null, "no pHYs chunk");
        return out;
    }

    static int count(byte[] png, String chunk) {
        int n = 0;
        int pos = 8;
        while (pos < png.length) {
            int len = ByteBuffer.wrap(png, pos, 4).getInt();
            if (new String(png, pos + 4, 4, StandardCharsets.US_ASCII).equals(chunk)) {
                n++;
            }
            pos += 12 + len;
        }
        return n;
    }

    @Test
    void galleryExportsEmbedEveryThumbnail() throws Exception {
        GalleryFigure g = (GalleryFigure) pack.get("gallery");
        assertEquals(Figures.GALLERY_CLASSES * Figures.GALLERY_PER_ROW, g.imageCount());
        Path svg = ExportService.export(
                g, ExportService.Format.SVG, tmp.resolve("gallery.svg"), ExportService.ExportOptions.doubleColumn());
        Document d = parseXml(svg);
        assertEquals(g.imageCount(), d.getElementsByTagNameNS("*", "image").getLength());
        String raw = Files.readString(svg);
        assertEquals(g.imageCount(), raw.split("<image", -1).length - 1);
        Path pdf = ExportService.export(
                g, ExportService.Format.PDF, tmp.resolve("gallery.pdf"), ExportService.ExportOptions.doubleColumn());
        try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
            assertTrue(new PDFTextStripper().getText(doc).contains("airplane"));
        }
        // easiest / hardest: 2 rows of n
        GalleryFigure eh = GalleryFigure.easiestHardest(run.rows(), run.classNames, 6, run.thumbnails());
        String ehSvg = ExportService.svg(eh, ExportService.ExportOptions.singleColumn());
        assertEquals(12, ehSvg.split("<image", -1).length - 1);
    }

    @Test
    void filesAreWrittenAtomicallyWithNamesFromRunAndFigure() throws Exception {
        Path out = tmp.resolve("atomic");
        for (ExportService.Format f : ExportService.Format.values()) {
            ExportService.export(
                    pack.get("arch"),
                    f,
                    out.resolve(ExportService.fileName("my run/1", "arch", f)),
                    ExportService.ExportOptions.singleColumn());
        }
        try (Stream<Path> s = Files.list(out)) {
            assertEquals(
                    List.of("my_run_1-arch.pdf", "my_run_1-arch.png", "my_run_1-arch.svg"),
                    s.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void csvTables() throws Exception {
        Path dir = tmp.resolve("csv");
        CsvExport.variants(dir.resolve("v.csv"), VariantsTable.of(run.evaluations));
        List<String> v = Files.readAllLines(dir.resolve("v.csv"));
        assertEquals(1 + 1 + run.evaluations.size(), v.size());
        assertTrue(v.get(1).startsWith("MobileNetV2 path (in the meta-graph),"), v.get(1));
        CsvExport.metrics(dir.resolve("m.csv"), run.metrics);
        List<String> m = Files.readAllLines(dir.resolve("m.csv"));
        assertEquals(run.metrics.size() + 1, m.size());
        assertTrue(m.get(0).startsWith("stage,kind,epoch,step,time,message,"));
        for (String key : List.of("reward", "accuracy", "latency", "ub", "lb", "loss")) {
            assertTrue(List.of(m.get(0).split(",")).contains(key), key);
        }
        CsvExport.curves(dir.resolve("c.csv"), (CurvesFigure) pack.get("curves"));
        assertTrue(Files.readAllLines(dir.resolve("c.csv")).get(0).equals("run,key,step,raw,smoothed"));
        CsvExport.difficulty(dir.resolve("d.csv"), Difficulty.of(run.rows(), run.classNames));
        assertEquals(
                run.rows().size() + 1, Files.readAllLines(dir.resolve("d.csv")).size());
        assertEquals("\"a,b\"", CsvExport.quote("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", CsvExport.quote("say \"hi\""));
        assertEquals("0.5", CsvExport.num(0.5));
        assertEquals("3", CsvExport.num(3.0));
        assertEquals("", CsvExport.num(Double.NaN));
    }
}
