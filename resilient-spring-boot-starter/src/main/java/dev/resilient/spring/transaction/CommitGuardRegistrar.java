package dev.resilient.spring.transaction;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.transaction.ConfigurableTransactionManager;
import org.springframework.transaction.TransactionExecutionListener;

/**
 * Adds the {@link TimedAttemptCommitGuard} to every {@link ConfigurableTransactionManager} bean (all
 * of Spring's own transaction managers), the application's own included, once.
 */
public final class CommitGuardRegistrar implements BeanPostProcessor {

    private final TransactionExecutionListener guard = new TimedAttemptCommitGuard();

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof ConfigurableTransactionManager manager
                && manager.getTransactionExecutionListeners().stream()
                        .noneMatch(TimedAttemptCommitGuard.class::isInstance)) {
            manager.addListener(this.guard);
        }
        return bean;
    }
}
