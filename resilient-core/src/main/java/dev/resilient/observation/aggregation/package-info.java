/**
 * Error aggregation: errors collected over a window, grouped, flushed to a callback, and an
 * optional error limit step.
 */
package dev.resilient.observation.aggregation;
