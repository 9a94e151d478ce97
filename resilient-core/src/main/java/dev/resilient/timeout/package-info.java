/**
 * Timeout: a time limit per attempt, interrupting sync calls and cancelling async ones, and its
 * pipeline step.
 */
@NullMarked
package dev.resilient.timeout;

import org.jspecify.annotations.NullMarked;
