package dev.resilient.observation;

import java.util.Objects;

/**
 * Removes credentials from failure text before it leaves the process: log lines, alert sinks and
 * webhook payloads, aggregated error reports and the actuator's recent events. The default
 * ({@link #defaults()}) masks the values of {@code Authorization}, {@code Proxy-Authorization},
 * {@code Cookie}, {@code Set-Cookie} and {@code X-Api-Key}-style headers, bearer and basic
 * credentials, the user info of URLs ({@code https://user:pass@host}) and {@code password=},
 * {@code token=}, {@code secret=}, {@code api_key=} pairs in query strings and key-value text.
 *
 * <p>Implementations must be thread-safe and fast, return the text unchanged when there is nothing
 * to mask, and never return {@code null} for non-null text. One that throws is treated as having
 * masked everything: the text is replaced by {@link #UNAVAILABLE}.
 */
@FunctionalInterface
public interface MessageScrubber {

    /** What replaces text a scrubber failed on. */
    String UNAVAILABLE = "<unavailable>";

    /**
     * @param text failure text (an exception message, a rendered value); may be {@code null}
     * @return {@code text} with credentials masked; {@code null} for {@code null}
     */
    String scrub(String text);

    /** This scrubber, then {@code next} on its output. */
    default MessageScrubber andThen(MessageScrubber next) {
        Objects.requireNonNull(next, "next");
        return text -> next.scrub(scrub(text));
    }

    /** The built-in scrubber, masking with {@code ***} (see {@link CredentialScrubber}). */
    static MessageScrubber defaults() {
        return CredentialScrubber.DEFAULT;
    }

    /** A scrubber that changes nothing: turns message scrubbing off. */
    static MessageScrubber none() {
        return text -> text;
    }

    /**
     * {@code scrubber} applied to {@code text}, never failing: a scrubber that throws yields
     * {@link #UNAVAILABLE}.
     */
    static String safely(MessageScrubber scrubber, String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        try {
            String scrubbed = scrubber.scrub(text);
            return scrubbed == null ? UNAVAILABLE : scrubbed;
        } catch (RuntimeException | StackOverflowError e) {
            return UNAVAILABLE;
        }
    }
}
