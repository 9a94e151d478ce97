/**
 * The annotation path: the composed pipeline (retry + circuit breaker + rate limiter + bulkhead)
 * declared with each library's annotations on a Spring bean and called through the Spring AOP proxy.
 * {@link dev.resilient.benchmarks.proxy.ProxyFloorBenchmark} holds the floors: the bean called
 * directly, and a proxy whose only advice does nothing.
 */
package dev.resilient.benchmarks.proxy;
