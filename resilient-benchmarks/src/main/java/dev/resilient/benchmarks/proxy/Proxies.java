package dev.resilient.benchmarks.proxy;

import org.springframework.aop.support.AopUtils;

/** Checks that a benchmark measures what it says. */
final class Proxies {

    private Proxies() {}

    /** Fails the set-up when {@code bean} is not an AOP proxy. */
    static void requireProxy(Object bean) {
        if (!AopUtils.isAopProxy(bean)) {
            throw new IllegalStateException(bean.getClass().getName() + " is not an AOP proxy");
        }
    }
}
