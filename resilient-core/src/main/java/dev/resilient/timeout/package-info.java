/**
 * Timeout: a time limit per attempt, interrupting sync calls and cancelling async ones, and its
 * pipeline step.
 */
package dev.resilient.timeout;
