package dev.sfbridge.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * A PNG of ack latency percentiles against offered load, drawn with Java2D (headless): one colour per listener,
 * one line style per percentile (p50 solid, p99 dashed, p99.9 dotted), latency on a log scale because the
 * listeners differ by orders of magnitude once one saturates.
 */
final class LatencyChart {
    /** One offered rate and the percentiles of the acks at it, in milliseconds. */
    record Point(int perSecond, double p50, double p99, double p999) {
        double at(int percentile) {
            return switch (percentile) {
                case 0 -> p50;
                case 1 -> p99;
                default -> p999;
            };
        }
    }

    /** The plot's right edge is at {@code WIDTH - RIGHT}; the image widens past WIDTH when a legend label needs it. */
    private static final int WIDTH = 960;
    private static final int HEIGHT = 600;
    private static final int LEFT = 80;
    private static final int RIGHT = 190;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;
    /** From the plot's right edge to a legend label's first letter, and past its last. */
    private static final int LEGEND_TEXT = 56;
    private static final int LEGEND_MARGIN = 10;
    private static final Font LEGEND_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Color[] COLOURS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd)};
    private static final String[] PERCENTILES = {"p50", "p99", "p99.9"};
    private static final Stroke[] STROKES = {
            new BasicStroke(2.5f),
            new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[] {9, 6}, 0),
            new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND, 1f, new float[] {2, 5}, 0)};

    private LatencyChart() {}

    /** @param series each listener's name and its points, lowest rate first, in the legend's order */
    static void write(Path file, String title, Map<String, List<Point>> series) throws IOException {
        System.setProperty("java.awt.headless", "true");
        int maxRate = series.values().stream().flatMap(List::stream).mapToInt(Point::perSecond).max().orElse(1);
        double maxMillis = series.values().stream().flatMap(List::stream).mapToDouble(Point::p999).max().orElse(1);
        int topDecade = (int) Math.ceil(Math.log10(Math.max(10, maxMillis)));
        int width = Math.max(WIDTH, WIDTH - RIGHT + LEGEND_TEXT + widestLabel(series.keySet()) + LEGEND_MARGIN);
        BufferedImage image = new BufferedImage(width, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, HEIGHT);
            Plot plot = new Plot(maxRate, topDecade);
            axes(g, plot, title);
            int colour = 0;
            int legendY = TOP + 10;
            g.setFont(LEGEND_FONT);
            for (Map.Entry<String, List<Point>> s : series.entrySet()) {
                g.setColor(COLOURS[colour++ % COLOURS.length]);
                for (int p = 0; p < PERCENTILES.length; p++) {
                    g.setStroke(STROKES[p]);
                    Path2D line = new Path2D.Double();
                    List<Point> points = s.getValue();
                    for (int i = 0; i < points.size(); i++) {
                        double x = plot.x(points.get(i).perSecond());
                        double y = plot.y(points.get(i).at(p));
                        if (i == 0) {
                            line.moveTo(x, y);
                        } else {
                            line.lineTo(x, y);
                        }
                        g.fillOval((int) x - 3, (int) y - 3, 6, 6);
                    }
                    g.draw(line);
                }
                legendY = legendLine(g, STROKES[0], s.getKey(), legendY);
            }
            g.setColor(Color.BLACK);
            legendY += 12;
            for (int p = 0; p < PERCENTILES.length; p++) {
                legendY = legendLine(g, STROKES[p], PERCENTILES[p], legendY);
            }
        } finally {
            g.dispose();
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        ImageIO.write(image, "png", file.toFile());
    }

    /** In pixels, in the legend's font: a listener's whole name stays in the picture (it was cut at 960 pixels). */
    private static int widestLabel(Collection<String> labels) {
        Graphics2D scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        try {
            FontMetrics metrics = scratch.getFontMetrics(LEGEND_FONT);
            return labels.stream().mapToInt(metrics::stringWidth).max().orElse(0);
        } finally {
            scratch.dispose();
        }
    }

    /** @return where the next legend line goes */
    private static int legendLine(Graphics2D g, Stroke stroke, String text, int y) {
        g.setStroke(stroke);
        g.drawLine(WIDTH - RIGHT + 15, y, WIDTH - RIGHT + 50, y);
        g.drawString(text, WIDTH - RIGHT + LEGEND_TEXT, y + 4);
        return y + 20;
    }

    private static void axes(Graphics2D g, Plot plot, String title) {
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, LEFT, TOP - 20);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString("offered load, notifications/s", LEFT + (WIDTH - LEFT - RIGHT) / 2 - 80, HEIGHT - 15);
        g.rotate(-Math.PI / 2);
        g.drawString("ack latency, ms (log scale)", -(TOP + (HEIGHT - TOP - BOTTOM) / 2 + 70), 20);
        g.rotate(Math.PI / 2);
        for (int decade = 0; decade <= plot.topDecade(); decade++) {
            int y = (int) plot.y(Math.pow(10, decade));
            g.setColor(new Color(0xdddddd));
            g.drawLine(LEFT, y, WIDTH - RIGHT, y);
            g.setColor(Color.BLACK);
            g.drawString(String.format(Locale.ROOT, "%,.0f", Math.pow(10, decade)), LEFT - 50, y + 4);
        }
        int step = niceStep(plot.maxRate());
        for (int rate = 0; rate <= plot.maxRate(); rate += step) {
            int x = (int) plot.x(rate);
            g.setColor(new Color(0xeeeeee));
            g.drawLine(x, TOP, x, HEIGHT - BOTTOM);
            g.setColor(Color.BLACK);
            g.drawString(String.format(Locale.ROOT, "%,d", rate), x - 15, HEIGHT - BOTTOM + 18);
        }
        g.drawRect(LEFT, TOP, WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM);
    }

    /** The smallest of 1, 2, 5, 10, 20, 50, ... that leaves at most ten ticks. */
    private static int niceStep(int max) {
        int[] mantissas = {1, 2, 5};
        for (int decade = 1; ; decade *= 10) {
            for (int m : mantissas) {
                if (max / (m * decade) <= 10) {
                    return m * decade;
                }
            }
        }
    }

    /** Data to pixels: rate linear from 0, latency log10 from 1 ms to 10^topDecade ms. */
    private record Plot(int maxRate, int topDecade) {
        double x(double perSecond) {
            return LEFT + perSecond / maxRate * (WIDTH - LEFT - RIGHT);
        }

        double y(double millis) {
            double decades = Math.log10(Math.max(1, millis)) / topDecade;
            return HEIGHT - BOTTOM - decades * (HEIGHT - TOP - BOTTOM);
        }
    }
}
