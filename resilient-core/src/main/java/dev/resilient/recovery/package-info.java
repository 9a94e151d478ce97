/**
 * Recovery and cleanup: a recovery function for given failure types and a cleanup action that
 * always runs.
 */
@NullMarked
package dev.resilient.recovery;

import org.jspecify.annotations.NullMarked;
