/**
 * HTTP helpers shared by the patterns and integrations: parsing and clamping of {@code Retry-
 * After}.
 */
@NullMarked
package dev.resilient.http;

import org.jspecify.annotations.NullMarked;
