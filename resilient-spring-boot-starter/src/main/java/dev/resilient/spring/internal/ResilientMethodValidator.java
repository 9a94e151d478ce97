package dev.resilient.spring.internal;

import dev.resilient.spring.ResilientConfigurationException;
import dev.resilient.spring.transaction.CallerTransactionCheck;
import java.time.Duration;
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

    private static final String TRANSACTIONS =
            "org.springframework.transaction.annotation.AnnotationTransactionAttributeSource";

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
        if (ClassUtils.isPresent(TRANSACTIONS, ResilientMethodValidator.class.getClassLoader())) {
            checkTransactions(new CallerTransactionCheck());
        }
        if (this.pipelines != null) {
            this.pipelines.initialize();
        }
    }

    /**
     * A synchronous method with a timeout runs its attempts on another thread, where a transaction of
     * the caller cannot follow: one that demands it ({@code MANDATORY}) can never work.
     */
    private void checkTransactions(CallerTransactionCheck transactions) {
        for (MethodPlan plan : this.registry.plans()) {
            Duration timeout = plan.profile().timeout() != null
                    ? plan.profile().timeout()
                    : plan.profile().totalTimeout();
            if (timeout != null
                    && ReturnKind.of(plan.method().getReturnType()) == ReturnKind.SYNC
                    && transactions.requiresCallerTransaction(plan.method(), plan.targetClass())) {
                throw new ResilientConfigurationException(
                        plan.profile().timeout() != null ? "timeout" : "total-timeout",
                        plan.methodId(),
                        "the method is @Transactional(propagation = MANDATORY) and has a timeout of " + timeout
                                + ", but each attempt under a timeout runs on another thread, where the caller's"
                                + " transaction cannot follow",
                        "drop the @Resilient timeout and use the transaction's own timeout"
                                + " (@Transactional(timeout = ...)), or use propagation REQUIRES_NEW");
            }
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
