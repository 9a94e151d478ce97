/**
 * Circuit breaker: the CLOSED / OPEN / HALF_OPEN state machine with count- and time-based windows,
 * its configuration and its pipeline step.
 */
@NullMarked
package dev.resilient.circuitbreaker;

import org.jspecify.annotations.NullMarked;
