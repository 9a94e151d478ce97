/**
 * The annotation users write, {@link dev.resilient.spring.Resilient}, and the types they implement
 * or catch around it (context provider, error mapper, configuration exception).
 */
package dev.resilient.spring;
