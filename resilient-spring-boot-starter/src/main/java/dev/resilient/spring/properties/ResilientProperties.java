package dev.resilient.spring.properties;

import dev.resilient.CallExecutors;
import dev.resilient.SaturationPolicy;
import java.util.LinkedHashMap;
import java.util.Map;
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
    private Boolean enabled;

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
     * The executor that runs synchronous attempts under a timeout (shared by every method).
     */
    private final Executor executor = new Executor();

    public Boolean getEnabled() {
        return this.enabled;
    }

    public void setEnabled(Boolean enabled) {
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

    public Executor getExecutor() {
        return this.executor;
    }

    /** The call executor: what a synchronous attempt under a timeout runs on. */
    public static class Executor {

        /**
         * The kind of thread each timed attempt runs on: platform (a bounded pool) or virtual (a
         * new virtual thread per attempt, JDK 21+). Default: virtual on JDK 21+, else platform.
         */
        private CallExecutors.Kind kind;

        /**
         * The most platform threads running timed attempts at once (kind platform only).
         */
        private int maxThreads = CallExecutors.DEFAULT_MAX_THREADS;

        /**
         * What an attempt does when every platform thread is busy: reject (fail with
         * ExecutorSaturatedException, counted as a rejection, not retried by default) or
         * caller-runs (run on the caller's thread, without the timeout).
         */
        private SaturationPolicy whenSaturated = SaturationPolicy.REJECT;

        public CallExecutors.Kind getKind() {
            return this.kind;
        }

        public void setKind(CallExecutors.Kind kind) {
            this.kind = kind;
        }

        public int getMaxThreads() {
            return this.maxThreads;
        }

        public void setMaxThreads(int maxThreads) {
            this.maxThreads = maxThreads;
        }

        public SaturationPolicy getWhenSaturated() {
            return this.whenSaturated;
        }

        public void setWhenSaturated(SaturationPolicy whenSaturated) {
            this.whenSaturated = whenSaturated;
        }
    }
}
