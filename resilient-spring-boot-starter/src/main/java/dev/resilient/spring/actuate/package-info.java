/**
 * The {@code resilience} Actuator endpoint, its health contributor and the metadata they show per
 * instance.
 */
@NullMarked
package dev.resilient.spring.actuate;

import org.jspecify.annotations.NullMarked;
