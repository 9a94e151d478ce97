/**
 * Call logging: structured log lines from events, with argument redaction and context.
 */
package dev.resilient.observation.logging;
