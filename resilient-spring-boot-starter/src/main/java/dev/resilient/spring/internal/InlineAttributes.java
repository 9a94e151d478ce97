package dev.resilient.spring.internal;

import dev.resilient.retry.Backoff;
import dev.resilient.retry.Jitter;
import dev.resilient.spring.Resilient;
import dev.resilient.spring.ResilientConfigurationException;
import dev.resilient.spring.properties.BackoffConverter;
import dev.resilient.spring.properties.JitterConverter;
import dev.resilient.spring.properties.ProfileProperties;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.BeanWrapper;
import org.springframework.beans.PropertyAccessorFactory;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.convert.ConversionService;
import org.springframework.core.env.PropertyResolver;

/**
 * Turns the inline attributes of a {@link Resilient} annotation into the last merge layer:
 * placeholders resolved, strings converted (durations, numbers, enum names), errors reported with
 * the attribute and the method.
 */
final class InlineAttributes {

    private static final Pattern RATE = Pattern.compile("\\s*(\\d+)\\s*/\\s*(\\S+)\\s*");

    private static final ConversionService CONVERSION = conversion();

    private final PropertyResolver placeholders;

    InlineAttributes(PropertyResolver placeholders) {
        this.placeholders = placeholders;
    }

    Layer toLayer(Resilient annotation, @Nullable String methodId) {
        ProfileProperties values = new ProfileProperties();
        BeanWrapper wrapper = PropertyAccessorFactory.forBeanPropertyAccess(values);
        Map<String, String> attributeOfKey = new HashMap<>();
        Context ctx = new Context(wrapper, attributeOfKey, methodId);

        ctx.set("maxAttempts", annotation.maxAttempts(), "retry.maxAttempts", Integer.class);
        ctx.set("delay", annotation.delay(), "retry.delay", Duration.class);
        ctx.set("maxDelay", annotation.maxDelay(), "retry.maxDelay", Duration.class);
        ctx.set("backoff", annotation.backoff(), "retry.backoff", Backoff.class);
        ctx.set("multiplier", annotation.multiplier(), "retry.multiplier", Double.class);
        ctx.set("jitter", annotation.jitter(), "retry.jitter", Jitter.class);
        ctx.setClasses("retryOn", annotation.retryOn(), "retry.retryOn");
        ctx.setClasses("noRetryOn", annotation.noRetryOn(), "retry.abortOn");
        ctx.set("timeout", annotation.timeout(), "timeout", Duration.class);
        ctx.setClasses("suppress", annotation.suppress(), "fallback.suppress");
        ctx.set("failureThreshold", annotation.failureThreshold(), "circuitBreaker.failureThreshold", Integer.class);
        ctx.set("recoveryTimeout", annotation.recoveryTimeout(), "circuitBreaker.recoveryTimeout", Duration.class);
        ctx.set("maxConcurrent", annotation.maxConcurrent(), "bulkhead.maxConcurrent", Integer.class);
        ctx.set("slowThreshold", annotation.slowThreshold(), "slowThreshold", Duration.class);
        ctx.set("when", annotation.when(), "when", String.class);
        ctx.set("failureCacheKey", annotation.failureCacheKey(), "failureCache.key", String.class);
        ctx.set("failureCacheTtl", annotation.failureCacheTtl(), "failureCache.ttl", Duration.class);
        ctx.set("rateLimitKey", annotation.rateLimitKey(), "rateLimit.key", String.class);
        setRate(ctx, annotation);

        return new Layer(values, false, true, key -> {
            String attribute = attributeOfKey.get(key);
            return "@Resilient(" + (attribute != null ? attribute : key) + ")";
        });
    }

    private void setRate(Context ctx, Resilient annotation) {
        String rate = ctx.resolve("rateLimit", annotation.rateLimit());
        String period = ctx.resolve("ratePeriod", annotation.ratePeriod());
        if (!period.isEmpty()) {
            ctx.put("ratePeriod", "rateLimit.period", ctx.convert("ratePeriod", period, Duration.class));
        }
        if (rate.isEmpty()) {
            return;
        }
        Matcher m = RATE.matcher(rate);
        if (m.matches()) {
            if (!period.isEmpty()) {
                throw ctx.error(
                        "rateLimit",
                        rate,
                        "a period is given both in rateLimit and in ratePeriod",
                        "Use either rateLimit = \"100/1m\" or rateLimit = \"100\" with ratePeriod = \"1m\".");
            }
            String periodText = m.group(2);
            if (!Character.isDigit(periodText.charAt(0))) {
                periodText = "1" + periodText;
            }
            ctx.put("rateLimit", "rateLimit.limit", ctx.convert("rateLimit", m.group(1), Integer.class));
            ctx.put("rateLimit", "rateLimit.period", ctx.convert("rateLimit", periodText, Duration.class));
        } else {
            ctx.put("rateLimit", "rateLimit.limit", ctx.convert("rateLimit", rate.trim(), Integer.class));
        }
    }

