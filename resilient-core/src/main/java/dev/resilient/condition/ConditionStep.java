package dev.resilient.condition;

import dev.resilient.internal.BurstLog;
import dev.resilient.step.Step;
import dev.resilient.step.StepContext;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionStage;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gate in front of a pipeline's policies: while every condition holds the call goes through the
 * inner steps; otherwise it goes straight to the bypass step (by default {@link Step#terminal()}),
 * skipping every inner step. A condition that throws counts as false and is logged once per burst.
 * Allocation-free.
 */
public final class ConditionStep extends Step {

    private static final Logger log = LoggerFactory.getLogger(ConditionStep.class);

    private final ConditionConfig config;
    private final StepContext ctx;
    private final Step bypass;

    @SuppressWarnings("unchecked")
    private final Predicate<Object[]>[] conditions;

    private final BurstLog conditionFailures = new BurstLog();

    /** A gate whose calls, when a condition is false, run the call directly. */
    public ConditionStep(ConditionConfig config, StepContext ctx, Step next) {
        this(config, ctx, next, Step.terminal());
    }

    /** A gate whose calls, when a condition is false, go to {@code bypass} instead of {@code next}. */
    @SuppressWarnings("unchecked")
    public ConditionStep(ConditionConfig config, StepContext ctx, Step next, Step bypass) {
        super(Objects.requireNonNull(next, "next"));
        this.config = Objects.requireNonNull(config, "config");
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.bypass = Objects.requireNonNull(bypass, "bypass");
        List<Predicate<Object[]>> list = config.conditions();
        this.conditions = list.toArray(new Predicate[0]);
    }

    public ConditionConfig config() {
        return config;
    }

    @Override
    public <T> T execute(Callable<T> call, Object @Nullable [] args) throws Exception {
        return applies(args) ? next.execute(call, args) : bypass.execute(call, args);
    }

    @Override
    public <T> CompletionStage<T> executeAsync(Supplier<? extends CompletionStage<T>> call, Object @Nullable [] args) {
        return applies(args) ? next.executeAsync(call, args) : bypass.executeAsync(call, args);
    }

    /** Whether every condition holds for this call; a throwing condition counts as false. */
    public boolean applies(Object @Nullable [] args) {
        for (Predicate<Object[]> condition : conditions) {
            boolean holds;
            try {
                holds = condition.test(args);
            } catch (VirtualMachineError fatal) {
                throw fatal;
            } catch (Throwable e) {
                if (conditionFailures.failed()) {
                    log.warn(
                            "{}: a condition failed; calls bypass the policies until it works again",
                            ctx.instance(),
                            e);
                }
                return false;
            }
            if (!holds) {
                conditionFailures.succeeded();
                return false;
            }
        }
        conditionFailures.succeeded();
        return true;
    }

    @Override
    public String toString() {
        return "ConditionStep" + config;
    }
}
