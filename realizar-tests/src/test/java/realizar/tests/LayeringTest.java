package realizar.tests;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.GeneralCodingRules;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The layering of docs/architecture.md, enforced: api ← runtime ← front ends; plugins see only the api.
 */
final class LayeringTest {
    private static final String[] PLUGINS = {"realizar.format..", "realizar.backend..", "realizar.templates.."};
    private static JavaClasses classes;

    @BeforeAll
    static void importAll() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("realizar");
        // Guard against a rule passing vacuously because nothing was imported.
        for (String pkg : new String[] {"realizar.api", "realizar.runtime", "realizar.format.gguf", "realizar.backend.simd",
                "realizar.server", "realizar.cli"}) {
            assertTrue(classes.containPackage(pkg), "no classes imported from " + pkg);
        }
    }

    @Test
    void apiDependsOnTheJdkOnly() {
        classes().that().resideInAPackage("realizar.api..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("realizar.api..", "java..")
                .check(classes);
    }

    @Test
    void pluginsDependOnTheApiOnly() {
        noClasses().that().resideInAnyPackage(PLUGINS)
                .should().dependOnClassesThat().resideInAnyPackage("realizar.runtime..", "realizar.server..", "realizar.cli..")
                .check(classes);
        // Plugin modules do not see each other: format.* and backend.* are one module per sub-package; templates is one.
        slices().matching("realizar.(format|backend).(*)..").namingSlices("plugin $1.$2")
                .should().notDependOnEachOther().check(classes);
        noClasses().that().resideInAPackage("realizar.templates..")
                .should().dependOnClassesThat().resideInAnyPackage("realizar.format..", "realizar.backend..")
                .check(classes);
        noClasses().that().resideInAnyPackage("realizar.format..", "realizar.backend..")
                .should().dependOnClassesThat().resideInAPackage("realizar.templates..")
                .check(classes);
    }

    @Test
    void runtimeNeverNamesAPluginOrAFrontEnd() {
        noClasses().that().resideInAPackage("realizar.runtime..")
                .should().dependOnClassesThat().resideInAnyPackage(PLUGINS)
                .orShould().dependOnClassesThat().resideInAnyPackage("realizar.server..", "realizar.cli..")
                .check(classes);
    }

    @Test
    void frontEndsUseRuntimeAndApiOnly() {
        noClasses().that().resideInAnyPackage("realizar.server..", "realizar.cli..")
                .should().dependOnClassesThat().resideInAnyPackage(PLUGINS)
                .check(classes);
        noClasses().that().resideInAPackage("realizar.server..")
                .should().dependOnClassesThat().resideInAPackage("realizar.cli..")
                .check(classes);
    }

    @Test
    void noPackageCycles() {
        slices().matching("realizar.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void onlyTheCliWritesToStandardStreamsOrExits() {
        noClasses().that().resideOutsideOfPackage("realizar.cli..")
                .should(GeneralCodingRules.ACCESS_STANDARD_STREAMS)
                .check(classes);
        noClasses().that().resideOutsideOfPackage("realizar.cli..")
                .should().callMethod(System.class, "exit", int.class)
                .orShould().callMethod(Runtime.class, "exit", int.class)
                .check(classes);
    }

    @Test
    void onlyTheSimdBackendUsesTheVectorApi() {
        noClasses().that().resideOutsideOfPackage("realizar.backend.simd..")
                .should().dependOnClassesThat().resideInAPackage("jdk.incubator.vector..")
                .check(classes);
    }
}
