package dev.resilient.spring.internal;

import dev.resilient.spring.Resilient;
import dev.resilient.spring.ResilientConfigurationException;
import dev.resilient.spring.properties.ValidationMode;
import dev.resilient.spring.transaction.CallerTransactionCheck;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.TargetSource;
import org.springframework.aop.config.AopConfigUtils;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.MergedAnnotations;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Validates, once every singleton exists, the {@code resilient.*} keys and profiles and every
 * {@code @Resilient} method of every bean — wherever the annotation sits: the bean's class, a
 * superclass, or an interface (a Spring Data repository, an {@code @HttpExchange} client, any
 * JDK-proxied bean) — so that a misconfiguration fails the start-up (with a
 * {@link ResilientConfigurationException}) rather than the first call. It also checks that a proxy
 * can reach every annotated method, and that none also carries Spring's own {@code @Retryable} or
 * {@code @ConcurrencyLimit}. Then it builds every method's pipeline, so that every instance exists
 * (and is listed by the actuator endpoint) before the first call.
 */
public class ResilientMethodValidator implements SmartInitializingSingleton {

    private static final String TRANSACTIONS =
            "org.springframework.transaction.annotation.AnnotationTransactionAttributeSource";

    private static final Log logger = LogFactory.getLog(ResilientMethodValidator.class);

    private static final List<String> SPRING_RESILIENCE_ANNOTATIONS = List.of(
            "org.springframework.resilience.annotation.Retryable",
            "org.springframework.resilience.annotation.ConcurrencyLimit");

    private final ConfigurableListableBeanFactory beanFactory;
    private final ProfileMerger merger;
    private final ResilientMethodRegistry registry;
    private final @Nullable ResilientPipelines pipelines;
    private final @Nullable UnknownPropertyCheck unknownKeys;
    private final ValidationMode unreachable;
    private final ValidationMode springAnnotations;

    public ResilientMethodValidator(
            ConfigurableListableBeanFactory beanFactory, ProfileMerger merger, ResilientMethodRegistry registry) {
        this(beanFactory, merger, registry, null, null, ValidationMode.FAIL, ValidationMode.FAIL);
    }

    /**
     * @param pipelines when not null, the pipelines of every method found are built right after
     *     validation, so that no call pays for it (and a value the core rejects fails the start-up)
     * @param unknownKeys the check of the keys under {@code resilient.}, or null for none
     * @param unreachable what a method no proxy can reach does
     * @param springAnnotations what a method also annotated with Spring's {@code @Retryable} or
     *     {@code @ConcurrencyLimit} does
     */
    public ResilientMethodValidator(
            ConfigurableListableBeanFactory beanFactory,
            ProfileMerger merger,
            ResilientMethodRegistry registry,
            @Nullable ResilientPipelines pipelines,
            @Nullable UnknownPropertyCheck unknownKeys,
            @Nullable ValidationMode unreachable,
            @Nullable ValidationMode springAnnotations) {
        this.beanFactory = beanFactory;
        this.merger = merger;
        this.registry = registry;
        this.pipelines = pipelines;
        this.unknownKeys = unknownKeys;
        this.unreachable = unreachable != null ? unreachable : ValidationMode.FAIL;
        this.springAnnotations = springAnnotations != null ? springAnnotations : ValidationMode.FAIL;
    }

    @Override
    public void afterSingletonsInstantiated() {
        if (this.unknownKeys != null) {
            this.unknownKeys.check();
        }
        this.merger.validateProfiles();
        // spring.aop.auto=false (no auto-proxy creator) switches proxies off on purpose: documented
        boolean proxying = this.beanFactory.containsBean(AopConfigUtils.AUTO_PROXY_CREATOR_BEAN_NAME);
        Set<Class<?>> seen = ConcurrentHashMap.newKeySet();
        for (String name : this.beanFactory.getBeanDefinitionNames()) {
            inspect(name, proxying, seen);
        }
        for (String name : this.beanFactory.getSingletonNames()) {
            if (!this.beanFactory.containsBeanDefinition(name)) {
                // registered as a ready-made instance: never proxied
                inspectInstance(name, this.beanFactory.getSingleton(name), proxying, seen);
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
                String key = plan.profile().timeout() != null ? "timeout" : "total-timeout";
                throw new ResilientConfigurationException(
                        plan.profile().sources().getOrDefault(key, key),
                        plan.methodId(),
                        "the method is @Transactional(propagation = MANDATORY) and has a timeout of " + timeout
                                + ", but each attempt under a timeout runs on another thread, where the caller's"
                                + " transaction cannot follow",
                        "Drop the @Resilient timeout and use the transaction's own timeout"
                                + " (@Transactional(timeout = ...)), or use propagation REQUIRES_NEW");
            }
        }
    }

