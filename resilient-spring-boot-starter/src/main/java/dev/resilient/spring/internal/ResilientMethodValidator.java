package dev.resilient.spring.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.util.ClassUtils;

/**
 * Validates, once every singleton exists, the {@code resilient.*} profiles and every
 * {@code @Resilient} method of every bean, so that a misconfiguration fails the start-up (with a
 * {@link dev.resilient.spring.ResilientConfigurationException}) rather than the first call.
 */
public class ResilientMethodValidator implements SmartInitializingSingleton {

    private final ConfigurableListableBeanFactory beanFactory;
    private final ProfileMerger merger;
    private final ResilientMethodRegistry registry;
    private final ResilientPipelines pipelines;

    public ResilientMethodValidator(
            ConfigurableListableBeanFactory beanFactory, ProfileMerger merger, ResilientMethodRegistry registry) {
        this(beanFactory, merger, registry, null);
    }

    /**
     * @param pipelines when not null, the pipelines of every method found are built right after
     *     validation, so that no call pays for it (and a value the core rejects fails the start-up)
     */
    public ResilientMethodValidator(
            ConfigurableListableBeanFactory beanFactory,
            ProfileMerger merger,
            ResilientMethodRegistry registry,
            ResilientPipelines pipelines) {
        this.beanFactory = beanFactory;
        this.merger = merger;
        this.registry = registry;
        this.pipelines = pipelines;
    }

    @Override
    public void afterSingletonsInstantiated() {
        this.merger.validateProfiles();
        Set<Class<?>> seen = ConcurrentHashMap.newKeySet();
        for (String name : this.beanFactory.getBeanDefinitionNames()) {
            Class<?> type = typeOf(name);
            if (type != null && seen.add(type)) {
                this.registry.scan(type);
            }
        }
        if (this.pipelines != null) {
            this.pipelines.initialize();
        }
    }

    private Class<?> typeOf(String beanName) {
        try {
            Object singleton =
                    this.beanFactory.containsSingleton(beanName) ? this.beanFactory.getSingleton(beanName) : null;
            Class<?> type = singleton != null
                    ? AopProxyUtils.ultimateTargetClass(singleton)
                    : this.beanFactory.getType(beanName, false);
            return type != null ? ClassUtils.getUserClass(type) : null;
        } catch (RuntimeException ex) {
            return null;
        }
    }
}
