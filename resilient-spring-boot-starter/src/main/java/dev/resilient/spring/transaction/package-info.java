/** How {@code @Resilient} timeouts and Spring transactions keep a failed call from committing. */
@NullMarked
package dev.resilient.spring.transaction;

import org.jspecify.annotations.NullMarked;
