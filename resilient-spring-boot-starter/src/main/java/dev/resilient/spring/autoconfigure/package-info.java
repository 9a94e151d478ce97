/**
 * Auto-configuration of the starter: the advisor that applies {@code @Resilient}, the registry of
 * pipelines, start-up validation and its failure analyzer.
 */
@NullMarked
package dev.resilient.spring.autoconfigure;

import org.jspecify.annotations.NullMarked;
