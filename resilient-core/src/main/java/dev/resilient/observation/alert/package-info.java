/**
 * Alerting: after N errors, with cooldown and escalation, to log, callback or webhook sinks.
 */
package dev.resilient.observation.alert;
