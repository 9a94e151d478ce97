/**
 * The {@code resilience} Actuator endpoint, its health contributor and the metadata they show per
 * instance.
 */
package dev.resilient.spring.actuate;
