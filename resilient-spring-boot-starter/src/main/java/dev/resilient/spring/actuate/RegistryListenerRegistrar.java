package dev.resilient.spring.actuate;

import dev.resilient.pipeline.ResilienceRegistry;
import java.util.Objects;
import java.util.function.BiConsumer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Attaches a listener bean to every {@link ResilienceRegistry} bean as soon as the registry is
 * initialized, before anything can build a pipeline from it: pipelines include their observation
 * step (and emit SUCCESS and FAILURE events) only when a listener is present when they are built.
 * The listener bean is looked up lazily, so declaring this post-processor creates nothing early.
 *
 * @param <T> the listener's type
 */
public final class RegistryListenerRegistrar<T> implements BeanPostProcessor {

    private final ObjectProvider<T> listener;
    private final BiConsumer<T, ResilienceRegistry> attach;

    /**
     * @param listener the listener bean, looked up when a registry appears
     * @param attach adds the listener to the registry (e.g. to {@code registry.runtime().events()})
     */
    public RegistryListenerRegistrar(ObjectProvider<T> listener, BiConsumer<T, ResilienceRegistry> attach) {
        this.listener = Objects.requireNonNull(listener, "listener");
        this.attach = Objects.requireNonNull(attach, "attach");
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof ResilienceRegistry registry) {
            T target = listener.getIfAvailable();
            if (target != null) {
                attach.accept(target, registry);
            }
        }
        return bean;
    }
}
