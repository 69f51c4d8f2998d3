package org.scaledql.core.plot;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.common.collect.ImmutableList;
import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import javax.imageio.ImageIO;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * A figure: XChart panels laid out in a grid of equal cells, rendered as one PNG or SVG. XChart's own encoders
 * write one chart per file; this paints every panel into one canvas instead (for SVG through VectorGraphics2D,
 * the library XChart's encoder uses). Files are written atomically (temp file, then rename).
 */
public final class Figure {

    private final List<Chart<?, ?>> panels;
    private final int columns;
    private final int panelWidth;
    private final int panelHeight;

    /**
     * A figure of equally sized panels laid out row by row.
     *
     * @param panels      the charts, row by row
     * @param columns     panels per row, {@code >= 1}
     * @param panelWidth  pixels per panel
     * @param panelHeight pixels per panel
     */
    public Figure(List<? extends Chart<?, ?>> panels, int columns, int panelWidth, int panelHeight) {
        checkArgument(!panels.isEmpty(), "a figure needs at least one panel");
        checkArgument(columns >= 1 && panelWidth >= 50 && panelHeight >= 50,
                "a figure needs columns >= 1 and panels of at least 50x50 pixels; got columns=%s, %sx%s",
                columns, panelWidth, panelHeight);
        this.panels = ImmutableList.copyOf(panels);
        this.columns = Math.min(columns, panels.size());
        this.panelWidth = panelWidth;
        this.panelHeight = panelHeight;
    }

    /** {@return the panels, for further styling before saving} */
    public List<Chart<?, ?>> panels() {
        return panels;
    }

    /**
     * Width of the whole figure in pixels.
     *
     * @return the width
     */
    public int width() {
        return columns * panelWidth;
    }

    /**
     * Height of the whole figure in pixels.
     *
     * @return the height
     */
    public int height() {
        return ((panels.size() + columns - 1) / columns) * panelHeight;
    }

    /**
     * Writes the figure as a PNG.
     *
     * @param file the destination
     * @throws IOException if reading or writing fails
     */
    public void savePng(Path file) throws IOException {
        BufferedImage img = new BufferedImage(width(), height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width(), height());
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            paint(g);
        } finally {
            g.dispose();
        }
        writeAtomically(file, out -> {
            if (!ImageIO.write(img, "png", out)) {
                throw new IOException("no PNG writer available in this JVM");
            }
        });
    }

    /**
     * Writes the figure as an SVG.
     *
     * @param file the destination
     * @throws IOException if reading or writing fails
     */
    public void saveSvg(Path file) throws IOException {
        VectorGraphics2D g = new VectorGraphics2D();
        paint(g);
        writeAtomically(file, out -> new SVGProcessor()
                .getDocument(g.getCommands(), new PageSize(0, 0, width(), height())).writeTo(out));
    }

    /**
     * Writes {@code base.png} and {@code base.svg} in {@code dir}, creating it if needed; returns both paths.
     *
     * @param dir  the directory
     * @param base the file name without extension
     * @return the PNG and SVG paths
     * @throws IOException if reading or writing fails
     */
    public List<Path> saveBoth(Path dir, String base) throws IOException {
        Files.createDirectories(dir);
        Path png = dir.resolve(base + ".png");
        Path svg = dir.resolve(base + ".svg");
        savePng(png);
        saveSvg(svg);
        return List.of(png, svg);
    }

    private void paint(Graphics2D g) {
        for (int i = 0; i < panels.size(); i++) {
            int x = (i % columns) * panelWidth;
            int y = (i / columns) * panelHeight;
            Graphics2D pg = (Graphics2D) g.create();
            try {
                pg.translate(x, y);
                pg.clipRect(0, 0, panelWidth, panelHeight);
                panels.get(i).paint(pg, panelWidth, panelHeight);
            } finally {
                pg.dispose();
            }
        }
    }

    /** Writes through a temp file in the target's directory, then renames it over the target. */
    private static void writeAtomically(Path file, Writer writer) throws IOException {
        Path abs = file.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        // Not Files.createTempFile: its owner-only permissions would stick to the renamed file.
        Path tmp = abs.resolveSibling("." + abs.getFileName() + "." + Long.toHexString(System.nanoTime()) + ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                writer.write(out);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @FunctionalInterface
    private interface Writer {
        void write(OutputStream out) throws IOException;
    }
}
