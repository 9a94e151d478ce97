/**
 * The annotation users write, {@link dev.resilient.spring.Resilient}, and the types they implement
 * or catch around it (context provider, error mapper, configuration exception).
 */
@NullMarked
package dev.resilient.spring;

import org.jspecify.annotations.NullMarked;
