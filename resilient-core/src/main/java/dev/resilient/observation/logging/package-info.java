/**
 * Call logging: structured log lines from events, with argument redaction and context.
 */
@NullMarked
package dev.resilient.observation.logging;

import org.jspecify.annotations.NullMarked;
