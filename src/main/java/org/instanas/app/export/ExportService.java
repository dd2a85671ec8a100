// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.app.export;

import de.rototor.pdfbox.graphics2d.PdfBoxGraphics2D;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.instanas.figure.AdaptiveSize;
import org.instanas.figure.Figure;
import org.instanas.figure.FigureStyle;
import org.instanas.run.AtomicFiles;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.SVGUnits;
import org.jfree.svg.ViewBox;

/**
 * Writes a figure as SVG (JFreeSVG, size in points), PDF (PDFBox, one page of exactly the figure's
 * size, vector, text as embedded fonts) or PNG (at a chosen DPI, with a correct pHYs chunk). The
 * figure is drawn with {@link FigureStyle#print(double)} into a rectangle measured in points.
 * Files are written atomically.
 */
public final class ExportService {
    private static final double PT_PER_CM = 72 / 2.54;

    private ExportService() {}

    public enum Format {
        SVG,
        PDF,
        PNG;

        public String extension() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Format parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown format '" + s + "' (use svg, pdf or png)");
            }
        }
    }

    /**
     * Size, resolution and font size of an export.
     *
     * @param heightCm 0 or less: from the figure's preferred aspect ratio (see {@link #heightPt(Figure)})
     * @param dpi      pixels per inch of PNG exports (ignored by SVG and PDF)
     * @param fontPt   base font size in points
     */
    public record ExportOptions(double widthCm, double heightCm, int dpi, double fontPt) {
        public ExportOptions {
            if (!(widthCm > 0) || widthCm > 200) {
                throw new IllegalArgumentException("width must be between 0 and 200 cm (was " + widthCm + ")");
            }
            if (heightCm > 200) {
                throw new IllegalArgumentException("height must be at most 200 cm (was " + heightCm + ")");
            }
            if (dpi < 10 || dpi > 2400) {
                throw new IllegalArgumentException("dpi must be between 10 and 2400 (was " + dpi + ")");
            }
            if (!(fontPt >= 3 && fontPt <= 72)) {
                throw new IllegalArgumentException("font size must be between 3 and 72 pt (was " + fontPt + ")");
            }
        }

        /** One column of a two-column paper: 8.5 cm wide, 8 pt text. */
        public static ExportOptions singleColumn() {
            return new ExportOptions(8.5, 0, 300, 8);
        }

        /** Full page width of a two-column paper: 17.5 cm, 9 pt text. */
        public static ExportOptions doubleColumn() {
            return new ExportOptions(17.5, 0, 300, 9);
        }

        /** A 16:9 slide: 25.4 × 14.29 cm, 14 pt text. */
        public static ExportOptions slide() {
            return new ExportOptions(25.4, 14.29, 150, 14);
        }

        public ExportOptions withWidthCm(double v) {
            return new ExportOptions(v, heightCm, dpi, fontPt);
        }

        public ExportOptions withHeightCm(double v) {
            return new ExportOptions(widthCm, v, dpi, fontPt);
        }

        public ExportOptions withDpi(int v) {
            return new ExportOptions(widthCm, heightCm, v, fontPt);
        }

        public ExportOptions withFontPt(double v) {
            return new ExportOptions(widthCm, heightCm, dpi, v);
        }

        public double widthPt() {
            return widthCm * PT_PER_CM;
        }

        /**
         * The height in points: as given; else what an {@link AdaptiveSize} figure asks for; else from
         * the figure's preferred aspect ratio, plus room for text (which keeps its size in points when
         * the figure is made narrower than its preferred width).
         */
        public double heightPt(Figure f) {
            if (heightCm > 0) {
                return heightCm * PT_PER_CM;
            }
            if (f instanceof AdaptiveSize a) {
                return a.heightFor(widthPt(), fontPt);
            }
            double ratio = widthPt() / f.preferredWidth();
            double h = f.preferredHeight() * ratio;
            if (ratio < 1) {
                h += 5 * fontPt * (1 - ratio);
            }
            return h;
        }

        public double heightCm(Figure f) {
            return heightPt(f) / PT_PER_CM;
        }

        /** Pixel size of a PNG export: round(cm / 2.54 × dpi). */
        public int widthPx() {
            return (int) Math.round(widthCm / 2.54 * dpi);
        }

        public int heightPx(Figure f) {
            return (int) Math.round(heightCm(f) / 2.54 * dpi);
        }
    }

    /** {@code <run>-<figure>.<ext>}, with anything but letters, digits, dot, dash and underscore replaced. */
    public static String fileName(String runName, String figureId, Format fmt) {
        String base = (runName == null || runName.isBlank() ? "" : runName + "-") + figureId;
        return base.replaceAll("[^A-Za-z0-9._-]+", "_") + "." + fmt.extension();
    }

    public static Path export(Figure f, Format fmt, Path file, ExportOptions o) throws IOException {
        byte[] bytes = switch (fmt) {
            case SVG -> svg(f, o).getBytes(StandardCharsets.UTF_8);
            case PDF -> pdf(f, o);
            case PNG -> png(f, o);
        };
        AtomicFiles.write(file, out -> out.write(bytes));
        return file;
    }

    private static Rectangle2D area(Figure f, ExportOptions o) {
        return new Rectangle2D.Double(0, 0, o.widthPt(), o.heightPt(f));
    }

    /** The SVG document: width and height in points, user units = points. */
    public static String svg(Figure f, ExportOptions o) {
        Rectangle2D a = area(f, o);
        SVGGraphics2D g = new SVGGraphics2D(a.getWidth(), a.getHeight(), SVGUnits.PT);
        f.draw(g, a, FigureStyle.print(o.fontPt()));
        g.dispose();
        // width/height in points and a viewBox in the same units, so one user unit is one point
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + g.getSVGElement(null, true, new ViewBox(0, 0, a.getWidth(), a.getHeight()), null, null) + "\n";
    }

    /** A one-page PDF of exactly the figure's size in points; text drawn with embedded fonts. */
    public static byte[] pdf(Figure f, ExportOptions o) throws IOException {
        Rectangle2D a = area(f, o);
        float w = (float) a.getWidth();
        float h = (float) a.getHeight();
        try (PdfFonts fonts = new PdfFonts();
                PDDocument doc = new PDDocument()) {
            doc.getDocumentInformation().setTitle(f.title());
            doc.getDocumentInformation().setCreator("InstaNAS Workbench");
            PDPage page = new PDPage(new PDRectangle(w, h));
            doc.addPage(page);
            PdfBoxGraphics2D g = new PdfBoxGraphics2D(doc, w, h);
            g.setFontTextDrawer(fonts);
            try {
                f.draw(g, a, FigureStyle.print(o.fontPt()));
            } finally {
                g.dispose();
            }
            PDFormXObject form = g.getXFormObject();
            try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                cs.drawForm(form);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        }
    }

    /** Renders the figure to an RGB image at the options' DPI. */
    public static BufferedImage image(Figure f, ExportOptions o) {
        Rectangle2D a = area(f, o);
        int wpx = Math.max(1, o.widthPx());
        int hpx = Math.max(1, o.heightPx(f));
        BufferedImage img = new BufferedImage(wpx, hpx, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, wpx, hpx);
            g.scale(wpx / a.getWidth(), hpx / a.getHeight());
            f.draw(g, a, FigureStyle.print(o.fontPt()));
        } finally {
            g.dispose();
        }
        return img;
    }

    /** PNG bytes with a pHYs chunk giving the DPI. */
    public static byte[] png(Figure f, ExportOptions o) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(image(f, o), "png", out)) {
            throw new IOException("no PNG writer available");
        }
        return Png.withDpi(out.toByteArray(), o.dpi());
    }

    /** Writes a PNG of an already rendered image with the given DPI (for the UI's snapshots). */
    public static void writePng(BufferedImage img, int dpi, OutputStream out) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        ImageIO.write(img, "png", buf);
        out.write(Png.withDpi(buf.toByteArray(), dpi));
    }
}
