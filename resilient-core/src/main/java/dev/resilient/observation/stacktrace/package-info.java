/**
 * Stack-trace control: depth limits, hidden framework frames and source lines.
 */
@NullMarked
package dev.resilient.observation.stacktrace;

import org.jspecify.annotations.NullMarked;
