package dev.resilient.spring.internal;

import dev.resilient.spring.Resilient;
import dev.resilient.spring.ResilientConfigurationException;
import dev.resilient.spring.properties.ProfileProperties;
import dev.resilient.spring.properties.ResilientProperties;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.core.env.Environment;

/**
 * Merges profiles into an {@link EffectiveProfile}, key by key, in this order (later wins): the
 * built-in defaults, {@code resilient.defaults}, then for each profile named (in order) its
 * built-in preset if any and {@code resilient.profiles.<name>}, then the inline attributes of the
 * annotation. Thread-safe; meant to run at start-up.
 */
public class ProfileMerger {

    private static final Pattern SIMPLE_NAME = Pattern.compile("[a-z0-9-]+");

    private final ResilientProperties properties;
    private final Environment environment;
    private final @Nullable ClassLoader classLoader;
    private final InlineAttributes inline;

    /**
     * @param properties the bound {@code resilient.*} properties
     * @param environment resolves {@code ${...}} placeholders and decides {@code active-in}
     * @param classLoader resolves exception class names
     */
    public ProfileMerger(ResilientProperties properties, Environment environment, @Nullable ClassLoader classLoader) {
        this.properties = properties;
        this.environment = environment;
        this.classLoader = classLoader;
        this.inline = new InlineAttributes(environment);
    }

    /** Every profile name an annotation may use: {@code default}, the built-in ones and the configured ones. */
    public Set<String> profileNames() {
        Set<String> names =
                new LinkedHashSet<>(List.of(BuiltInProfiles.DEFAULT, BuiltInProfiles.HTTP, BuiltInProfiles.DATABASE));
        names.addAll(profiles().keySet());
        return names;
    }

    /** The merged settings of the given profiles without any inline attribute. */
    public EffectiveProfile merge(List<String> profileNames) {
        return merge(profileNames, null, null);
    }

    /**
     * The merged settings of an annotated method.
     *
     * @param annotation the (merged) annotation; its profile names and inline attributes are used
     * @param methodId the method as {@code SimpleClassName.methodName}, for error messages
     */
    public EffectiveProfile merge(Resilient annotation, String methodId) {
        return merge(Arrays.asList(annotation.value()), annotation, methodId);
    }

    private EffectiveProfile merge(List<String> requested, @Nullable Resilient annotation, @Nullable String methodId) {
        List<String> names = requested.isEmpty() ? List.of(BuiltInProfiles.DEFAULT) : requested;
        List<Layer> layers = new ArrayList<>();
        layers.add(Layer.builtIn(BuiltInProfiles.defaults(), "built-in default"));
        layers.add(Layer.properties(nonNull(this.properties.getDefaults()), "resilient.defaults"));
        for (String name : names) {
            checkName(name, methodId);
            ProfileProperties preset = BuiltInProfiles.preset(name);
            if (preset != null) {
                layers.add(Layer.builtIn(preset, "built-in profile '" + name + "'"));
            }
            ProfileProperties configured = profiles().get(name);
            if (configured != null) {
                layers.add(Layer.properties(configured, profilePath(name)));
            }
        }
        if (annotation != null) {
            layers.add(this.inline.toLayer(annotation, methodId));
        }
        PropertyTree.Merged merged = PropertyTree.merge(layers);
        return ProfileResolver.resolve(this.environment, this.classLoader, merged, methodId, names);
    }

    /**
     * Validates {@code resilient.defaults} and every configured and built-in profile on its own,
     * so that a mistake surfaces at start-up even in a profile no method uses yet.
     *
     * @throws ResilientConfigurationException on the first invalid value
     */
    public void validateProfiles() {
        for (String name : profileNames()) {
            merge(List.of(name));
        }
    }

    /** The property path of a configured profile: {@code resilient.profiles.payments}. */
    public static String profilePath(String name) {
        return SIMPLE_NAME.matcher(name).matches() ? "resilient.profiles." + name : "resilient.profiles[" + name + "]";
    }

    private void checkName(String name, @Nullable String methodId) {
        String attribute = "@Resilient(value = \"" + name + "\")";
        if (name == null || name.isBlank()) {
            throw new ResilientConfigurationException(
                    attribute,
                    methodId,
                    "profile names must not be empty",
                    "Name a profile, or use @Resilient without a value for the default profile.");
        }
        if (!BuiltInProfiles.DEFAULT.equals(name)
                && !BuiltInProfiles.isPreset(name)
                && !profiles().containsKey(name)) {
            throw new ResilientConfigurationException(
                    attribute,
                    methodId,
                    "unknown profile '" + name + "'; known profiles: " + String.join(", ", profileNames()),
                    "Define the profile under " + profilePath(name) + " or fix the name in the annotation.");
        }
    }

    private Map<String, ProfileProperties> profiles() {
        Map<String, ProfileProperties> profiles = this.properties.getProfiles();
        return profiles != null ? profiles : Map.of();
    }

    private static ProfileProperties nonNull(@Nullable ProfileProperties p) {
        return p != null ? p : new ProfileProperties();
    }
}
