package dev.resilient.spring.internal;

import dev.resilient.spring.properties.ProfileProperties;
import java.beans.PropertyDescriptor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.BeanUtils;

/**
 * Merges {@link ProfileProperties} layers key by key, remembering where each value comes from.
 * Nested groups are merged recursively, maps entry by entry, everything else (lists included) is
 * replaced whole by a later layer that sets it. Runs at start-up only.
 */
final class PropertyTree {

    private static final String GROUP_PACKAGE = ProfileProperties.class.getPackageName();

    private PropertyTree() {}

    /** Result of a merge: the merged values and the origin of every set leaf key. */
    record Merged(ProfileProperties values, Map<String, Origin> origins) {}

    static Merged merge(List<Layer> layers) {
        ProfileProperties target = new ProfileProperties();
        Map<String, Origin> origins = new LinkedHashMap<>();
        for (int rank = 0; rank < layers.size(); rank++) {
            Layer layer = layers.get(rank);
            mergeInto(target, layer.values(), "", layer, rank, origins);
        }
        return new Merged(target, origins);
    }

    /**
     * Every leaf key of {@code values} ({@code retry.max-delay}) with its value, null when unset;
     * a map (such as {@code metrics.tags}) is one leaf, a list of groups (such as
     * {@code alert.escalation}) is flattened element by element.
     */
    static Map<String, Object> flatten(ProfileProperties values) {
        Map<String, Object> leaves = new LinkedHashMap<>();
        flattenInto(values, "", leaves);
        return leaves;
    }

    private static void flattenInto(Object source, String prefix, Map<String, Object> leaves) {
        for (PropertyDescriptor pd : BeanUtils.getPropertyDescriptors(source.getClass())) {
            Method read = pd.getReadMethod();
            if (read == null || pd.getWriteMethod() == null) {
                continue;
            }
            Object value = invoke(read, source);
            String key = prefix + kebab(pd.getName());
            if (value != null && isGroup(pd.getPropertyType())) {
                flattenInto(value, key + ".", leaves);
            } else if (value instanceof List<?> list
                    && list.stream().anyMatch(e -> e != null && isGroup(e.getClass()))) {
                leaves.put(key, list.size());
                for (int i = 0; i < list.size(); i++) {
                    flattenInto(list.get(i), key + "[" + i + "].", leaves);
                }
            } else {
                leaves.put(key, value);
            }
        }
    }

    /** Relative kebab-case key of a bean property name: {@code maxDelay} -> {@code max-delay}. */
    static String kebab(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** Whether values of {@code type} are a nested group of settings (a properties class such as {@code RetryProperties}). */
    static boolean isGroup(Class<?> type) {
        return !type.isEnum() && !type.isInterface() && type.getPackageName().equals(GROUP_PACKAGE);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void mergeInto(
            Object target, Object source, String prefix, Layer layer, int rank, Map<String, Origin> origins) {
        for (PropertyDescriptor pd : BeanUtils.getPropertyDescriptors(source.getClass())) {
            Method read = pd.getReadMethod();
            Method write = pd.getWriteMethod();
            if (read == null || write == null) {
                continue;
            }
            Object value = invoke(read, source);
            if (value == null) {
                continue;
            }
            String key = prefix + kebab(pd.getName());
            if (isGroup(pd.getPropertyType())) {
                Object nested = Objects.requireNonNull(invoke(read, target), key);
                mergeInto(nested, value, key + ".", layer, rank, origins);
            } else if (value instanceof Map<?, ?> map) {
                Map merged = new LinkedHashMap((Map) invoke(read, target));
                map.forEach((k, v) -> {
                    merged.put(k, v);
                    String entryKey = key + "." + k;
                    origins.put(entryKey, origin(layer, entryKey, rank));
                });
                invoke(write, target, merged);
            } else {
                invoke(write, target, value instanceof List<?> list ? new ArrayList<>(list) : value);
                origins.put(key, origin(layer, key, rank));
            }
        }
    }

    private static Origin origin(Layer layer, String key, int rank) {
        return new Origin(layer.pathOf().apply(key), rank, layer.builtIn(), layer.inline());
    }

    private static @Nullable Object invoke(Method method, Object target, @Nullable Object... args) {
        try {
            return method.invoke(target, args);
        } catch (IllegalAccessException | InvocationTargetException ex) {
            throw new IllegalStateException("Cannot access " + method, ex);
        }
    }
}
