package dev.resilient.spring.properties;

import dev.resilient.retry.Backoff;
import java.util.List;
import org.springframework.core.convert.converter.Converter;

/**
 * Reads a {@code retry.backoff} value ({@code fixed}, {@code linear}, {@code exponential},
 * {@code fibonacci}; any case) as core's {@link Backoff}; bound to the properties and to
 * {@code @Resilient(backoff = ...)}.
 */
public final class BackoffConverter implements Converter<String, Backoff> {

    /** The names accepted, as written in configuration files. */
    public static final List<String> NAMES = List.of("fixed", "linear", "exponential", "fibonacci");

    @Override
    public Backoff convert(String source) {
        return Backoff.of(source);
    }
}