    private final class Context {

        private final BeanWrapper wrapper;
        private final Map<String, String> attributeOfKey;
        private final @Nullable String methodId;

        Context(BeanWrapper wrapper, Map<String, String> attributeOfKey, @Nullable String methodId) {
            this.wrapper = wrapper;
            this.attributeOfKey = attributeOfKey;
            this.methodId = methodId;
        }

        String resolve(String attribute, String raw) {
            if (raw.isEmpty()) {
                return raw;
            }
            try {
                return placeholders.resolveRequiredPlaceholders(raw).trim();
            } catch (IllegalArgumentException ex) {
                throw error(
                        attribute,
                        raw,
                        String.valueOf(ex.getMessage()),
                        "Define the property or give the placeholder a default: ${name:default}.");
            }
        }

        void set(String attribute, String raw, String beanPath, Class<?> type) {
            String value = resolve(attribute, raw);
            if (!value.isEmpty()) {
                put(attribute, beanPath, convert(attribute, value, type));
            }
        }

        void setClasses(String attribute, Class<? extends Throwable>[] classes, String beanPath) {
            if (classes.length > 0) {
                put(
                        attribute,
                        beanPath,
                        Arrays.stream(classes).map(Class::getName).toList());
            }
        }

        void put(String attribute, String beanPath, Object value) {
            this.wrapper.setPropertyValue(beanPath, value);
            this.attributeOfKey.put(key(beanPath), attribute);
        }

        <T> T convert(String attribute, String value, Class<T> type) {
            try {
                T converted = CONVERSION.convert(value, type);
                if (converted == null) {
                    throw new IllegalArgumentException("empty value");
                }
                return converted;
            } catch (RuntimeException ex) {
                throw error(attribute, value, "'" + value + "' is not a valid " + describe(type), hint(type));
            }
        }

        ResilientConfigurationException error(String attribute, String value, String reason, String action) {
            return new ResilientConfigurationException(
                    "@Resilient(" + attribute + " = \"" + value + "\")", this.methodId, reason, action);
        }
    }

    private static String key(String beanPath) {
        return Arrays.stream(beanPath.split("\\."))
                .map(PropertyTree::kebab)
                .reduce((a, b) -> a + "." + b)
                .orElse(beanPath);
    }

    /** Boot's conversions plus the names of core's backoff and jitter. */
    private static ConversionService conversion() {
        ApplicationConversionService conversion = new ApplicationConversionService();
        conversion.addConverter(new BackoffConverter());
        conversion.addConverter(new JitterConverter());
        return conversion;
    }

    private static String describe(Class<?> type) {
        if (type == Duration.class) {
            return "duration";
        }
        if (names(type) != null) {
            return "value; expected one of " + names(type);
        }
        return type.getSimpleName().toLowerCase(Locale.ROOT);
    }

    private static String hint(Class<?> type) {
        if (type == Duration.class) {
            return "Use a duration such as \"200ms\", \"5s\", \"1m\" or \"PT2S\".";
        }
        if (names(type) != null) {
            return "Use one of " + names(type) + ".";
        }
        return "Use a number.";
    }

    /** The values a named setting accepts, or {@code null} for types that are not such a choice. */
    private static @Nullable List<String> names(Class<?> type) {
        if (type == Backoff.class) {
            return BackoffConverter.NAMES;
        }
        if (type == Jitter.class) {
            return JitterConverter.NAMES;
        }
        if (!type.isEnum()) {
            return null;
        }
        Function<Object, String> name =
                c -> ((Enum<?>) c).name().toLowerCase(Locale.ROOT).replace('_', '-');
        return Arrays.stream(type.getEnumConstants()).map(name).toList();
    }
}
