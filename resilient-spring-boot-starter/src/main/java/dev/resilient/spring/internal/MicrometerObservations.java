package dev.resilient.spring.internal;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Wraps calls in a Micrometer {@link Observation} named {@value #NAME} with the low-cardinality key
 * values {@code resilient.name} and {@code resilient.profile}, for tracing and timing. Kept apart so
 * that Micrometer is needed only when an {@link ObservationRegistry} bean exists.
 */
final class MicrometerObservations {

    /** The observation name. */
    static final String NAME = "resilient.call";

    private final ObjectProvider<?> provider;
    private volatile ObservationRegistry registry;

    MicrometerObservations(ObjectProvider<?> provider) {
        this.provider = provider;
    }

    private ObservationRegistry registry() {
        ObservationRegistry resolved = this.registry;
        if (resolved == null) {
            Object bean = this.provider.getIfUnique();
            resolved = bean instanceof ObservationRegistry r ? r : ObservationRegistry.NOOP;
            this.registry = resolved;
        }
        return resolved;
    }

    /** A synchronous call inside an observation. */
    Object observe(MethodPipeline pipeline, ThrowingSupplier call) throws Throwable {
        Observation observation = start(pipeline);
        try (Observation.Scope scope = observation.openScope()) {
            return call.get();
        } catch (Throwable ex) {
            observation.error(ex);
            throw ex;
        } finally {
            observation.stop();
        }
    }

    /** An asynchronous call inside an observation that stops when the future completes. */
    CompletableFuture<Object> observeAsync(MethodPipeline pipeline, Supplier<CompletableFuture<Object>> call) {
        Observation observation = start(pipeline);
        CompletableFuture<Object> future;
        try (Observation.Scope scope = observation.openScope()) {
            future = call.get();
        } catch (RuntimeException | Error ex) {
            observation.error(ex);
            observation.stop();
            throw ex;
        }
        future.whenComplete((value, failure) -> {
            if (failure != null) {
                observation.error(dev.resilient.step.Exceptions.unwrap(failure));
            }
            observation.stop();
        });
        return future;
    }

    private Observation start(MethodPipeline pipeline) {
        return Observation.createNotStarted(NAME, registry())
                .lowCardinalityKeyValue("resilient.name", pipeline.plan().instanceName())
                .lowCardinalityKeyValue("resilient.profile", pipeline.profileTag())
                .contextualName(pipeline.plan().methodId())
                .start();
    }

    /** A call that may throw anything. */
    @FunctionalInterface
    interface ThrowingSupplier {
        Object get() throws Throwable;
    }
}
