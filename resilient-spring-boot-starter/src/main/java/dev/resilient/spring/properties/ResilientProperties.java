package dev.resilient.spring.properties;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * Configuration of @Resilient methods, bound from resilient.*.
 *
 * <p>Every value is optional. A method's effective settings are merged key by key: the built-in
 * defaults, then resilient.defaults, then each profile named in the annotation in order,
 * then the annotation's inline attributes; the last value that is set wins.
 */
@ConfigurationProperties("resilient")
public class ResilientProperties {

    /**
     * Whether @Resilient is applied at all.
     */
    private @Nullable Boolean enabled;

    /**
     * Settings every profile starts from.
     */
    @NestedConfigurationProperty
    private ProfileProperties defaults = new ProfileProperties();

    /**
     * Named profiles, selected with @Resilient("name"). The built-in profiles http
     * and database may be overridden here key by key.
     */
    private Map<String, ProfileProperties> profiles = new LinkedHashMap<>();

    /**
     * How @Resilient is applied (the advisor's order).
     */
    @NestedConfigurationProperty
    private AopProperties aop = new AopProperties();

    /**
     * What the start-up checks do when they find a problem.
     */
    @NestedConfigurationProperty
    private ValidationProperties validation = new ValidationProperties();

    /**
     * The executor that runs synchronous attempts under a timeout (shared by every method).
     */
    @NestedConfigurationProperty
    private ExecutorProperties executor = new ExecutorProperties();

    public @Nullable Boolean getEnabled() {
        return this.enabled;
    }

    public void setEnabled(@Nullable Boolean enabled) {
        this.enabled = enabled;
    }

    public ProfileProperties getDefaults() {
        return this.defaults;
    }

    public void setDefaults(ProfileProperties defaults) {
        this.defaults = defaults;
    }

    public Map<String, ProfileProperties> getProfiles() {
        return this.profiles;
    }

    public void setProfiles(Map<String, ProfileProperties> profiles) {
        this.profiles = profiles;
    }

    public AopProperties getAop() {
        return this.aop;
    }

    public void setAop(AopProperties aop) {
        this.aop = aop;
    }

    public ValidationProperties getValidation() {
        return this.validation;
    }

    public void setValidation(ValidationProperties validation) {
        this.validation = validation;
    }

    public ExecutorProperties getExecutor() {
        return this.executor;
    }

    public void setExecutor(ExecutorProperties executor) {
        this.executor = executor;
    }
}
