package dev.resilient.redis.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Key names: {@code <prefix>{<instance>}:<kind>[:<suffix>]}, or {@code <prefix>{<instance>:<key>}:<kind>}
 * for one key of a per-key rate limit. The part in braces is the hash tag, so every key one script
 * touches lives in one Redis Cluster slot (and the keys of a per-key limit spread over the slots).
 * Braces are removed from the prefix, the name and the key, so that nothing else becomes the hash
 * tag; suffixes and keys longer than 200 characters are replaced by their SHA-256.
 */
public final class Keys {

    private static final int MAX_SUFFIX = 200;

    private final String prefix;

    public Keys(String prefix) {
        this.prefix = strip(prefix);
    }

    public String prefix() {
        return prefix;
    }

    /** The key of {@code kind} of {@code instance}. */
    public String of(String instance, String kind) {
        return prefix + "{" + strip(instance) + "}:" + kind;
    }

    /** A key of {@code kind} of {@code instance} per {@code suffix}; long suffixes are hashed. */
    public String of(String instance, String kind, String suffix) {
        return of(instance, kind) + ":" + shorten(suffix);
    }

    /** The hash tag of {@code key} of a per-key limit of {@code instance}: {@code <instance>:<key>}; long keys are hashed. */
    public String perKey(String instance, String key) {
        return instance + ":" + shorten(key);
    }

    private static String shorten(String text) {
        return text.length() <= MAX_SUFFIX ? text : "sha256:" + sha256(text);
    }

    private static String strip(String text) {
        return text.replace("{", "").replace("}", "");
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
