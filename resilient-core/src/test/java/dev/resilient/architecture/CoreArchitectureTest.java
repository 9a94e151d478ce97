package dev.resilient.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.conditions.ArchConditions.be;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.jspecify.annotations.NullMarked;

/**
 * The layers of resilient-core, as docs/architecture.md draws them: the contract (the root package,
 * {@code step}, {@code time}, {@code event}, {@code http}, {@code internal}) below the patterns, one
 * package each, below the assembly ({@code pipeline}), which alone knows every pattern.
 */
@AnalyzeClasses(packages = "dev.resilient", importOptions = ImportOption.DoNotIncludeTests.class)
class CoreArchitectureTest {

    static final String[] PATTERNS = {
        "dev.resilient.bulkhead..",
        "dev.resilient.cache..",
        "dev.resilient.circuitbreaker..",
        "dev.resilient.condition..",
        "dev.resilient.fallback..",
        "dev.resilient.observation..",
        "dev.resilient.ratelimiter..",
        "dev.resilient.recovery..",
        "dev.resilient.retry..",
        "dev.resilient.timeout.."
    };

    static final String[] CONTRACT = {
        "dev.resilient",
        "dev.resilient.step..",
        "dev.resilient.time..",
        "dev.resilient.event..",
        "dev.resilient.http..",
        "dev.resilient.internal.."
    };

    static final String ASSEMBLY = "dev.resilient.pipeline..";

    @ArchTest
    static final ArchRule patternsDoNotImportTheAssembly = noClasses()
            .that()
            .resideInAnyPackage(PATTERNS)
            .should()
            .dependOnClassesThat()
            .resideInAPackage(ASSEMBLY)
            .because("the assembly knows every pattern, so no pattern may know the assembly");

    @ArchTest
    static final ArchRule theContractImportsNoPatternAndNoAssembly = noClasses()
            .that()
            .resideInAnyPackage(CONTRACT)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(concat(PATTERNS, ASSEMBLY))
            .because("the step contract sits below every pattern");

    @ArchTest
    static final ArchRule coreImportsNoSpring = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.springframework..", "io.micrometer..", "reactor..")
            .because("resilient-core is framework-free");

    /** NullAway checks only {@code @NullMarked} code, so every package of core's main sources is. */
    @ArchTest
    static final ArchRule everyPackageIsNullMarked = classes()
            .should(be(describe(
                    "in a @NullMarked package", (JavaClass c) -> c.getPackage().isAnnotatedWith(NullMarked.class))))
            .because("NullAway checks @NullMarked packages only: a package without it is not checked");

    /**
     * No cycles among core's packages. A pattern with its subpackages ({@code internal}, and
     * observation's parts) is one slice; the root package is a slice of its own.
     */
    @ArchTest
    static final ArchRule corePackagesAreFreeOfCycles =
            slices().assignedFrom(new TopLevelPackages()).should().beFreeOfCycles();

    /** Each class to {@code root} or to the first package below {@code dev.resilient}. */
    static final class TopLevelPackages implements SliceAssignment {

        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String pkg = javaClass.getPackageName();
            if (pkg.equals("dev.resilient")) {
                return SliceIdentifier.of("root");
            }
            if (!pkg.startsWith("dev.resilient.")) {
                return SliceIdentifier.ignore();
            }
            String rest = pkg.substring("dev.resilient.".length());
            int dot = rest.indexOf('.');
            return SliceIdentifier.of(dot < 0 ? rest : rest.substring(0, dot));
        }

        @Override
        public String getDescription() {
            return "the packages of resilient-core (a pattern with its subpackages, the root on its own)";
        }
    }

    private static String[] concat(String[] patterns, String more) {
        String[] all = java.util.Arrays.copyOf(patterns, patterns.length + 1);
        all[patterns.length] = more;
        return all;
    }
}
