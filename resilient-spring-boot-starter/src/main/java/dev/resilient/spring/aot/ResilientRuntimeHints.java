package dev.resilient.spring.aot;

import dev.resilient.spring.internal.ResilientInstanceMetadata;
import dev.resilient.spring.internal.SpelRoot;
import org.jspecify.annotations.Nullable;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * What the starter reads reflectively whatever the application: the root objects of its SpEL
 * expressions ({@code when}, {@code failure-cache.key}, {@code metrics.tags}) and the configuration
 * metadata the unknown-key check reads. Registered in {@code META-INF/spring/aot.factories}.
 */
public class ResilientRuntimeHints implements RuntimeHintsRegistrar {

    @Override
    public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
        hints.reflection().registerType(SpelRoot.class, MemberCategory.INVOKE_PUBLIC_METHODS);
        hints.reflection().registerType(ResilientInstanceMetadata.Root.class, MemberCategory.INVOKE_PUBLIC_METHODS);
        hints.resources()
                .registerPattern("META-INF/spring-configuration-metadata.json")
                .registerPattern("META-INF/additional-spring-configuration-metadata.json");
    }
}