    private void inspect(String beanName, boolean proxying, Set<Class<?>> seen) {
        BeanDefinition definition = this.beanFactory.getBeanDefinition(beanName);
        if (definition.isAbstract()) {
            return;
        }
        Object bean = definition.isSingleton() && !definition.isLazyInit() ? singleton(beanName) : null;
        if (bean == null) {
            // a lazy, prototype or scoped bean, or one that could not be obtained: its type only
            Class<?> type = typeOf(beanName);
            if (type != null && seen.add(type)) {
                for (Class<?> userType : userTypes(type)) {
                    this.registry.scan(userType);
                    checkDeclarations(userType, beanName);
                }
            }
            return;
        }
        inspectInstance(beanName, bean, proxying, seen);
    }

    private void inspectInstance(String beanName, @Nullable Object bean, boolean proxying, Set<Class<?>> seen) {
        if (bean == null) {
            return;
        }
        boolean advised = isAdvisedByUs(bean);
        Class<?> targetClass = advised ? targetClass((Advised) bean) : bean.getClass();
        if (targetClass == null) {
            return;
        }
        for (Class<?> userType : userTypes(targetClass)) {
            List<MethodPlan> plans = this.registry.scan(userType);
            if (seen.add(userType)) {
                checkDeclarations(userType, beanName);
            }
            for (MethodPlan plan : plans) {
                checkSpringAnnotations(plan);
                if (proxying) {
                    checkReachable(plan, beanName, bean, advised, targetClass);
                }
            }
        }
    }

    private @Nullable Object singleton(String beanName) {
        try {
            return this.beanFactory.getBean(beanName);
        } catch (RuntimeException ex) {
            return null;
        }
    }

    private @Nullable Class<?> typeOf(String beanName) {
        try {
            Class<?> type = this.beanFactory.getType(beanName, false);
            return type != null ? ClassUtils.getUserClass(type) : null;
        } catch (RuntimeException ex) {
            return null;
        }
    }

    private static boolean isAdvisedByUs(Object bean) {
        return bean instanceof Advised advised
                && Arrays.stream(advised.getAdvisors()).anyMatch(ResilientAdvisor.class::isInstance);
    }

    /** The class of the object the proxy calls (which may be a JDK proxy, like a repository). */
    private static @Nullable Class<?> targetClass(Advised advised) {
        TargetSource source = advised.getTargetSource();
        try {
            Object target = source.isStatic() ? source.getTarget() : null;
            return target != null ? target.getClass() : source.getTargetClass();
        } catch (Exception ex) {
            return source.getTargetClass();
        }
    }

    /** The user types a bean of {@code targetClass} can be called through. */
    private static List<Class<?>> userTypes(Class<?> targetClass) {
        if (!Proxy.isProxyClass(targetClass)) {
            return List.of(ClassUtils.getUserClass(targetClass));
        }
        List<Class<?>> result = new ArrayList<>();
        for (Class<?> candidate : UserTypes.userInterfaces(targetClass)) {
            if (result.stream().noneMatch(candidate::isAssignableFrom)) {
                result.add(candidate);
            }
        }
        return result;
    }

