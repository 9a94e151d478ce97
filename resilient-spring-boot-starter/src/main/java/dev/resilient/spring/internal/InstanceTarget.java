package dev.resilient.spring.internal;

import dev.resilient.observation.Redaction;
import dev.resilient.spring.ResilientConfigurationException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.context.expression.BeanFactoryResolver;
import org.springframework.context.expression.MethodBasedEvaluationContext;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.expression.spel.support.StandardEvaluationContext;

/**
 * The instance a {@link ConfigPart} configures: its name, the annotated method (null for a profile
 * used without one, as by the HTTP clients), its profile and the application's collaborators.
 *
 * @param with the application's beans
 * @param profile the instance's merged settings
 * @param instanceName the instance name
 * @param method the annotated method, whose parameter names SpEL and log redaction use; may be null
 * @param sensitiveNames the built-in sensitive names plus the profile's {@code logging.redact}
 */
record InstanceTarget(
        Collaborators with,
        EffectiveProfile profile,
        String instanceName,
        @Nullable Method method,
        List<String> sensitiveNames) {

    static final ParameterNameDiscoverer PARAMETER_NAMES = new DefaultParameterNameDiscoverer();

    /** The redaction of MDC entries and logged text: the sensitive names and the scrubber. */
    Redaction redaction() {
        return new Redaction(this.sensitiveNames, Redaction.DEFAULT_REDACTION, this.with.scrubber());
    }

    /** An evaluation context over {@code args}: #p0 / #a0 / #name / #args variables and @bean references. */
    StandardEvaluationContext evaluationContext(Object @Nullable [] args) {
        Object[] arguments = args != null ? args : new Object[0];
        SpelRoot root = new SpelRoot(this.method, arguments);
        StandardEvaluationContext context = this.method != null
                ? new MethodBasedEvaluationContext(root, this.method, arguments, PARAMETER_NAMES)
                : new StandardEvaluationContext(root);
        context.setVariable("args", arguments);
        if (this.method == null) {
            for (int i = 0; i < arguments.length; i++) {
                context.setVariable("p" + i, arguments[i]);
                context.setVariable("a" + i, arguments[i]);
            }
        }
        if (this.with.beanFactory() != null) {
            context.setBeanResolver(new BeanFactoryResolver(this.with.beanFactory()));
        }
        return context;
    }

    /** The bean named by setting {@code key}; a missing bean or one of another type fails naming the property. */
    <T> T bean(String key, String name, Class<T> type) {
        String property = this.profile.sources().getOrDefault(key, key);
        BeanFactory beans = this.with.beanFactory();
        if (beans == null || !beans.containsBean(name)) {
            throw new ResilientConfigurationException(
                    property,
                    this.instanceName,
                    "no bean named '" + name + "'",
                    "Define a " + type.getSimpleName() + " bean named '" + name + "' or correct " + property + ".");
        }
        if (!beans.isTypeMatch(name, type)) {
            throw new ResilientConfigurationException(
                    property,
                    this.instanceName,
                    "bean '" + name + "' is a " + beans.getType(name) + ", not a " + type.getName(),
                    "Name a " + type.getSimpleName() + " bean in " + property + ".");
        }
        return beans.getBean(name, type);
    }

    /**
     * Runs {@code build}; a value core rejects fails naming {@code section}.
     *
     * @throws ResilientConfigurationException when {@code build} throws an {@link IllegalArgumentException}
     */
    <T> T within(String section, Supplier<T> build) {
        return within(section, this.instanceName, this.profile, build);
    }

    static <T> T within(String section, String instanceName, EffectiveProfile profile, Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException ex) {
            throw new ResilientConfigurationException(
                    section,
                    instanceName,
                    "the value is not accepted: " + ex.getMessage(),
                    "Fix " + section + " in the profiles " + profile.profiles() + " or in the annotation.",
                    ex);
        }
    }
}
