package org.scaledql.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * scaledql-bom (what users import) has no parent, so its versions are written twice: they must equal the parent's,
 * and it must manage every library module the parent builds.
 */
class BomTest {

    private static Document read(Path pom) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(pom.toFile());
    }

    private static String child(Element e, String name) {
        NodeList l = e.getElementsByTagName(name);
        return l.getLength() == 0 ? null : l.item(0).getTextContent().trim();
    }

    @Test
    void theBomManagesEveryLibraryModuleAtTheParentsVersions() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        Element parent = read(root.resolve("pom.xml")).getDocumentElement();
        Element bom = read(root.resolve("scaledql-bom/pom.xml")).getDocumentElement();
        assertThat(child(bom, "version")).as("BOM version").isEqualTo(child(parent, "version"));
        for (String property : List.of("nd4j.version", "javacpp.cuda.version")) {
            assertThat(child(bom, property)).as(property).isNotNull().isEqualTo(child(parent, property));
        }
        List<String> managed = new ArrayList<>();
        NodeList deps = bom.getElementsByTagName("dependency");
        for (int i = 0; i < deps.getLength(); i++) {
            managed.add(child((Element) deps.item(i), "artifactId"));
        }
        NodeList modules = parent.getElementsByTagName("module");
        for (int i = 0; i < modules.getLength(); i++) {
            String m = modules.item(i).getTextContent().trim();
            // examples and spark are applications (spark builds on the examples' CLI); the consumer check is a test
            if (!List.of("scaledql-bom", "scaledql-examples", "scaledql-spark", "scaledql-consumer-it").contains(m)) {
                assertThat(managed).as("the BOM manages %s", m).contains(m);
            }
        }
    }
}
