/**
 * The core, framework-free paths: one class per library, each with the same benchmark names so that
 * results line up by name. {@link dev.resilient.benchmarks.core.BaselineBenchmark#baseline} is the
 * direct call every library's overhead is measured against. The configurations are those of
 * {@link dev.resilient.benchmarks.Workload}.
 */
package dev.resilient.benchmarks.core;
