package dev.resilient.spring.transaction;

import dev.resilient.timeout.TimedAttempt;
import org.springframework.transaction.TransactionExecution;
import org.springframework.transaction.TransactionExecutionListener;
import org.springframework.transaction.TransactionTimedOutException;

/**
 * Vetoes the commit of a transaction whose attempt has already been reported as failed. A
 * synchronous attempt under a {@code @Resilient} timeout runs on the call executor; when its
 * transaction is about to commit, this listener claims the attempt ({@link TimedAttempt#complete()}):
 * <ul>
 *   <li>the claim succeeds: the caller now waits for this attempt's outcome, whatever the clock
 *       says, and the commit goes ahead (the caller gets its result);</li>
 *   <li>the caller gave up first (timeout, or the caller was interrupted): the commit is refused with
 *       a {@link TransactionTimedOutException}, so the transaction rolls back — whatever its rollback
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
            throw new TransactionTimedOutException("Commit refused: the attempt of '" + attempt.instance()
                    + "' running this transaction exceeded its timeout of " + attempt.timeout()
                    + " and its caller was already told it failed; the transaction rolls back");
        }
    }

    @Override
    public String toString() {
        return "TimedAttemptCommitGuard";
    }
}
