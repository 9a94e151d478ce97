/**
 * The step contract, below every pattern: {@link dev.resilient.step.Step}, its shared {@link
 * dev.resilient.step.StepContext} and counters, and the helpers a step implementer needs
 * (unwrapping async failures, rethrowing checked exceptions, completing async outcomes).
 */
@NullMarked
package dev.resilient.step;

import org.jspecify.annotations.NullMarked;
