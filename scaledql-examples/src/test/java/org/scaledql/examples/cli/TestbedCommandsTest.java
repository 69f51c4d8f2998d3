package org.scaledql.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.scaledql.examples.cli.CliResult.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestbedCommandsTest {


    @Test
    void gamesJsonIsOneDocumentListingEveryGame() throws Exception {
        CliResult r = run("games", "--json");
        assertThat(r.code()).isZero();
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertThat(doc.get("games")).hasSize(10);
        JsonNode breakout = doc.get("games").get(1);
        assertThat(breakout.get("name").asText()).isEqualTo("breakout");
        assertThat(breakout.get("modes").get(1).get("name").asText()).isEqualTo("invisible");
        assertThat(breakout.get("referenceScore").asDouble()).isEqualTo(10.0);
        CliResult table = run("games");
        assertThat(table.out()).contains("space_invaders").contains("1:invisible");
    }

    @Test
    void renderWritesALoopingAnimatedGif(@TempDir Path dir) throws Exception {
        Path gif = dir.resolve("catch.gif");
        CliResult r = run("render", "--game", "catch", "--seed", "3", "--episodes", "1", "--output", gif.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("wrote ").contains("67 frames");
        try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
            ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
            reader.setInput(in);
            assertThat(reader.getNumImages(true)).isEqualTo(67);
            assertThat(reader.read(0).getWidth()).isEqualTo(240);
        }
        assertThat(Files.readString(gif, java.nio.charset.StandardCharsets.ISO_8859_1)).contains("NETSCAPE2.0");
        try (var files = Files.list(dir)) {
            assertThat(files).as("no temporary file left").hasSize(1);
        }
    }

    @Test
    void renderRejectsAnUnknownGameWithOneLine(@TempDir Path dir) {
        CliResult r = run("render", "--game", "tetris", "--output", dir.resolve("x.gif").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip()).startsWith("scaledql: unknown game 'tetris'").doesNotContain("\n");
    }

    /** Regression: --scale 100000 overflowed the frame size and printed the overflowed number as the error. */
    @Test
    void renderRejectsAScaleOutOfRange(@TempDir Path dir) {
        for (String scale : new String[] {"0", "65", "100000"}) {
            CliResult r = run("render", "--game", "catch", "--scale", scale, "--output", dir.resolve("x.gif").toString());
            assertThat(r.code()).as(scale).isEqualTo(1);
            assertThat(r.err().strip()).as(scale).isEqualTo("scaledql: --scale must be in [1, 64] pixels per cell; got " + scale);
        }
    }
}
