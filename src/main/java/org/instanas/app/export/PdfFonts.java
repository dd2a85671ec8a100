// SPDX-License-Identifier: GPL-3.0-or-later
package org.instanas.app.export;

import de.rototor.pdfbox.graphics2d.PdfBoxGraphics2DFontTextDrawerDefaultFonts;
import java.awt.Font;
import java.awt.FontFormatException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;

/**
 * Text in PDFs as real text with an embedded TrueType font (a sans-serif found in the usual font
 * folders: DejaVu Sans, Liberation Sans, Arial, Noto Sans), so that it is searchable and looks like
 * the PNG; without one, the PDF standard Helvetica (not embedded) is used.
 */
final class PdfFonts extends PdfBoxGraphics2DFontTextDrawerDefaultFonts {
    private static final String[][] CANDIDATES = {
        {
            "DejaVuSans.ttf",
            "LiberationSans-Regular.ttf",
            "Arial.ttf",
            "arial.ttf",
            "NotoSans-Regular.ttf",
            "FreeSans.ttf"
        },
        {
            "DejaVuSans-Bold.ttf",
            "LiberationSans-Bold.ttf",
            "Arial Bold.ttf",
            "arialbd.ttf",
            "NotoSans-Bold.ttf",
            "FreeSansBold.ttf"
        },
        {
            "DejaVuSans-Oblique.ttf",
            "LiberationSans-Italic.ttf",
            "Arial Italic.ttf",
            "ariali.ttf",
            "NotoSans-Italic.ttf",
            "FreeSansOblique.ttf"
        },
        {
            "DejaVuSans-BoldOblique.ttf",
            "LiberationSans-BoldItalic.ttf",
            "Arial Bold Italic.ttf",
            "arialbi.ttf",
            "NotoSans-BoldItalic.ttf",
            "FreeSansBoldOblique.ttf"
        },
    };
    private static volatile File[] files;

    private final Map<Integer, PDFont> loaded = new HashMap<>();

    @Override
    protected PDFont mapFont(Font font, IFontTextDrawerEnv env) throws IOException, FontFormatException {
        String fam = font.getFamily(Locale.ROOT).toLowerCase(Locale.ROOT);
        if (fam.contains("mono") || fam.contains("serif") && !fam.contains("sans")) {
            return super.mapFont(font, env);
        }
        int style = font.getStyle() & 3;
        PDFont f = loaded.get(style);
        if (f == null && !loaded.containsKey(style)) {
            File file = fontFiles()[style] != null ? fontFiles()[style] : fontFiles()[style & 1];
            if (file == null) {
                file = fontFiles()[0];
            }
            try {
                f = file == null ? null : PDType0Font.load(env.getDocument(), file);
            } catch (IOException | RuntimeException e) {
                f = null;
            }
            loaded.put(style, f);
        }
        return f != null ? f : super.mapFont(font, env);
    }

    /** Plain, bold, italic, bold-italic font files (entries may be null). */
    static File[] fontFiles() {
        File[] f = files;
        if (f == null) {
            f = find();
            files = f;
        }
        return f;
    }

    private static File[] find() {
        Map<String, Path> byName = new HashMap<>();
        for (Path dir : fontDirs()) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> s = Files.walk(dir, 5)) {
                s.filter(Files::isRegularFile)
                        .forEach(p -> byName.putIfAbsent(p.getFileName().toString(), p));
            } catch (IOException | RuntimeException e) {
                // an unreadable folder is skipped
            }
        }
        File[] out = new File[4];
        for (int st = 0; st < 4; st++) {
            for (String name : CANDIDATES[st]) {
                Path p = byName.get(name);
                if (p != null) {
                    out[st] = p.toFile();
                    break;
                }
            }
        }
        // keep one family: a bold from another family than the plain one looks odd
        if (out[0] != null) {
            String plainFamily = family(out[0].getName());
            for (int st = 1; st < 4; st++) {
                if (out[st] != null && !family(out[st].getName()).equals(plainFamily)) {
                    out[st] = null;
                }
            }
        }
        return out;
    }

    private static String family(String file) {
        String n = file.toLowerCase(Locale.ROOT);
        int cut = n.indexOf('-');
        return cut > 0
                ? n.substring(0, cut)
                : n.replace(".ttf", "").replace("bd", "").replace("bi", "");
    }

    private static List<Path> fontDirs() {
        List<Path> d = new ArrayList<>();
        String home = System.getProperty("user.home", ".");
        d.add(Path.of("/usr/share/fonts"));
        d.add(Path.of("/usr/local/share/fonts"));
        d.add(Path.of(home, ".local", "share", "fonts"));
        d.add(Path.of(home, ".fonts"));
        d.add(Path.of("/Library/Fonts"));
        d.add(Path.of("/System/Library/Fonts"));
        String win = System.getenv("WINDIR");
        if (win != null) {
            d.add(Path.of(win, "Fonts"));
        }
        d.add(Path.of(System.getProperty("java.home", "."), "lib", "fonts"));
        return d;
    }
}
