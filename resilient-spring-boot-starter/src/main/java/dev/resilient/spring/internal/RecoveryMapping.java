package dev.resilient.spring.internal;

import dev.resilient.recovery.CleanupConfig;
import dev.resilient.recovery.RecoveryConfig;
import dev.resilient.retry.RetryExhaustedException;
import dev.resilient.spring.ResilientCleanup;
import dev.resilient.spring.ResilientRecovery;
import dev.resilient.spring.properties.CleanupProperties;
import dev.resilient.spring.properties.ProfileProperties;
import dev.resilient.spring.properties.RecoveryProperties;
import dev.resilient.step.Exceptions;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code recovery.*} and {@code cleanup.*} onto core's {@link RecoveryConfig} and
 * {@link CleanupConfig}, each calling the named bean; on when the bean is named.
 */
final class RecoveryMapping {

    private RecoveryMapping() {}

    /**
     * The recovery bean as a core recovery: registered for every exception, it classifies by the
     * call's last failure (also with {@code retry.on-exhausted: wrap}) and lets other failures
     * through unchanged.
     */
    static ConfigPart recovery(ProfileProperties p, Checks check) {
        RecoveryProperties r = p.getRecovery();
        String bean = beanName(r.getBean());
        List<String> names = r.getRecoverOn() == null ? List.of() : r.getRecoverOn();
        List<Class<? extends Throwable>> types = check.classes("recovery.recover-on", names);
        for (Class<? extends Throwable> type : types) {
            if (Error.class.isAssignableFrom(type)) {
                throw check.fail(
                        "recovery.recover-on",
                        "'" + type.getName() + "' is an Error; errors are never recovered",
                        "List exception classes only.");
            }
        }
        if (bean == null && !names.isEmpty()) {
            throw check.fail(
                    "recovery.recover-on",
                    "recover-on needs recovery.bean, the ResilientRecovery bean that answers these failures",
                    "Set recovery.bean next to recovery.recover-on.");
        }
        if (bean == null) {
            return ConfigPart.NONE;
        }
        return (pipeline, target) -> {
            ResilientRecovery recovery = target.bean("recovery.bean", bean, ResilientRecovery.class);
            String instanceName = target.instanceName();
            pipeline.recovery(RecoveryConfig.builder()
                    .recover(Exception.class, failure -> {
                        Throwable last = RetryExhaustedException.lastFailureOf(failure);
                        if (!types.isEmpty() && types.stream().noneMatch(type -> type.isInstance(last))) {
                            throw Exceptions.sneakyThrow(failure);
                        }
                        try {
                            return recovery.recover(instanceName, last);
                        } catch (Exception ex) {
                            throw Exceptions.sneakyThrow(ex);
                        }
                    })
                    .build());
        };
    }

    static ConfigPart cleanup(ProfileProperties p, Checks check) {
        CleanupProperties c = p.getCleanup();
        String bean = beanName(c.getBean());
        if (bean == null && c.getMode() != null && check.isSet("cleanup.mode")) {
            throw check.fail(
                    "cleanup.mode",
                    "mode needs cleanup.bean, the ResilientCleanup bean to run",
                    "Set cleanup.bean next to cleanup.mode.");
        }
        CleanupConfig.Mode mode = c.getMode() != null ? c.getMode() : CleanupConfig.Mode.ALWAYS;
        if (bean == null) {
            return ConfigPart.NONE;
        }
        return (pipeline, target) -> {
            ResilientCleanup cleanup = target.bean("cleanup.bean", bean, ResilientCleanup.class);
            String instanceName = target.instanceName();
            pipeline.cleanup(CleanupConfig.builder()
                    .action((Throwable failure) -> {
                        try {
                            cleanup.cleanUp(instanceName, failure);
                        } catch (Exception ex) {
                            throw Exceptions.sneakyThrow(ex);
                        }
                    })
                    .mode(mode)
                    .build());
        };
    }

    private static @Nullable String beanName(@Nullable String name) {
        return name == null || name.isBlank() ? null : name.trim();
    }
}
