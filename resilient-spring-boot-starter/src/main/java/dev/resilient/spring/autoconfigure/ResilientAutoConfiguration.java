package dev.resilient.spring.autoconfigure;

import dev.resilient.CallExecutors;
import dev.resilient.ContextPropagator;
import dev.resilient.ResilienceRuntime;
import dev.resilient.observation.MessageScrubber;
import dev.resilient.observation.aggregation.ErrorReport;
import dev.resilient.observation.alert.AlertSink;
import dev.resilient.observation.logging.ArgumentSanitizer;
import dev.resilient.pipeline.ResilienceRegistry;
import dev.resilient.spring.ResilientCallListener;
import dev.resilient.spring.ResilientConfigurationException;
import dev.resilient.spring.ResilientContextProvider;
import dev.resilient.spring.ResilientErrorMapper;
import dev.resilient.spring.ResilientSharedState;
import dev.resilient.spring.actuate.InstanceMetadata;
import dev.resilient.spring.context.ContextSnapshotPropagator;
import dev.resilient.spring.internal.CallObservations;
import dev.resilient.spring.internal.PipelineConfigFactory;
import dev.resilient.spring.internal.ProfileMerger;
import dev.resilient.spring.internal.ResilientAdvisor;
import dev.resilient.spring.internal.ResilientInstanceMetadata;
import dev.resilient.spring.internal.ResilientInterceptor;
import dev.resilient.spring.internal.ResilientMethodRegistry;
import dev.resilient.spring.internal.ResilientMethodValidator;
import dev.resilient.spring.internal.ResilientPipelines;
import dev.resilient.spring.internal.UnknownPropertyCheck;
import dev.resilient.spring.properties.AopProperties;
import dev.resilient.spring.properties.BackoffConverter;
import dev.resilient.spring.properties.ExecutorProperties;
import dev.resilient.spring.properties.JitterConverter;
import dev.resilient.spring.properties.ResilientProperties;
import dev.resilient.spring.properties.ValidationProperties;
import dev.resilient.spring.transaction.CommitGuardRegistrar;
import dev.resilient.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Role;
import org.springframework.core.ResolvableType;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

/**
 * Auto-configuration of {@code @Resilient}: binds {@code resilient.*}, merges profiles, resolves
 * and validates every annotated method at start-up, builds their pipelines and applies them with
 * an advisor (a static pointcut and a method interceptor, the way Spring applies
 * {@code @Transactional}), picked up by the auto-proxy creator of Spring Boot's
 * {@code AopAutoConfiguration}. Switched off with {@code resilient.enabled=false}, or with
 * {@code spring.aop.auto=false} (no proxies): annotated methods then run as they are.
 *
 * <p>Every bean backs off when the application defines its own. Optional beans picked up from the
 * application: {@link Clock}, {@link AlertSink}s, a {@code Consumer<ErrorReport>} for aggregated
 * errors, an {@link ArgumentSanitizer}, a {@link ResilientContextProvider}, a
 * {@link ResilientErrorMapper} and a Micrometer {@code ObservationRegistry}. The
 * {@link MessageScrubber} that cleans failure text of credentials is a bean too
 * ({@link MessageScrubber#defaults()}), replaced by the application's own.
 */
@AutoConfiguration(
        afterName = {
            "org.springframework.boot.autoconfigure.aop.AopAutoConfiguration",
            "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
            // Spring Boot 3.5's name for it
            "org.springframework.boot.actuate.autoconfigure.observation.ObservationAutoConfiguration"
        })
@ConditionalOnProperty(prefix = "resilient", name = "enabled", matchIfMissing = true)
@EnableConfigurationProperties(ResilientProperties.class)
public class ResilientAutoConfiguration {

    private static final String OBSERVATION_REGISTRY = "io.micrometer.observation.ObservationRegistry";
    private static final String METER_REGISTRY = "io.micrometer.core.instrument.MeterRegistry";

    /** Binds {@code retry.backoff} to core's {@link dev.resilient.retry.Backoff}. */
    @Bean
    @ConfigurationPropertiesBinding
    static BackoffConverter resilientBackoffConverter() {
        return new BackoffConverter();
    }

    /** Binds {@code retry.jitter} to core's {@link dev.resilient.retry.Jitter}. */
    @Bean
    @ConfigurationPropertiesBinding
    static JitterConverter resilientJitterConverter() {
        return new JitterConverter();
    }

