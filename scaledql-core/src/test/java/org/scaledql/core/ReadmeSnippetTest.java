package org.scaledql.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The consumer project that scaledql-consumer-it builds in {@code mvn verify} is README.md's dependency snippet:
 * if the README changes, the check must follow, and the other way round. The snippet names the project's version
 * and SLF4J's, which must be the parent's.
 */
class ReadmeSnippetTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private static List<String> readmeSnippet() throws Exception {
        String readme = Files.readString(ROOT.resolve("README.md"));
        int section = readme.indexOf("### Use as a dependency");
        assertThat(section).as("README section 'Use as a dependency'").isNotNegative();
        int start = readme.indexOf("```xml\n", section) + "```xml\n".length();
        int end = readme.indexOf("```", start);
        return readme.substring(start, end).lines().toList();
    }

    private static String parentProperty(String name) throws Exception {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(
                Files.readString(ROOT.resolve("pom.xml")));
        assertThat(m.find()).as("parent property %s", name).isTrue();
        return m.group(1);
    }

    @Test
    void theConsumerCheckPomEndsWithTheReadmeSnippet() throws Exception {
        List<String> snippet = readmeSnippet();
        List<String> consumer = Files.readAllLines(ROOT.resolve("scaledql-consumer-it/src/it/consumer/pom.xml"));
        assertThat(consumer.get(consumer.size() - 1)).isEqualTo("</project>");
        assertThat(consumer.subList(consumer.size() - 1 - snippet.size(), consumer.size() - 1))
                .as("the consumer pom's lines before </project>").isEqualTo(snippet);
    }

    @Test
    void theReadmeSnippetNamesTheProjectsAndSlf4jsVersions() throws Exception {
        String snippet = String.join("\n", readmeSnippet());
        assertThat(snippet).contains("<artifactId>scaledql-bom</artifactId>\n    <version>"
                + parentProperty("version") + "</version>");
        assertThat(snippet).contains("<artifactId>slf4j-simple</artifactId><version>"
                + parentProperty("slf4j.version") + "</version>");
    }
}
