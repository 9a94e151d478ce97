package dev.resilient.spring.properties;

import dev.resilient.retry.Jitter;
import java.util.List;
import org.springframework.core.convert.converter.Converter;

/**
 * Reads a {@code retry.jitter} value ({@code none}, {@code full}, {@code equal},
 * {@code decorrelated}; any case) as core's {@link Jitter}; bound to the properties and to
 * {@code @Resilient(jitter = ...)}.
 */
public final class JitterConverter implements Converter<String, Jitter> {

    /** The names accepted, as written in configuration files. */
    public static final List<String> NAMES = List.of("none", "full", "equal", "decorrelated");

    @Override
    public Jitter convert(String source) {
        return Jitter.of(source);
    }
}
