package dev.resilient.spring.internal;

import dev.resilient.spring.ResilientConfigurationException;
import dev.resilient.spring.ResilientPropertyKeys;
import dev.resilient.spring.properties.ValidationMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationPropertiesBean;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.json.JsonParserFactory;
import org.springframework.boot.origin.Origin;
import org.springframework.context.ApplicationContext;
import org.springframework.core.ResolvableType;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;
import org.springframework.util.StreamUtils;

/**
 * Fails the start-up (or warns) when a key under {@code resilient.} is set that no setting is bound
 * to, naming the key, where it was set and the nearest valid key. The valid keys are derived, not
 * listed: from every {@code @ConfigurationProperties} bean whose prefix is under
 * {@code resilient}, from the configuration metadata on the class path, and from
 * {@link ResilientPropertyKeys} beans. Keys of user-named maps (profile names, metric tags) are free.
 */
public final class UnknownPropertyCheck {

    private static final Log logger = LogFactory.getLog(UnknownPropertyCheck.class);

    private static final String PREFIX = "resilient";
    private static final ConfigurationPropertyName PREFIX_NAME = ConfigurationPropertyName.of(PREFIX);
    private static final String[] METADATA = {
        "META-INF/spring-configuration-metadata.json", "META-INF/additional-spring-configuration-metadata.json"
    };

    private final ApplicationContext context;
    private final Environment environment;
    private final ValidationMode mode;

    public UnknownPropertyCheck(ApplicationContext context, Environment environment, @Nullable ValidationMode mode) {
        this.context = context;
        this.environment = environment;
        this.mode = mode != null ? mode : ValidationMode.FAIL;
    }

    /** Runs the check. */
    public void check() {
        List<String> problems = new ArrayList<>();
        @Nullable String firstKey = null;
        @Nullable String firstSuggestion = null;
        PropertyKeyTree tree = validKeys();
        Set<ConfigurationPropertyName> seen = new LinkedHashSet<>();
        for (ConfigurationPropertySource source : ConfigurationPropertySources.get(this.environment)) {
            if (!(source instanceof IterableConfigurationPropertySource iterable)) {
                continue;
            }
            for (ConfigurationPropertyName name : (Iterable<ConfigurationPropertyName>) iterable.stream()::iterator) {
                if (!PREFIX_NAME.isAncestorOf(name) || !seen.add(name)) {
                    continue;
                }
                PropertyKeyTree.Mismatch mismatch = tree.match(name);
                if (mismatch == null) {
                    continue;
                }
                String suggestion = suggestion(name, mismatch);
                ConfigurationProperty property = source.getConfigurationProperty(name);
                Origin origin = property != null ? property.getOrigin() : null;
                String element = name.getElement(mismatch.element(), ConfigurationPropertyName.Form.ORIGINAL);
                StringBuilder problem = new StringBuilder()
                        .append(name)
                        .append(origin != null ? " (" + origin + ")" : "")
                        .append(": no setting '")
                        .append(element)
                        .append("' here");
                if (suggestion != null) {
                    problem.append("; did you mean ").append(suggestion).append('?');
                } else {
                    problem.append("; valid keys here: ")
                            .append(String.join(", ", mismatch.node().childNames()));
                }
                problems.add(problem.toString());
                if (firstKey == null) {
                    firstKey = name.toString();
                    firstSuggestion = suggestion;
                }
            }
        }
        if (problems.isEmpty()) {
            return;
        }
        String reason = problems.size() == 1
                ? "unknown key " + problems.get(0)
                : problems.size() + " unknown keys:\n      " + String.join("\n      ", problems);
        String action = (firstSuggestion != null
                        ? "Rename " + firstKey + " to " + firstSuggestion + ", or remove it. "
                        : "Remove or rename the key. ")
                + "Keys under resilient. are checked against the bound settings (see docs/reference.md); "
                + "a module reading keys of its own declares them with a ResilientPropertyKeys bean; "
                + "resilient.validation.unknown-keys=warn only logs this.";
        if (this.mode == ValidationMode.WARN) {
            logger.warn("Invalid resilient configuration: " + reason + ". " + action);
            return;
        }
        throw new ResilientConfigurationException(firstKey, null, reason, action);
    }

