/**
 * Observation: the step that times each call and reports its outcome, slow calls and performance
 * callbacks.
 */
@NullMarked
package dev.resilient.observation;

import org.jspecify.annotations.NullMarked;
