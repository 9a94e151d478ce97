/**
 * Not part of the comparison: benchmarks that explain where the time of the comparison goes.
 * {@code run-benchmarks.sh} does not run them unless asked to
 * ({@code BENCH_FILTER=diagnostics}).
 */
package dev.resilient.benchmarks.diagnostics;
