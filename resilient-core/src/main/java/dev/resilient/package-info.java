/**
 * The types every pattern shares: the runtime (clock, scheduler, executors, events) and the
 * exceptions callers catch ({@link dev.resilient.ResilienceException}, {@link
 * dev.resilient.CallNotPermittedException}).
 */
@NullMarked
package dev.resilient;

import org.jspecify.annotations.NullMarked;
