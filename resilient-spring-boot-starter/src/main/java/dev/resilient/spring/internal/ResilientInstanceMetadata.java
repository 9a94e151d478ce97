package dev.resilient.spring.internal;

import dev.resilient.spring.actuate.InstanceMetadata;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.expression.BeanFactoryResolver;
import org.springframework.core.env.Environment;
import org.springframework.expression.spel.support.StandardEvaluationContext;

/**
 * The profile, metric name and metric tags of each instance built by {@link ResilientPipelines},
 * for the actuator endpoint and the Micrometer binding. Tag values are evaluated once per instance:
 * literal text, or {@code #{...}} templates that see {@code environment} (the Spring
 * {@link Environment}, also as {@code #environment}) and beans as {@code @name}. A tag whose
 * template fails is left out and logged.
 */
public class ResilientInstanceMetadata implements InstanceMetadata {

    private static final Log logger = LogFactory.getLog(ResilientInstanceMetadata.class);

    private final ObjectProvider<ResilientPipelines> pipelinesProvider;
    private volatile @Nullable ResilientPipelines pipelines;
    private final Environment environment;
    private final @Nullable BeanFactory beanFactory;
    private final Map<String, Map<String, String>> tags = new ConcurrentHashMap<>();

    /**
     * @param pipelines resolved on first use, so that the meter binding and the endpoint, which are
     *     built while the registry is, can depend on this bean
     * @param environment the environment tag templates see
     * @param beanFactory resolves {@code @bean} references in tag templates; may be null
     */
    public ResilientInstanceMetadata(
            ObjectProvider<ResilientPipelines> pipelines, Environment environment, @Nullable BeanFactory beanFactory) {
        this.pipelinesProvider = pipelines;
        this.environment = environment;
        this.beanFactory = beanFactory;
    }

    @Override
    public Optional<String> profile(String instance) {
        EffectiveProfile profile = profileOf(instance);
        return profile != null ? Optional.of(String.join(",", profile.profiles())) : Optional.empty();
    }

    @Override
    public Optional<String> metricName(String instance) {
        EffectiveProfile profile = profileOf(instance);
        return profile != null ? Optional.ofNullable(profile.metrics().name()) : Optional.empty();
    }

    @Override
    public boolean metricsEnabled(String instance) {
        EffectiveProfile profile = profileOf(instance);
        return profile == null || profile.metrics().enabled();
    }

    @Override
    public boolean callsObserved(String instance) {
        ResilientPipelines resolved = this.pipelines;
        if (resolved == null) {
            profileOf(instance);
            resolved = this.pipelines;
        }
        return resolved != null && resolved.observesCalls(instance);
    }

    @Override
    public boolean trackErrorTypes(String instance) {
        EffectiveProfile profile = profileOf(instance);
        return profile == null || profile.metrics().trackErrorTypes();
    }

    @Override
    public Map<String, String> tags(String instance) {
        Map<String, String> cached = this.tags.get(instance);
        if (cached != null) {
            return cached;
        }
        EffectiveProfile profile = profileOf(instance);
        if (profile == null) {
            return Map.of();
        }
        return this.tags.computeIfAbsent(instance, name -> evaluate(name, profile));
    }

    private @Nullable EffectiveProfile profileOf(String instance) {
        ResilientPipelines resolved = this.pipelines;
        if (resolved == null) {
            resolved = this.pipelinesProvider.getIfAvailable();
            if (resolved == null) {
                return null;
            }
            this.pipelines = resolved;
        }
        return resolved.profileOf(instance);
    }

    private Map<String, String> evaluate(String instance, EffectiveProfile profile) {
        if (profile.metrics().tags().isEmpty()) {
            return Map.of();
        }
        StandardEvaluationContext context = new StandardEvaluationContext(new Root(this.environment));
        context.setVariable("environment", this.environment);
        if (this.beanFactory != null) {
            context.setBeanResolver(new BeanFactoryResolver(this.beanFactory));
        }
        Map<String, String> result = new LinkedHashMap<>();
        profile.metrics().tags().forEach((key, template) -> {
            try {
                Object value = template.expression().getValue(context);
                if (value != null) {
                    result.put(key, value.toString());
                }
            } catch (RuntimeException ex) {
                logger.warn(
                        "Instance '" + instance + "': metrics tag '" + key + "' (" + template.source()
                                + ") could not be evaluated; the tag is left out",
                        ex);
            }
        });
        return Collections.unmodifiableMap(result);
    }

    /** The root object of tag templates. */
    public static final class Root {

        private final Environment environment;

        Root(Environment environment) {
            this.environment = environment;
        }

        /** The Spring environment. */
        public Environment getEnvironment() {
            return this.environment;
        }
    }
}
