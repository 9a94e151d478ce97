/**
 * Implementation details of the circuit breaker (states, sliding windows); not an API.
 */
@NullMarked
package dev.resilient.circuitbreaker.internal;

import org.jspecify.annotations.NullMarked;
