/**
 * Implementation details of the circuit breaker (states, sliding windows); not an API.
 */
package dev.resilient.circuitbreaker.internal;
