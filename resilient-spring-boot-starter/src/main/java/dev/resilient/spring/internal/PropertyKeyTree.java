package dev.resilient.spring.internal;

import dev.resilient.retry.Backoff;
import dev.resilient.retry.Jitter;
import java.beans.PropertyDescriptor;
import java.io.File;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.RecordComponent;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.BeanUtils;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.core.ResolvableType;
import org.springframework.core.io.Resource;
import org.springframework.util.ClassUtils;

/**
 * The keys that can be set under a prefix, as a tree derived from the types the keys are bound to
 * (the {@code @ConfigurationProperties} classes), from configuration metadata and from declared
 * patterns. Elements are compared in Spring Boot's uniform form (lower case, without dashes), so
 * that every relaxed form of a key, environment variables included, matches it.
 */
final class PropertyKeyTree {

    private static final int MAX_DEPTH = 12;

    /** A node: the key that leads here and what may follow it. */
    static final class Node {

        private final String display;
        private final Map<String, Node> children = new TreeMap<>();
        private @Nullable Node anyKey;
        private @Nullable Node element;
        private boolean value;
        private boolean free;

        Node(String display) {
            this.display = display;
        }

        Node child(String dashed) {
            return this.children.computeIfAbsent(uniform(dashed), key -> new Node(dashed));
        }

        Node anyKey() {
            if (this.anyKey == null) {
                this.anyKey = new Node("*");
            }
            return this.anyKey;
        }

        Node element() {
            if (this.element == null) {
                this.element = new Node("[*]");
            }
            return this.element;
        }

        void markValue() {
            this.value = true;
        }

        void markFree() {
            this.free = true;
        }

        boolean isFree() {
            return this.free;
        }

        /** The keys that may follow this node, in kebab case. */
        List<String> childNames() {
            List<String> names = new ArrayList<>();
            this.children.values().forEach(child -> names.add(child.display));
            return names;
        }
    }

    /** Where a name stops matching: the node it reached and the index of the element it has not. */
    record Mismatch(Node node, int element) {}

    private final Node root;

    PropertyKeyTree(String prefix) {
        this.root = new Node(prefix);
    }

    /** The node of {@code key} below the prefix, created as needed ({@code *} is any one element). */
    Node node(String key) {
        Node node = this.root;
        String[] elements = key.split("\\.");
        String[] prefix = this.root.display.split("\\.");
        for (int i = prefix.length; i < elements.length; i++) {
            node = elements[i].equals("*") ? node.anyKey() : node.child(elements[i]);
        }
        return node;
    }

    /** Adds a declared key: exact, with {@code *} elements, or ending in {@code .**}. */
    void addPattern(String key) {
        String trimmed = key.trim();
        if (trimmed.endsWith(".**")) {
            node(trimmed.substring(0, trimmed.length() - 3)).markFree();
        } else {
            node(trimmed).markValue();
        }
    }

    /** Adds every key that binding to {@code type} at {@code key} accepts. */
    void addType(String key, ResolvableType type) {
        add(node(key), type, new HashSet<>(), 0);
    }

    /** Adds {@code key} as a value (from metadata), unless a type already describes it. */
    void addValue(String key, boolean isMap) {
        Node node = node(key);
        if (isMap && node.anyKey == null && node.children.isEmpty()) {
            node.markFree();
        }
        node.markValue();
    }

    /**
     * Where {@code name} (below the prefix) stops matching any key, or null when it matches one.
     */
    @Nullable
    Mismatch match(ConfigurationPropertyName name) {
        Node node = this.root;
        int start = ConfigurationPropertyName.of(this.root.display).getNumberOfElements();
        for (int i = start; i < name.getNumberOfElements(); i++) {
            if (node.free) {
                return null;
            }
            @Nullable Node next = null;
            if (name.isNumericIndex(i) && node.element != null) {
                next = node.element;
            }
            if (next == null) {
                next = node.children.get(name.getElement(i, ConfigurationPropertyName.Form.UNIFORM));
            }
            if (next == null) {
                next = node.anyKey;
            }
            if (next == null) {
                return new Mismatch(node, i);
            }
            node = next;
        }
        return null;
    }

