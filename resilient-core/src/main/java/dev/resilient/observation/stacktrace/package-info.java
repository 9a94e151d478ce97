/**
 * Stack-trace control: depth limits, hidden framework frames and source lines.
 */
package dev.resilient.observation.stacktrace;
