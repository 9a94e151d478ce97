/**
 * Alerting: after N errors, with cooldown and escalation, to log, callback or webhook sinks.
 */
@NullMarked
package dev.resilient.observation.alert;

import org.jspecify.annotations.NullMarked;
