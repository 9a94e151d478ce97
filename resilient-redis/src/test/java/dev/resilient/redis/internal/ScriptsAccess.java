package dev.resilient.redis.internal;

/** Test access to the scripts' sources. */
public final class ScriptsAccess {

    private ScriptsAccess() {}

    public static String tokenBucketSource() {
        return Scripts.TOKEN_BUCKET.source();
    }
}
