/**
 * Injectable time: clocks, schedulers and sleepers, and {@link dev.resilient.time.ManualTime} for
 * tests that never sleep.
 */
@NullMarked
package dev.resilient.time;

import org.jspecify.annotations.NullMarked;
