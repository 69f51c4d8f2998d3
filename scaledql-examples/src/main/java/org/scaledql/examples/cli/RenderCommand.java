package org.scaledql.examples.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import org.scaledql.api.env.BehaviorPolicy;
import org.scaledql.core.env.BehaviorPolicies;
import org.scaledql.core.env.FrameRenderer;
import org.scaledql.core.env.Games;
import org.scaledql.core.env.GridEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./scaledql render}: an animated, looping GIF of episodes played by the noisy expert. */
@Command(name = "render", description = "Write an animated GIF of episodes of a game played by the noisy expert.")
final class RenderCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--game", required = true, description = "Game name (see ./scaledql games).")
    String game;

    @Option(names = "--mode", defaultValue = "0", description = "Game mode (default: ${DEFAULT-VALUE}).")
    int mode;

    @Option(names = "--difficulty", defaultValue = "0", description = "Difficulty (default: ${DEFAULT-VALUE}).")
    int difficulty;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of the game and the policy (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--episodes", defaultValue = "1", description = "Episodes to record (default: ${DEFAULT-VALUE}).")
    int episodes;

    @Option(names = "--noise", description = "Probability of a random action (default: the game's default noise).")
    Double noise;

    /** Frames are held in memory until the GIF is written: 64 px cells give 640x640 frames. */
    private static final int MAX_SCALE = 64;

    @Option(names = "--scale", defaultValue = "24", description = "Pixels per grid cell, 1 to 64 (default: ${DEFAULT-VALUE}).")
    int scale;

    @Option(names = "--frame-ms", defaultValue = "100", description = "Milliseconds per frame (default: ${DEFAULT-VALUE}).")
    int frameMs;

    @Option(names = "--max-frames", defaultValue = "2000", description = "Stop after this many frames (default: ${DEFAULT-VALUE}).")
    int maxFrames;

    @Option(names = "--output", required = true, description = "The .gif file to write (atomically).")
    Path output;

    @Override
    public Integer call() throws IOException {
        if (episodes < 1) {
            throw new IllegalArgumentException("--episodes must be >= 1; got " + episodes);
        }
        if (scale < 1 || scale > MAX_SCALE) {
            throw new IllegalArgumentException("--scale must be in [1, " + MAX_SCALE + "] pixels per cell; got " + scale);
        }
        if (maxFrames < 1 || frameMs < 10) {
            throw new IllegalArgumentException("--max-frames must be >= 1 and --frame-ms >= 10; got "
                    + maxFrames + " and " + frameMs);
        }
        if (!output.getFileName().toString().toLowerCase().endsWith(".gif")) {
            throw new IllegalArgumentException("--output must name a .gif file; got " + output);
        }
        GridEnvironment env = Games.create(game, mode, difficulty, seed);
        BehaviorPolicy policy = noise == null ? BehaviorPolicies.noisyExpert(game, seed + 1)
                : BehaviorPolicies.noisyExpert(game, noise, seed + 1);
        List<BufferedImage> frames = new ArrayList<>();
        List<Double> returns = new ArrayList<>();
        for (int e = 0; e < episodes && frames.size() < maxFrames; e++) {
            env.reset();
            frames.add(FrameRenderer.render(env, scale));
            while (frames.size() < maxFrames) {
                boolean done = env.step(policy.act(env)).done();
                frames.add(FrameRenderer.render(env, scale));
                if (done) {
                    break;
                }
            }
            returns.add(env.episodeReturn());
        }
        writeGif(frames, output, frameMs);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("wrote %s: %s, mode %d, %d frames, returns %s%n", output, game, mode, frames.size(), returns);
        out.flush();
        return 0;
    }

    /** Writes a looping animated GIF through a temporary file in the same directory, then renames it. */
    static void writeGif(List<BufferedImage> frames, Path output, int frameMs) throws IOException {
        Path dir = output.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + output.getFileName(), ".tmp");
        try {
            Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("gif");
            ImageWriter writer = writers.next();
            try (ImageOutputStream ios = ImageIO.createImageOutputStream(tmp.toFile())) {
                writer.setOutput(ios);
                writer.prepareWriteSequence(null);
                for (BufferedImage frame : frames) {
                    ImageTypeSpecifier type = ImageTypeSpecifier.createFromRenderedImage(frame);
                    IIOMetadata meta = writer.getDefaultImageMetadata(type, null);
                    String format = meta.getNativeMetadataFormatName();
                    IIOMetadataNode root = (IIOMetadataNode) meta.getAsTree(format);
                    IIOMetadataNode gce = child(root, "GraphicControlExtension");
                    gce.setAttribute("disposalMethod", "none");
                    gce.setAttribute("userInputFlag", "FALSE");
                    gce.setAttribute("transparentColorFlag", "FALSE");
                    gce.setAttribute("delayTime", Integer.toString(Math.max(1, frameMs / 10)));
                    gce.setAttribute("transparentColorIndex", "0");
                    IIOMetadataNode apps = child(root, "ApplicationExtensions");
                    IIOMetadataNode app = new IIOMetadataNode("ApplicationExtension");
                    app.setAttribute("applicationID", "NETSCAPE");
                    app.setAttribute("authenticationCode", "2.0");
                    app.setUserObject(new byte[] {1, 0, 0}); // loop forever
                    apps.appendChild(app);
                    meta.setFromTree(format, root);
                    writer.writeToSequence(new IIOImage(frame, null, meta), null);
                }
                writer.endWriteSequence();
            } finally {
                writer.dispose();
            }
            Files.move(tmp, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static IIOMetadataNode child(IIOMetadataNode root, String name) {
        for (int i = 0; i < root.getLength(); i++) {
            if (root.item(i).getNodeName().equalsIgnoreCase(name)) {
                return (IIOMetadataNode) root.item(i);
            }
        }
        IIOMetadataNode node = new IIOMetadataNode(name);
        root.appendChild(node);
        return node;
    }
}
