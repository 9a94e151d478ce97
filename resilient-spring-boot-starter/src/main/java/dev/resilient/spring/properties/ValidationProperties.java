package dev.resilient.spring.properties;

/**
 * What the start-up checks do when they find a problem: resilient.validation.*. Each check fails
 * the start-up by default.
 */
public class ValidationProperties {

    /**
     * A key under resilient. that no setting is bound to (a misspelt key), in any property source,
     * environment variables included.
     */
    private ValidationMode unknownKeys = ValidationMode.FAIL;

    /**
     * A @Resilient method no proxy can reach: private, static, not public, final on a CGLIB proxy,
     * missing from the interfaces of a JDK proxy, or on a bean that was not proxied.
     */
    private ValidationMode unreachableMethods = ValidationMode.FAIL;

    /**
     * A @Resilient method that also carries Spring Framework's @Retryable or @ConcurrencyLimit:
     * two retry layers multiply the attempts.
     */
    private ValidationMode springResilienceAnnotations = ValidationMode.FAIL;

    public ValidationMode getUnknownKeys() {
        return this.unknownKeys;
    }

    public void setUnknownKeys(ValidationMode unknownKeys) {
        this.unknownKeys = unknownKeys;
    }

    public ValidationMode getUnreachableMethods() {
        return this.unreachableMethods;
    }

    public void setUnreachableMethods(ValidationMode unreachableMethods) {
        this.unreachableMethods = unreachableMethods;
    }

    public ValidationMode getSpringResilienceAnnotations() {
        return this.springResilienceAnnotations;
    }

    public void setSpringResilienceAnnotations(ValidationMode springResilienceAnnotations) {
        this.springResilienceAnnotations = springResilienceAnnotations;
    }
}
