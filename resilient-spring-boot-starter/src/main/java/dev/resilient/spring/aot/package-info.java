/** Ahead-of-time support: the reflection and resource hints a native image of an application needs. */
@NullMarked
package dev.resilient.spring.aot;

import org.jspecify.annotations.NullMarked;
