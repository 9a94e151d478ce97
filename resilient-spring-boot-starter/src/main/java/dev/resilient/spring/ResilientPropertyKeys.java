package dev.resilient.spring;

import java.util.Collection;

/**
 * Keys under {@code resilient.} that a module reads without binding them to a
 * {@code @ConfigurationProperties} class, so that the start-up check for unknown keys accepts them.
 * Declare it as a bean.
 *
 * <p>Most modules need nothing: every key of a {@code @ConfigurationProperties} bean whose prefix
 * is {@code resilient} or starts with {@code resilient.} (a Redis backend's
 * {@code @ConfigurationProperties("resilient.redis")} class, say), and every key of the generated
 * configuration metadata ({@code META-INF/spring-configuration-metadata.json}) on the class path,
 * is known already.
 *
 * <p>A key is written in the canonical (kebab-case) form, such as {@code resilient.redis.url}; an
 * element {@code *} stands for any one element (a map key), and a key ending in {@code .**}
 * accepts everything beneath it, such as {@code resilient.redis.client.**}.
 */
@FunctionalInterface
public interface ResilientPropertyKeys {

    /** The keys, each starting with {@code resilient.}. */
    Collection<String> keys();
}
