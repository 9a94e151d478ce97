package dev.resilient.spring.properties;

import org.springframework.core.Ordered;

/** How @Resilient is applied: resilient.aop.*. */
public class AopProperties {

    /** The default order: just before advice of the lowest precedence, such as transactions. */
    public static final int DEFAULT_ORDER = Ordered.LOWEST_PRECEDENCE - 1;

    /**
     * The order of the @Resilient advisor among the advisors on a bean (lower runs further out).
     * Default Ordered.LOWEST_PRECEDENCE - 1: outside @Transactional and @Cacheable, which both
     * default to the lowest precedence, so each attempt runs in a transaction of its own.
     */
    private int order = DEFAULT_ORDER;

    public int getOrder() {
        return this.order;
    }

    public void setOrder(int order) {
        this.order = order;
    }
}
