/** How the caller's thread context (MDC, Observation, security, ...) reaches attempts on other threads. */
package dev.resilient.spring.context;
