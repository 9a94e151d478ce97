package dev.resilient.spring;

import org.jspecify.annotations.Nullable;

/**
 * A {@code @Resilient} method or a {@code resilient.*} property is misconfigured. Thrown while the
 * application starts, never at the first call.
 *
 * <p>{@link #property()} names the offending property (such as
 * {@code resilient.profiles.payments.retry.max-delay}) or annotation attribute, {@link #method()}
 * the annotated method (such as {@code OrderService.charge}) when one is involved.
 */
public class ResilientConfigurationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final @Nullable String property;
    private final @Nullable String method;
    private final String reason;
    private final @Nullable String action;

    /**
     * @param property the property path or annotation attribute at fault, or null
     * @param method the annotated method involved ({@code Class.method}), or null
     * @param reason what is wrong
     * @param action how to fix it, or null
     */
    public ResilientConfigurationException(
            @Nullable String property, @Nullable String method, String reason, @Nullable String action) {
        this(property, method, reason, action, null);
    }

    /**
     * @param property the property path or annotation attribute at fault, or null
     * @param method the annotated method involved ({@code Class.method}), or null
     * @param reason what is wrong
     * @param action how to fix it, or null
     * @param cause the underlying failure, or null
     */
    public ResilientConfigurationException(
            @Nullable String property,
            @Nullable String method,
            String reason,
            @Nullable String action,
            @Nullable Throwable cause) {
        super(message(property, method, reason), cause);
        this.property = property;
        this.method = method;
        this.reason = reason;
        this.action = action;
    }

    private static String message(@Nullable String property, @Nullable String method, String reason) {
        StringBuilder sb = new StringBuilder("Invalid resilient configuration");
        if (method != null) {
            sb.append(" of ").append(method);
        }
        if (property != null) {
            sb.append(method != null ? " -> " : " at ").append(property);
        }
        return sb.append(": ").append(reason).toString();
    }

    /** The property path or annotation attribute at fault, or null. */
    public @Nullable String property() {
        return this.property;
    }

    /** The annotated method involved, as {@code SimpleClassName.methodName}, or null. */
    public @Nullable String method() {
        return this.method;
    }

    /** What is wrong. */
    public String reason() {
        return this.reason;
    }

    /** How to fix it, or null. */
    public @Nullable String action() {
        return this.action;
    }
}
