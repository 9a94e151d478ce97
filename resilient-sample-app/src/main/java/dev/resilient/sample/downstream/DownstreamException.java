package dev.resilient.sample.downstream;

/**
 * A downstream service answered with an error status. {@link DownstreamUnavailableException} is
 * transient (retried, counted by the circuit breaker); {@link DownstreamRejectedException} is not.
 */
public abstract class DownstreamException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    protected DownstreamException(String message, int status) {
        super(message);
        this.status = status;
    }

    /** The HTTP status the downstream answered with. */
    public int status() {
        return status;
    }
}
