package dev.resilient.spring.internal;

import dev.resilient.spring.http.HttpRetryScope;
import dev.resilient.step.Exceptions;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.ProxyMethodInvocation;

/**
 * One call of an annotated method, handed to the pipeline as the call to run: each attempt
 * proceeds on a fresh clone of the method invocation, so the rest of the interceptor chain and the
 * target run again. Steps of the starter read the target from it (the fallback method runs on the
 * same bean).
 */
final class Invocation implements Callable<Object>, Supplier<CompletionStage<Object>> {

    private final MethodInvocation invocation;
    private final ReturnKind kind;
    private final boolean retries;
    private volatile boolean fellBack;
    private volatile @Nullable Throwable answered;

    Invocation(MethodInvocation invocation, ReturnKind kind) {
        this(invocation, kind, false);
    }

    /**
     * @param retries whether the method's pipeline retries; each attempt then marks the thread
     *     ({@link HttpRetryScope}) so the HTTP client integrations do not retry too
     */
    Invocation(MethodInvocation invocation, ReturnKind kind, boolean retries) {
        this.invocation = invocation;
        this.kind = kind;
        this.retries = retries;
    }

    @Nullable
    Object target() {
        return this.invocation.getThis();
    }

    ReturnKind kind() {
        return this.kind;
    }

    /** Marks this call as answered by a fallback (the fallback method or {@code suppress}) of {@code failure}. */
    void answeredByFallback(Throwable failure) {
        this.answered = failure;
        this.fellBack = true;
    }

    /** The failure a fallback answered, or null. */
    @Nullable
    Throwable answeredFailure() {
        return this.answered;
    }

    /** Whether a fallback produced this call's result. */
    boolean fellBack() {
        return this.fellBack;
    }

    /** Proceeds once more with the rest of the chain; a plain invocation can proceed only once. */
    private @Nullable Object proceed() throws Throwable {
        if (!this.retries) {
            return proceedOnce();
        }
        HttpRetryScope.enter();
        try {
            return proceedOnce();
        } finally {
            HttpRetryScope.exit();
        }
    }

    private @Nullable Object proceedOnce() throws Throwable {
        if (this.invocation instanceof ProxyMethodInvocation proxyInvocation) {
            return proxyInvocation.invocableClone().proceed();
        }
        return this.invocation.proceed();
    }

    /** Invokes the method once more (an attempt of a Mono / Flux method): its publisher, or what it threw. */
    @Nullable
    Object invokeOnce() throws Throwable {
        return proceed();
    }

    /** A synchronous attempt. */
    @Override
    public @Nullable Object call() {
        try {
            return proceed();
        } catch (Throwable ex) {
            throw Exceptions.sneakyThrow(ex);
        }
    }

    /** An asynchronous attempt: a failure thrown before a stage exists becomes a failed stage. */
    @Override
    public CompletionStage<Object> get() {
        try {
            return toStage(proceed(), this.kind);
        } catch (Throwable ex) {
            return CompletableFuture.failedFuture(ex);
        }
    }

    /** The value of this method's fallback method as a stage. */
    CompletionStage<Object> toFallbackStage(@Nullable Object value) {
        return toStage(value, this.kind);
    }

    /** The value of a {@code CompletionStage} method (or of its fallback method) as a stage. */
    @SuppressWarnings("unchecked")
    static CompletionStage<Object> toStage(@Nullable Object value, ReturnKind kind) {
        if (value instanceof CompletionStage<?> stage) {
            return (CompletionStage<Object>) stage;
        }
        return CompletableFuture.completedFuture(value);
    }
}
