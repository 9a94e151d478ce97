package dev.resilient.redis.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Key names: {@code <prefix>{<instance>}:<kind>[:<suffix>]}. The instance name is the hash tag, so
 * every key one script touches lives in one Redis Cluster slot. Braces are removed from the prefix
 * and the name, so that nothing else becomes the hash tag.
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
        String part = suffix.length() <= MAX_SUFFIX ? suffix : "sha256:" + sha256(suffix);
        return of(instance, kind) + ":" + part;
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