    @Bean
    @ConditionalOnMissingBean
    public ProfileMerger resilientProfileMerger(
            ResilientProperties properties, Environment environment, ApplicationContext context) {
        return new ProfileMerger(properties, environment, context.getClassLoader());
    }

    @Bean
    @ConditionalOnMissingBean
    public ResilientMethodRegistry resilientMethodRegistry(ProfileMerger merger) {
        return new ResilientMethodRegistry(merger);
    }

    @Bean
    @ConditionalOnMissingBean
    public ResilientMethodValidator resilientMethodValidator(
            ConfigurableListableBeanFactory beanFactory,
            ProfileMerger merger,
            ResilientMethodRegistry registry,
            ObjectProvider<ResilientPipelines> pipelines,
            ResilientProperties properties,
            ApplicationContext context,
            Environment environment) {
        ValidationProperties validation = properties.getValidation();
        return new ResilientMethodValidator(
                beanFactory,
                merger,
                registry,
                pipelines.getIfAvailable(),
                new UnknownPropertyCheck(context, environment, validation.getUnknownKeys()),
                validation.getUnreachableMethods(),
                validation.getSpringResilienceAnnotations());
    }

    /**
     * Scrubs credentials from failure text in logs, alerts, webhooks, error reports and the
     * actuator's events; define a {@link MessageScrubber} bean to replace it
     * ({@link MessageScrubber#none()} turns scrubbing off).
     */
    @Bean
    @ConditionalOnMissingBean
    public MessageScrubber resilientMessageScrubber() {
        return MessageScrubber.defaults();
    }

    /** The clock every pipeline reads time from. */
    @Bean
    @ConditionalOnMissingBean
    public Clock resilientClock() {
        return Clock.system();
    }

    /**
     * The runtime of every pipeline: clock, scheduler, executors (the call executor as
     * {@code resilient.executor.*} says), and the context propagator. Closed on shutdown.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public ResilienceRuntime resilienceRuntime(
            Clock clock, ResilientProperties properties, ObjectProvider<ContextPropagator> contextPropagator) {
        ExecutorProperties executor = properties.getExecutor();
        return ResilienceRuntime.builder()
                .clock(clock)
                .callExecutor(callExecutor(executor))
                .saturationPolicy(executor.getWhenSaturated())
                .contextPropagator(contextPropagator.getIfAvailable(ContextPropagator::none))
                .build();
    }

    private static ExecutorService callExecutor(ExecutorProperties executor) {
        CallExecutors.Kind kind = executor.getKind() != null ? executor.getKind() : CallExecutors.defaultKind();
        if (kind == CallExecutors.Kind.PLATFORM && executor.getMaxThreads() <= 0) {
            throw new ResilientConfigurationException(
                    "resilient.executor.max-threads",
                    null,
                    "must be > 0 but was " + executor.getMaxThreads(),
                    "set a positive number of threads");
        }
        if (kind == CallExecutors.Kind.VIRTUAL && CallExecutors.defaultKind() != CallExecutors.Kind.VIRTUAL) {
            throw new ResilientConfigurationException(
                    "resilient.executor.kind",
                    null,
                    "virtual threads need JDK 21 or newer, but this is JDK "
                            + Runtime.version().feature(),
                    "use resilient.executor.kind=platform, or run on JDK 21+");
        }
        return CallExecutors.of(kind, executor.getMaxThreads());
    }

    /**
     * Carries MDC, the current Observation, Spring Security's context and every context-propagation
     * {@code ThreadLocalAccessor} into attempts that run on other threads.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.context.ContextSnapshotFactory")
    static class ContextPropagationConfiguration {

        @Bean
        @ConditionalOnMissingBean
        ContextPropagator resilientContextPropagator(ApplicationContext context) {
            return ContextSnapshotPropagator.withDefaults(context.getClassLoader());
        }
    }

    /**
     * Refuses the commit of a transaction whose timed attempt was already reported as failed, in every
     * transaction manager of the context.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.transaction.ConfigurableTransactionManager")
    static class TransactionConfiguration {

        @Bean
        @ConditionalOnMissingBean
        @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
        static CommitGuardRegistrar resilientCommitGuardRegistrar() {
            return new CommitGuardRegistrar();
        }
    }

    /** The pipelines by instance name. Closed on shutdown, which flushes aggregated errors. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public ResilienceRegistry resilienceRegistry(ResilienceRuntime runtime) {
        return new ResilienceRegistry(runtime);
    }

    @Bean
    @ConditionalOnMissingBean
    public PipelineConfigFactory resilientPipelineConfigFactory(
            ConfigurableListableBeanFactory beanFactory,
            Clock clock,
            ObjectProvider<AlertSink> alertSinks,
            ObjectProvider<ArgumentSanitizer> sanitizer,
            ObjectProvider<ResilientContextProvider> contextProvider,
            ObjectProvider<ResilientErrorMapper> errorMapper,
            ObjectProvider<MessageScrubber> scrubber,
            ObjectProvider<ResilientCallListener> listeners,
            ObjectProvider<ResilientSharedState> sharedState) {
        ObjectProvider<Consumer<ErrorReport>> reportCallbacks =
                beanFactory.getBeanProvider(ResolvableType.forClassWithGenerics(Consumer.class, ErrorReport.class));
        List<Consumer<ErrorReport>> callbacks = reportCallbacks.orderedStream().toList();
        Consumer<ErrorReport> callback =
                callbacks.isEmpty() ? null : report -> callbacks.forEach(c -> c.accept(report));
        return new PipelineConfigFactory(
                beanFactory,
                clock,
                alertSinks.orderedStream().toList(),
                callback,
                sanitizer.getIfUnique(),
                contextProvider.getIfUnique(),
                errorMapper.getIfUnique(),
                scrubber.getIfUnique(MessageScrubber::defaults),
                listeners.orderedStream().toList(),
                sharedState.getIfUnique());
    }

    @Bean
    @ConditionalOnMissingBean
    public ResilientPipelines resilientPipelines(
            ResilienceRegistry registry,
            PipelineConfigFactory factory,
            ResilientMethodRegistry methods,
            ProfileMerger merger,
            ObjectProvider<CallObservations> observations) {
        return new ResilientPipelines(registry, factory, methods, merger, observations.getIfAvailable());
    }

    /** Profile, metric name and tags of each instance, for the actuator endpoint and the meters. */
    @Bean
    @ConditionalOnMissingBean
    public InstanceMetadata resilientInstanceMetadata(
            ObjectProvider<ResilientPipelines> pipelines,
            Environment environment,
            ConfigurableListableBeanFactory beanFactory) {
        return new ResilientInstanceMetadata(pipelines, environment, beanFactory);
    }

