package dev.resilient.sample.downstream;

/**
 * The downstream refused the request (a 4xx status other than 408 and 429): retrying cannot help
 * and the downstream itself is healthy.
 */
public class DownstreamRejectedException extends DownstreamException {

    private static final long serialVersionUID = 1L;

    public DownstreamRejectedException(String message, int status) {
        super(message, status);
    }
}
