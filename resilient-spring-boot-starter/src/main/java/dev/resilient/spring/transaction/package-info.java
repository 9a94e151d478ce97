/** How {@code @Resilient} timeouts and Spring transactions keep a failed call from committing. */
package dev.resilient.spring.transaction;