    /**
     * The advisor: {@link ResilientInterceptor} on every {@code @Resilient} method, matched once per
     * method when proxies are created. Ordered by {@code resilient.aop.order}, by default just
     * before advice of the lowest precedence such as transactions and caching, so it runs outside
     * them: each attempt gets a transaction of its own. Static, so that the auto-proxy creator can
     * fetch it early without creating this configuration (hence the order is read from the
     * environment, not from the bound properties).
     */
    @Bean
    @ConditionalOnMissingBean
    @Role(BeanDefinition.ROLE_INFRASTRUCTURE)
    public static ResilientAdvisor resilientAdvisor(
            ObjectProvider<ResilientPipelines> pipelines, ApplicationContext context) {
        int order = Binder.get(context.getEnvironment())
                .bind("resilient.aop.order", Integer.class)
                .orElseGet(() -> AopProperties.DEFAULT_ORDER);
        return new ResilientAdvisor(new ResilientInterceptor(pipelines), order);
    }

    /**
     * One Micrometer observation per call, named {@code resilient.calls}: in the application's
     * {@code ObservationRegistry} if it has one, else timed straight into its {@code MeterRegistry}.
     * Absent without Micrometer's observation API.
     */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnClass(name = OBSERVATION_REGISTRY)
    public CallObservations resilientCallObservations(
            ApplicationContext context, ObjectProvider<InstanceMetadata> metadata) {
        ClassLoader loader = context.getClassLoader();
        ObjectProvider<?> observationRegistry =
                context.getBeanProvider(ClassUtils.resolveClassName(OBSERVATION_REGISTRY, loader));
        ObjectProvider<?> meterRegistry = ClassUtils.isPresent(METER_REGISTRY, loader)
                ? context.getBeanProvider(ClassUtils.resolveClassName(METER_REGISTRY, loader))
                : null;
        return new CallObservations(observationRegistry, meterRegistry, metadata);
    }
}
