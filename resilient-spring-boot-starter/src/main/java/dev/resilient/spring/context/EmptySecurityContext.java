package dev.resilient.spring.context;

import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Undoes a side effect of reading Spring Security's context: {@code SecurityContextHolder.getContext()},
 * which its {@code ThreadLocalAccessor} calls, stores an empty context in a holder that had none; in
 * the inheritable mode, threads started later would share that one object. Loaded only when
 * spring-security-core is on the class path.
 */
final class EmptySecurityContext {

    private EmptySecurityContext() {}

    /** Clears the calling thread's holder when it holds an empty context, which it then had not before. */
    static void forget() {
        SecurityContext context = SecurityContextHolder.getContext();
        if (context.getAuthentication() == null && context.equals(SecurityContextHolder.createEmptyContext())) {
            SecurityContextHolder.clearContext();
        }
    }
}
