package dev.resilient.spring.transaction;

import dev.resilient.timeout.TimedAttempt;
import dev.resilient.timeout.TimeoutExceededException;
import org.springframework.transaction.TransactionExecution;
import org.springframework.transaction.TransactionExecutionListener;

/**
 * Vetoes the commit of a transaction whose attempt has already been reported as failed. A
 * synchronous attempt under a {@code @Resilient} timeout runs on the call executor; when its
 * transaction is about to commit, this listener claims the attempt ({@link TimedAttempt#complete()}):
 * <ul>
 *   <li>the claim succeeds: the caller now waits for this attempt's outcome, whatever the clock
 *       says, and the commit goes ahead (the caller gets its result);</li>
 *   <li>the caller gave up first (timeout, or the caller was interrupted): the commit is refused with
 *       a {@link TimeoutExceededException}, so the transaction rolls back — whatever its rollback
 *       rules say about the exception the attempt ended with (an {@code InterruptedException} too).</li>
 * </ul>
 * Exactly one of the deadline and the commit wins. Added by the starter to every
 * {@link org.springframework.transaction.ConfigurableTransactionManager} of the context.
 */
public final class TimedAttemptCommitGuard implements TransactionExecutionListener {

    @Override
    public void beforeCommit(TransactionExecution transaction) {
        TimedAttempt attempt = TimedAttempt.current();
        if (attempt != null && !attempt.complete()) {
            // not a TransactionException: for those, a transaction manager skips the rollback unless
            // rollbackOnCommitFailure is set; any other exception from a listener rolls back
            throw new TimeoutExceededException(attempt.instance(), attempt.timeout());
        }
    }

    @Override
    public String toString() {
        return "TimedAttemptCommitGuard";
    }
}
