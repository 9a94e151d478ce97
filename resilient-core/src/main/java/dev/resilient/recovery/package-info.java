/**
 * Recovery and cleanup: a recovery function for given failure types and a cleanup action that
 * always runs.
 */
package dev.resilient.recovery;
