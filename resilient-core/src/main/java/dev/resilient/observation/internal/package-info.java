/**
 * Implementation details of observation (MDC handling); not an API.
 */
package dev.resilient.observation.internal;
