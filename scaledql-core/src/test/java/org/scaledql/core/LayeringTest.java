package org.scaledql.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Enforces docs/architecture.md: api names no implementation or backend; core names no backend. */
class LayeringTest {

    /** Packages that belong to a concrete ND4J backend or its native bindings. */
    static final String[] BACKEND_PACKAGES = {
        "org.nd4j.linalg.cpu..", "org.nd4j.linalg.jcublas..", "org.nd4j.nativeblas..", "org.bytedeco..",
        "org.nd4j.jita..", "org.scaledql.cuda.."
    };

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.scaledql");
    }

    @Test
    void apiDependsOnNoImplementationOrBackend() {
        noClasses().that().resideInAPackage("org.scaledql.api..")
                .should().dependOnClassesThat().resideInAnyPackage("org.scaledql.core..", "org.scaledql.examples..")
                .orShould().dependOnClassesThat().resideInAnyPackage(BACKEND_PACKAGES)
                .check(classes);
    }

    /** The graph runtime serves any SameDiff graph: it must not depend on the network or the learner. */
    @Test
    void theGraphRuntimeDependsOnNoOtherScaledqlPackage() {
        noClasses().that().resideInAPackage("org.scaledql.core.runtime..")
                .should().dependOnClassesThat().resideInAnyPackage("org.scaledql.core.nn..", "org.scaledql.core.learn..",
                        "org.scaledql.core.train..", "org.scaledql.core.data..", "org.scaledql.examples..")
                .check(classes);
    }

    @Test
    void coreNamesNoBackendClass() {
        noClasses().that().resideInAPackage("org.scaledql.core..")
                .should().dependOnClassesThat().resideInAnyPackage(BACKEND_PACKAGES)
                .orShould().dependOnClassesThat().resideInAPackage("org.scaledql.examples..")
                .check(classes);
    }
}
