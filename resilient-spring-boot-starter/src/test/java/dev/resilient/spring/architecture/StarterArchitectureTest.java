package dev.resilient.spring.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.conditions.ArchConditions.be;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.jspecify.annotations.NullMarked;

/** The starter builds on resilient-core's public API only, and NullAway checks its packages. */
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

    /** NullAway checks only {@code @NullMarked} code, so every package of the starter's main sources is. */
    @ArchTest
    static final ArchRule everyPackageIsNullMarked = classes()
            .should(be(describe(
                    "in a @NullMarked package", (JavaClass c) -> c.getPackage().isAnnotatedWith(NullMarked.class))))
            .because("NullAway checks @NullMarked packages only: a package without it is not checked");
}