    /** The valid keys under {@code resilient}. */
    PropertyKeyTree validKeys() {
        PropertyKeyTree tree = new PropertyKeyTree(PREFIX);
        for (ConfigurationPropertiesBean bean :
                ConfigurationPropertiesBean.getAll(this.context).values()) {
            String prefix = bean.getAnnotation().prefix();
            if (prefix.isEmpty()) {
                prefix = bean.getAnnotation().value();
            }
            if (prefix.equals(PREFIX) || prefix.startsWith(PREFIX + ".")) {
                tree.addType(prefix, bean.asBindTarget().getType());
            }
        }
        addMetadata(tree);
        this.context
                .getBeanProvider(ResilientPropertyKeys.class)
                .orderedStream()
                .forEach(keys -> {
                    for (String key : keys.keys()) {
                        if (!key.equals(PREFIX) && !key.startsWith(PREFIX + ".")) {
                            throw new IllegalArgumentException(
                                    "ResilientPropertyKeys key must start with 'resilient.' but was '" + key + "'");
                        }
                        tree.addPattern(key);
                    }
                });
        return tree;
    }

    @SuppressWarnings("unchecked")
    private void addMetadata(PropertyKeyTree tree) {
        ClassLoader contextLoader = this.context.getClassLoader();
        ClassLoader classLoader = contextLoader != null ? contextLoader : UnknownPropertyCheck.class.getClassLoader();
        for (String location : METADATA) {
            try {
                Enumeration<URL> resources = classLoader.getResources(location);
                while (resources.hasMoreElements()) {
                    Map<String, Object> metadata =
                            JsonParserFactory.getJsonParser().parseMap(read(resources.nextElement()));
                    for (Object group : (List<Object>) metadata.getOrDefault("groups", List.of())) {
                        Map<String, Object> entry = (Map<String, Object>) group;
                        String name = (String) entry.get("name");
                        String type = (String) entry.get("type");
                        if (name != null
                                && isUnderPrefix(name)
                                && type != null
                                && ClassUtils.isPresent(type, classLoader)) {
                            tree.addType(name, ResolvableType.forClass(ClassUtils.resolveClassName(type, classLoader)));
                        }
                    }
                    for (Object property : (List<Object>) metadata.getOrDefault("properties", List.of())) {
                        Map<String, Object> entry = (Map<String, Object>) property;
                        String name = (String) entry.get("name");
                        String type = (String) entry.get("type");
                        if (name != null && isUnderPrefix(name)) {
                            tree.addValue(name, type != null && type.startsWith("java.util.Map"));
                        }
                    }
                }
            } catch (IOException ex) {
                throw new UncheckedIOException("Could not read " + location, ex);
            }
        }
    }

    private static String read(URL url) throws IOException {
        try (InputStream in = url.openStream()) {
            return StreamUtils.copyToString(in, StandardCharsets.UTF_8);
        }
    }

    private static boolean isUnderPrefix(String name) {
        return name.startsWith(PREFIX + ".");
    }

    /** The key with the element that does not match replaced by the nearest valid one, or null. */
    private static @Nullable String suggestion(ConfigurationPropertyName name, PropertyKeyTree.Mismatch mismatch) {
        String element = name.getElement(mismatch.element(), ConfigurationPropertyName.Form.DASHED);
        @Nullable String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : mismatch.node().childNames()) {
            int distance = distance(PropertyKeyTree.uniform(element), PropertyKeyTree.uniform(candidate));
            if (distance < bestDistance) {
                bestDistance = distance;
                best = candidate;
            }
        }
        if (best == null || bestDistance > Math.max(2, element.length() / 3)) {
            return null;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < name.getNumberOfElements(); i++) {
            if (i > 0 && !name.isNumericIndex(i)) {
                sb.append('.');
            }
            String part = i == mismatch.element() ? best : name.getElement(i, ConfigurationPropertyName.Form.DASHED);
            sb.append(name.isNumericIndex(i) ? "[" + part + "]" : part);
        }
        return sb.toString();
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
