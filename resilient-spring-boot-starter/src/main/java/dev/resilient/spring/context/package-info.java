/** How the caller's thread context (MDC, Observation, security, ...) reaches attempts on other threads. */
@NullMarked
package dev.resilient.spring.context;

import org.jspecify.annotations.NullMarked;
