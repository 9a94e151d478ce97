package dev.resilient.spring.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The starter builds on resilient-core's public API only. */
@AnalyzeClasses(packages = "dev.resilient.spring", importOptions = ImportOption.DoNotIncludeTests.class)
class StarterArchitectureTest {

    @ArchTest
    static final ArchRule theStarterImportsNoInternalPackageOfCore = noClasses()
            .that()
            .resideInAPackage("dev.resilient.spring..")
            .should()
            .dependOnClassesThat(
                    resideInAPackage("dev.resilient..internal..").and(not(resideInAPackage("dev.resilient.spring.."))))
            .because("core's internal packages are no API; what the starter needs is public in core");
}
