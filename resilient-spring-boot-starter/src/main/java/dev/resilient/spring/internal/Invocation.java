package dev.resilient.spring.internal;

import dev.resilient.spring.http.HttpRetryScope;
import dev.resilient.step.Exceptions;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.aopalliance.intercept.MethodInvocation;
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
    private final Object reactorContext;
    private final boolean streaming;
    private volatile boolean fellBack;
    private volatile Throwable answered;

    Invocation(MethodInvocation invocation, ReturnKind kind) {
        this(invocation, kind, false);
    }

    /**
     * @param retries whether the method's pipeline retries; each attempt then marks the thread and
     *     the Reactor context ({@link HttpRetryScope}) so the HTTP client integrations do not retry too
     */
    Invocation(MethodInvocation invocation, ReturnKind kind, boolean retries) {
        this(invocation, kind, retries, null, false);
    }

    /**
     * @param retries as above
     * @param reactorContext the subscriber's Reactor {@code ContextView} (Mono and Flux methods), or
     *     null
     * @param streaming whether a Flux attempt settles at its first element rather than its end
     */
    Invocation(
            MethodInvocation invocation, ReturnKind kind, boolean retries, Object reactorContext, boolean streaming) {
        this.invocation = invocation;
        this.kind = kind;
        this.retries = retries;
        this.reactorContext = reactorContext;
        this.streaming = streaming;
    }

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
    Throwable answeredFailure() {
        return this.answered;
    }

    /** Whether a fallback produced this call's result. */
    boolean fellBack() {
        return this.fellBack;
    }

    /** Proceeds once more with the rest of the chain; a plain invocation can proceed only once. */
    private Object proceed() throws Throwable {
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

    private Object proceedOnce() throws Throwable {
        if (this.invocation instanceof ProxyMethodInvocation proxyInvocation) {
            return proxyInvocation.invocableClone().proceed();
        }
        return this.invocation.proceed();
    }

    /** A synchronous attempt. */
    @Override
    public Object call() {
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
            return toStage(proceed(), this.kind, this.reactorContext, this.streaming, this.retries);
        } catch (Throwable ex) {
            return CompletableFuture.failedFuture(ex);
        }
    }

    /**
     * The value of this method's fallback method as a stage; a Mono or Flux is subscribed with the
     * subscriber's Reactor Context.
     */
    CompletionStage<Object> toFallbackStage(Object value) {
        return toStage(value, this.kind, this.reactorContext, this.streaming, false);
    }

    /** The value of an async method (or of its fallback method) as a stage. */
    static CompletionStage<Object> toStage(Object value, ReturnKind kind) {
        return toStage(value, kind, null, false, false);
    }

    @SuppressWarnings("unchecked")
    private static CompletionStage<Object> toStage(
            Object value, ReturnKind kind, Object reactorContext, boolean streaming, boolean retries) {
        if (value == null) {
            return CompletableFuture.completedFuture(null);
        }
        if (kind == ReturnKind.FLUX && streaming) {
            return ReactorSupport.firstElement(value, reactorContext, retries);
        }
        if (kind == ReturnKind.MONO || kind == ReturnKind.FLUX) {
            return ReactorSupport.toStage(value, kind == ReturnKind.FLUX, reactorContext, retries);
        }
        if (value instanceof CompletionStage<?> stage) {
            return (CompletionStage<Object>) stage;
        }
        return CompletableFuture.completedFuture(value);
    }
}
