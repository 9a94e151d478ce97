/**
 * Observation: the step that times each call and reports its outcome, slow calls and performance
 * callbacks.
 */
package dev.resilient.observation;
