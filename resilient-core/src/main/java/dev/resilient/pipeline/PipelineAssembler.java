package dev.resilient.pipeline;

import dev.resilient.ResilienceRuntime;
import dev.resilient.condition.ConditionConfig;
import dev.resilient.condition.IgnoringTerminalStep;
import dev.resilient.observation.aggregation.ErrorAggregator;
import dev.resilient.observation.alert.AlertManager;
import dev.resilient.observation.logging.LoggingListener;
import dev.resilient.step.Step;
import dev.resilient.step.StepContext;
import java.util.List;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Builds the steps of one pipeline from its configuration: attaches the listeners (logging, alerts,
 * error aggregation) to the instance's context, then chains the steps inner to outer in the order
 * {@link StepOrder} writes down: cleanup → condition → observation → fallback → recovery → error
 * limit → failure cache → retry → circuit breaker → rate limiter → bulkhead → timeout → the call.
 */
final class PipelineAssembler {

    private static final List<StepOrder> INNER_FIRST = innerFirst();

    private final String name;
    private final PipelineConfig config;
    private final ResilienceRuntime runtime;
    private final StepContext context;
    private final PipelineParts.Builder parts;
    private @Nullable ErrorAggregator aggregator;

    private PipelineAssembler(String name, PipelineConfig config, ResilienceRuntime runtime) {
        this.name = name;
        this.config = config;
        this.runtime = runtime;
        this.context = StepContext.of(name, runtime);
        this.parts = PipelineParts.builder(config, context);
    }

    /** Creates the state machines and chains the steps of {@code config} for instance {@code name}. */
    static PipelineParts assemble(String name, PipelineConfig config, ResilienceRuntime runtime) {
        return new PipelineAssembler(name, config, runtime).assemble();
    }

    private PipelineParts assemble() {
        config.logging().ifPresent(logging -> context.events().addListener(new LoggingListener(logging)));
        config.alert().ifPresent(alert -> {
            parts.alertManager(new AlertManager(alert, runtime).attachTo(context));
        });
        config.aggregation().ifPresent(aggregation -> {
            aggregator = new ErrorAggregator(aggregation, runtime);
            parts.aggregator(aggregator.attachTo(context));
        });

        Predicate<Throwable> ignoreWhen =
                config.condition().map(ConditionConfig::ignoreWhen).orElse(null);
        Step step = ignoreWhen != null ? new IgnoringTerminalStep(ignoreWhen, context) : Step.terminal();
        for (StepOrder entry : INNER_FIRST) {
            step = entry.wrap(this, step);
        }
        return parts.head(step).build();
    }

    private static List<StepOrder> innerFirst() {
        StepOrder[] outerFirst = StepOrder.values();
        StepOrder[] innerFirst = new StepOrder[outerFirst.length];
        for (int i = 0; i < outerFirst.length; i++) {
            innerFirst[i] = outerFirst[outerFirst.length - 1 - i];
        }
        return List.of(innerFirst);
    }

    String name() {
        return name;
    }

    PipelineConfig config() {
        return config;
    }

    ResilienceRuntime runtime() {
        return runtime;
    }

    StepContext context() {
        return context;
    }

    /** Collects the state machines of the steps as they are made. */
    PipelineParts.Builder parts() {
        return parts;
    }

    /** The error aggregator, once attached; {@code null} when the pipeline does not aggregate. */
    @Nullable
    ErrorAggregator aggregator() {
        return aggregator;
    }
}
