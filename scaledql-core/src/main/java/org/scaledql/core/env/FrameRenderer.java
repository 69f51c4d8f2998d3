package org.scaledql.core.env;

import static com.google.common.base.Preconditions.checkArgument;

import java.awt.image.BufferedImage;

/**
 * Draws the common-layout observation of a {@link GridEnvironment} as a colour image: each 10x10 cell is a
 * {@code scale x scale} square coloured by its highest-priority role ({@link CommonLayout#rgb(int)}), with a
 * dark grid line between cells. For GIFs and debugging; the network's pixel format is
 * {@link org.scaledql.api.env.ObservationFormat#PIXELS}.
 */
public final class FrameRenderer {

    private FrameRenderer() {
    }

    /**
     * Renders the current state.
     *
     * @param env   the environment
     * @param scale pixels per cell, at least 2
     * @return a {@code 10*scale} square RGB image
     */
    public static BufferedImage render(GridEnvironment env, int scale) {
        checkArgument(scale >= 2, "scale (pixels per cell) must be >= 2; got %s", scale);
        byte[] common = env.commonObservation();
        int side = 10 * scale;
        BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        for (int cell = 0; cell < 100; cell++) {
            int rgb = CommonLayout.rgb(CommonLayout.topChannel(common, 0, cell));
            int x0 = (cell % 10) * scale;
            int y0 = (cell / 10) * scale;
            for (int y = 0; y < scale; y++) {
                for (int x = 0; x < scale; x++) {
                    boolean border = x == 0 || y == 0;
                    img.setRGB(x0 + x, y0 + y, border ? 0x202020 : rgb);
                }
            }
        }
        return img;
    }
}
