package dev.resilient.spring.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.util.ClassUtils;

/**
 * The fix suggested for an exception class name that is not on the class path: for a simple name
 * (such as {@code IOException}, or {@code Timeout} for {@code TimeoutException}) the fully qualified
 * names it has in the packages where the exceptions applications list usually live. Runs at start-up
 * only, when a name already failed.
 */
final class ExceptionClassHint {

    private static final List<String> PACKAGES = List.of(
            "java.lang",
            "java.io",
            "java.net",
            "java.net.http",
            "java.nio.file",
            "java.sql",
            "java.time",
            "java.util",
            "java.util.concurrent",
            "org.springframework.dao",
            "org.springframework.transaction",
            "org.springframework.web.client",
            "org.springframework.web.reactive.function.client",
            "org.springframework.web.server",
            "org.springframework.http.converter",
            "jakarta.persistence",
            "dev.resilient",
            "dev.resilient.bulkhead",
            "dev.resilient.cache",
            "dev.resilient.circuitbreaker",
            "dev.resilient.ratelimiter",
            "dev.resilient.retry",
            "dev.resilient.timeout",
            "dev.resilient.spring.http");

    private ExceptionClassHint() {}

    /** What to do about {@code name}, which does not resolve. */
    static String action(String name, @Nullable ClassLoader classLoader) {
        List<String> candidates = candidates(name, classLoader);
        String use = "Use the fully qualified name of an exception class on the class path.";
        if (candidates.isEmpty()) {
            return use;
        }
        return "Did you mean " + String.join(" or ", candidates) + "? " + use;
    }

    static List<String> candidates(String name, @Nullable ClassLoader classLoader) {
        List<String> found = new ArrayList<>();
        int dot = name.lastIndexOf('.');
        if (dot < 0) {
            for (String pkg : PACKAGES) {
                addIfThrowable(found, pkg + "." + name, classLoader);
            }
            if (found.isEmpty()) {
                String lower = name.toLowerCase(Locale.ROOT);
                for (String pkg : PACKAGES) {
                    for (String suffix : List.of("Exception", "Error")) {
                        if (!lower.endsWith(suffix.toLowerCase(Locale.ROOT))) {
                            addIfThrowable(found, pkg + "." + name + suffix, classLoader);
                        }
                    }
                }
            }
        }
        return found;
    }

    private static void addIfThrowable(List<String> found, String candidate, @Nullable ClassLoader classLoader) {
        if (!ClassUtils.isPresent(candidate, classLoader)) {
            return;
        }
        try {
            if (Throwable.class.isAssignableFrom(ClassUtils.forName(candidate, classLoader))) {
                found.add(candidate);
            }
        } catch (ClassNotFoundException | LinkageError ex) {
            // not loadable after all: no suggestion
        }
    }
}