    /** Methods annotated where no proxy can reach them: private, static or not public. */
    private void checkDeclarations(Class<?> userType, String beanName) {
        if (userType.isInterface()) {
            return;
        }
        for (Method method :
                ReflectionUtils.getUniqueDeclaredMethods(userType, ReflectionUtils.USER_DECLARED_METHODS)) {
            if (!AnnotatedElementUtils.hasAnnotation(method, Resilient.class)) {
                continue;
            }
            int modifiers = method.getModifiers();
            @Nullable
            String reason = Modifier.isStatic(modifiers)
                    ? "is static"
                    : Modifier.isPrivate(modifiers)
                            ? "is private"
                            : !Modifier.isPublic(modifiers)
                                    ? (Modifier.isProtected(modifiers) ? "is protected" : "is package-private")
                                    : null;
            if (reason != null) {
                unreachable(
                        userType.getSimpleName() + "." + method.getName(),
                        reason + ": no proxy can intercept it, so @Resilient would be ignored (bean '" + beanName
                                + "')",
                        "Make the method public and not static, or remove @Resilient.");
            }
        }
    }

    private void checkReachable(MethodPlan plan, String beanName, Object bean, boolean advised, Class<?> targetClass) {
        Method method = plan.method();
        if (!advised) {
            unreachable(
                    plan.methodId(),
                    "the bean '" + beanName + "' is not proxied, so @Resilient would be ignored (it was "
                            + "created before the auto-proxy creator, e.g. by a BeanPostProcessor's "
                            + "dependency, or registered as a ready-made instance)",
                    "Let Spring create the bean as an ordinary bean, or make whatever creates it early depend on it lazily ("
                            + "an ObjectProvider).");
            return;
        }
        if (AopUtils.isCglibProxy(bean) && Modifier.isFinal(method.getModifiers())) {
            unreachable(
                    plan.methodId(),
                    "is final: the class-based (CGLIB) proxy of bean '" + beanName
                            + "' cannot override it, so @Resilient would be ignored",
                    "Remove the final modifier.");
            return;
        }
        if (AopUtils.isJdkDynamicProxy(bean) && !Proxy.isProxyClass(targetClass)) {
            boolean onInterface = Arrays.stream(bean.getClass().getInterfaces())
                    .anyMatch(ifc ->
                            ReflectionUtils.findMethod(ifc, method.getName(), method.getParameterTypes()) != null);
            if (!onInterface) {
                unreachable(
                        plan.methodId(),
                        "is not declared by any interface of the JDK proxy of bean '" + beanName
                                + "', so no caller can reach it through the proxy",
                        "Declare the method in the interface the bean is injected as, or use class-based proxies "
                                + "(spring.aop.proxy-target-class=true, Spring Boot's default).");
            }
        }
    }

    private void checkSpringAnnotations(MethodPlan plan) {
        for (String annotation : SPRING_RESILIENCE_ANNOTATIONS) {
            boolean present = MergedAnnotations.from(plan.method(), MergedAnnotations.SearchStrategy.TYPE_HIERARCHY)
                            .isPresent(annotation)
                    || MergedAnnotations.from(plan.targetClass(), MergedAnnotations.SearchStrategy.TYPE_HIERARCHY)
                            .isPresent(annotation);
            if (!present) {
                continue;
            }
            String simpleName = annotation.substring(annotation.lastIndexOf('.') + 1);
            String reason = "also carries @" + simpleName + " (" + annotation + "): two layers of "
                    + (simpleName.equals("Retryable") ? "retries multiply the attempts" : "concurrency limits")
                    + " and the outer one sees none of @Resilient's outcomes";
            String action = "Remove @" + simpleName + " and configure the profile instead ("
                    + (simpleName.equals("Retryable") ? "retry.*" : "bulkhead.max-concurrent")
                    + "), or set resilient.validation.spring-resilience-annotations=warn.";
            if (this.springAnnotations == ValidationMode.WARN) {
                logger.warn("@Resilient method " + plan.methodId() + " " + reason + ". " + action);
            } else {
                throw new ResilientConfigurationException("@" + simpleName, plan.methodId(), reason, action);
            }
        }
    }

    private void unreachable(String method, String reason, String action) {
        if (this.unreachable == ValidationMode.WARN) {
            logger.warn("@Resilient on " + method + " " + reason + ". " + action);
            return;
        }
        throw new ResilientConfigurationException(
                "@Resilient",
                method,
                reason,
                action + " (resilient.validation.unreachable-methods=warn only logs this.)");
    }
}
