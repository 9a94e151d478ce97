/**
 * Events every step emits (attempt, retry, rejection, state change, ...), their publisher with
 * per-type listener masks, and a bounded log of recent events.
 */
@NullMarked
package dev.resilient.event;

import org.jspecify.annotations.NullMarked;
