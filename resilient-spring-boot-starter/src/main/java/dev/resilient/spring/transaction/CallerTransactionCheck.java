package dev.resilient.spring.transaction;

import java.lang.reflect.Method;
import org.jspecify.annotations.Nullable;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.AnnotationTransactionAttributeSource;
import org.springframework.transaction.interceptor.TransactionAttribute;
import org.springframework.transaction.interceptor.TransactionAttributeSource;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.ClassUtils;

/**
 * A {@code @Transactional} method that is also {@code @Resilient} with a timeout runs each attempt on
 * another thread, where it cannot join a transaction of its caller: Spring's transactions are bound
 * to a thread. Rather than silently running in a transaction of its own (committed or rolled back
 * apart from the caller's), such a call fails with an {@link IllegalTransactionStateException} that
 * says so; and a method that requires its caller's transaction ({@code MANDATORY}) fails the
 * application at start-up.
 *
 * <p>A method of a Spring Data repository interface joins its caller's transaction unless it is
 * declared {@code @Transactional} with a propagation that does not ({@code REQUIRES_NEW},
 * {@code NOT_SUPPORTED}, {@code NEVER}): the store's base class (such as {@code SimpleJpaRepository})
 * makes the inherited methods transactional, and every repository method works with the
 * resources (entity manager, connection) bound to the calling thread's transaction.
 */
public final class CallerTransactionCheck {

    private static final String REPOSITORY = "org.springframework.data.repository.Repository";

    private final TransactionAttributeSource attributes;
    private final @Nullable Class<?> repositoryType;

    public CallerTransactionCheck() {
        this(new AnnotationTransactionAttributeSource());
    }

    public CallerTransactionCheck(TransactionAttributeSource attributes) {
        this.attributes = attributes;
        this.repositoryType = ClassUtils.isPresent(REPOSITORY, CallerTransactionCheck.class.getClassLoader())
                ? ClassUtils.resolveClassName(REPOSITORY, CallerTransactionCheck.class.getClassLoader())
                : null;
    }

    /**
     * Whether {@code method} would join a transaction its caller has active; asked once per method,
     * when its pipeline is resolved.
     */
    public boolean joinsCallerTransaction(Method method, Class<?> targetClass) {
        int behaviour = propagationOf(method, targetClass);
        if (behaviour < 0) {
            return isRepository(targetClass) || isRepository(method.getDeclaringClass());
        }
        return joins(behaviour);
    }

    private boolean isRepository(Class<?> type) {
        return this.repositoryType != null && type.isInterface() && this.repositoryType.isAssignableFrom(type);
    }

    /**
     * Fails when the calling thread has an active transaction, for a method that would join it
     * ({@link #joinsCallerTransaction}); the only check made per call.
     *
     * @param methodId the method as named in messages ({@code OrderService.charge})
     */
    public static void failIfCallerTransactionActive(String methodId) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            return;
        }
        throw new IllegalTransactionStateException(methodId
                + " is transactional and @Resilient with a timeout: each attempt runs on another thread,"
                + " which cannot join the caller's active transaction. Call it outside the transaction,"
                + " give it propagation REQUIRES_NEW to run in a transaction of its own, or drop the"
                + " @Resilient timeout and use the transaction's own timeout (@Transactional(timeout = ...)).");
    }

    /** Whether {@code method} demands its caller's transaction (propagation {@code MANDATORY}). */
    public boolean requiresCallerTransaction(Method method, Class<?> targetClass) {
        return propagationOf(method, targetClass) == TransactionDefinition.PROPAGATION_MANDATORY;
    }

    private int propagationOf(Method method, Class<?> targetClass) {
        TransactionAttribute attribute = this.attributes.getTransactionAttribute(method, targetClass);
        return attribute == null ? -1 : attribute.getPropagationBehavior();
    }

    private static boolean joins(int behaviour) {
        return behaviour == TransactionDefinition.PROPAGATION_REQUIRED
                || behaviour == TransactionDefinition.PROPAGATION_SUPPORTS
                || behaviour == TransactionDefinition.PROPAGATION_MANDATORY
                || behaviour == TransactionDefinition.PROPAGATION_NESTED;
    }
}