    private static void add(Node node, ResolvableType type, Set<Class<?>> path, int depth) {
        Class<?> raw = type.resolve(Object.class);
        if (depth > MAX_DEPTH) {
            node.markFree();
            return;
        }
        if (isValue(raw)) {
            node.markValue();
            return;
        }
        if (Map.class.isAssignableFrom(raw)) {
            ResolvableType valueType = type.asMap().getGeneric(1);
            add(node.anyKey(), valueType, path, depth + 1);
            return;
        }
        if (Collection.class.isAssignableFrom(raw) || raw.isArray()) {
            ResolvableType elementType = raw.isArray()
                    ? type.getComponentType()
                    : type.asCollection().getGeneric(0);
            node.markValue(); // a comma-separated list
            add(node.element(), elementType, path, depth + 1);
            return;
        }
        if (raw == Object.class || raw.isInterface() || Modifier.isAbstract(raw.getModifiers()) || !path.add(raw)) {
            node.markFree();
            return;
        }
        boolean found = false;
        if (raw.isRecord()) {
            for (RecordComponent component : raw.getRecordComponents()) {
                found = true;
                add(
                        node.child(dashed(component.getName())),
                        ResolvableType.forType(component.getGenericType()),
                        path,
                        depth + 1);
            }
        } else {
            for (PropertyDescriptor descriptor : BeanUtils.getPropertyDescriptors(raw)) {
                if (descriptor.getName().equals("class")) {
                    continue;
                }
                Method read = descriptor.getReadMethod();
                Method write = descriptor.getWriteMethod();
                ResolvableType propertyType = read != null
                        ? ResolvableType.forMethodReturnType(read, raw)
                        : write != null ? ResolvableType.forMethodParameter(write, 0, raw) : null;
                if (propertyType != null) {
                    found = true;
                    add(node.child(dashed(descriptor.getName())), propertyType, path, depth + 1);
                }
            }
            if (!found) {
                Constructor<?>[] constructors = raw.getConstructors();
                if (constructors.length == 1) {
                    for (Parameter parameter : constructors[0].getParameters()) {
                        found = true;
                        add(
                                node.child(dashed(parameter.getName())),
                                ResolvableType.forType(parameter.getParameterizedType()),
                                path,
                                depth + 1);
                    }
                }
            }
        }
        if (!found) {
            // no bindable property: bound from a single value (a converter), or not understood
            node.markValue();
            if (!ApplicationConversionService.getSharedInstance().canConvert(String.class, raw)) {
                node.markFree();
            }
        }
        path.remove(raw);
    }

    private static boolean isValue(Class<?> type) {
        Class<?> raw = ClassUtils.resolvePrimitiveIfNecessary(type);
        return ClassUtils.isPrimitiveWrapper(raw)
                || CharSequence.class.isAssignableFrom(raw)
                || raw.isEnum()
                || Number.class.isAssignableFrom(raw)
                || raw == Class.class
                || raw == Charset.class
                || raw == Locale.class
                || Path.class.isAssignableFrom(raw)
                || Resource.class.isAssignableFrom(raw)
                || raw.getName().startsWith("java.time.")
                || raw.getName().startsWith("java.net.")
                || raw.getName().startsWith("java.util.regex.")
                || raw == UUID.class
                || raw == File.class
                || raw == Backoff.class // bound by name (BackoffConverter)
                || raw == Jitter.class // bound by name (JitterConverter)
                || raw.getName().startsWith("org.springframework.util.unit.");
    }

    static String uniform(String element) {
        StringBuilder sb = new StringBuilder(element.length());
        for (int i = 0; i < element.length(); i++) {
            char c = element.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                sb.append(Character.toLowerCase(c));
            }
        }
        return sb.toString();
    }

    /** {@code maxAttempts} → {@code max-attempts}. */
    static String dashed(String camel) {
        StringBuilder sb = new StringBuilder(camel.length() + 4);
        for (int i = 0; i < camel.length(); i++) {
            char c = camel.charAt(i);
            if (Character.isUpperCase(c)) {
                if (i > 0) {
                    sb.append('-');
                }
                sb.append(Character.toLowerCase(c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
