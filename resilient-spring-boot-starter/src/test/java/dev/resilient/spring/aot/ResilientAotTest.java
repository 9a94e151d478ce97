package dev.resilient.spring.aot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.resilient.spring.Resilient;
import dev.resilient.spring.internal.ResilientInstanceMetadata;
import dev.resilient.spring.internal.SpelRoot;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.AotServices;
import org.springframework.beans.factory.aot.BeanRegistrationAotProcessor;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.javapoet.ClassName;

/** The hints the starter contributes to ahead-of-time processing. */
class ResilientAotTest {

    @Test
    void spelRootsAndConfigurationMetadataAreHinted() {
        RuntimeHints hints = new RuntimeHints();
        new ResilientRuntimeHints().registerHints(hints, getClass().getClassLoader());
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(SpelRoot.class, "getArgs"))
                .accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection()
                        .onMethodInvocation(ResilientInstanceMetadata.Root.class, "getEnvironment"))
                .accepts(hints);
        assertThat(RuntimeHintsPredicates.resource().forResource("META-INF/spring-configuration-metadata.json"))
                .accepts(hints);
    }

    @Test
    void theRegistrarAndTheProcessorAreRegisteredForAot() {
        assertThat(AotServices.factories().load(RuntimeHintsRegistrar.class))
                .hasAtLeastOneElementOfType(ResilientRuntimeHints.class);
        assertThat(AotServices.factories().load(BeanRegistrationAotProcessor.class))
                .hasAtLeastOneElementOfType(ResilientBeanRegistrationAotProcessor.class);
    }

    @Test
    void fallbackMethodsOfResilientBeansAreHintedForInvocation() throws IOException {
        GenericApplicationContext context = new GenericApplicationContext();
        context.registerBean(PaymentService.class);
        context.registerBean(Plain.class);
        DefaultGenerationContext generation = new DefaultGenerationContext(
                new ClassNameGenerator(ClassName.get("dev.resilient.spring.aot", "Test")),
                new InMemoryGeneratedFiles());
        new ApplicationContextAotGenerator().processAheadOfTime(context, generation);
        RuntimeHints hints = generation.getRuntimeHints();
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(PaymentService.class, "chargeLater"))
                .accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethod(PaymentService.class, "charge"))
                .accepts(hints);
        assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(Plain.class, "run"))
                .rejects(hints);
    }

    public static class PaymentService {

        @Resilient(fallbackMethod = "chargeLater")
        public String charge(String id) {
            return id;
        }

        String chargeLater(String id, Exception failure) {
            return "later";
        }
    }

    public static class Plain {

        public void run() {}
    }
}
