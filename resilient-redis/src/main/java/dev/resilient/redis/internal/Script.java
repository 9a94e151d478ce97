package dev.resilient.redis.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A Lua script and its SHA-1 digest, the name {@code EVALSHA} runs it by. Immutable. */
public final class Script {

    private final String name;
    private final String source;
    private final String sha;

    Script(String name, String source) {
        this.name = name;
        this.source = source;
        this.sha = sha1(source);
    }

    public String name() {
        return name;
    }

    public String source() {
        return source;
    }

    public String sha() {
        return sha;
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is not available", e);
        }
    }

    @Override
    public String toString() {
        return name + "@" + sha;
    }
}
