package dev.resilient.sample.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The sample uses resilient the way users do: through public API only. */
@AnalyzeClasses(packages = "dev.resilient.sample", importOptions = ImportOption.DoNotIncludeTests.class)
class SampleArchitectureTest {

    @ArchTest
    static final ArchRule theSampleImportsNoInternalPackage = noClasses()
            .that()
            .resideInAPackage("dev.resilient.sample..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("dev.resilient..internal..")
            .because("internal packages of the starter and of core are no API");
}
