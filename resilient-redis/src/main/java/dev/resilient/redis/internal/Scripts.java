package dev.resilient.redis.internal;

/**
 * The Lua scripts: each runs atomically on the server, reads the server's clock ({@code TIME}) and
 * touches only keys sharing one hash tag, so it runs in one slot of a Redis Cluster. Times are
 * microseconds; a reply {@code >= 0} is a grant and its wait, a negative one {@code -1 - wait} a
 * rejection and the time until a permit frees.
 */
final class Scripts {

    private Scripts() {}

    private static final String NOW = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
            """;

    /**
     * Token bucket as GCRA: KEYS[1] holds the theoretical arrival time. ARGV: emission interval
     * (period / limit), period, permits, max wait. The key expires when the bucket is full again.
     */
    static final Script TOKEN_BUCKET = new Script("token-bucket", NOW + """
            local interval = tonumber(ARGV[1])
            local period = tonumber(ARGV[2])
            local permits = tonumber(ARGV[3])
            local maxWait = tonumber(ARGV[4])
            local tat = tonumber(redis.call('GET', KEYS[1])) or now
            if tat < now then tat = now end
            local newTat = tat + interval * permits
            local wait = newTat - period - now
            if wait < 0 then wait = 0 end
            if wait > maxWait then return -1 - math.ceil(wait) end
            redis.call('SET', KEYS[1], string.format('%.3f', newTat), 'PX', math.ceil((newTat - now) / 1000) + 1)
            return math.ceil(wait)
            """);

    /** Token bucket, read only. ARGV: interval, period, limit. Reply: {available, micros until a permit}. */
    static final Script TOKEN_BUCKET_PEEK = new Script("token-bucket-peek", NOW + """
            local interval = tonumber(ARGV[1])
            local period = tonumber(ARGV[2])
            local limit = tonumber(ARGV[3])
            local tat = tonumber(redis.call('GET', KEYS[1])) or now
            if tat < now then tat = now end
            local available = math.floor((now + period - tat) / interval)
            if available > limit then available = limit end
            if available < 0 then available = 0 end
            local wait = tat + interval - period - now
            if wait < 0 then wait = 0 end
            return {available, math.ceil(wait)}
            """);

    /**
     * Sliding window log: KEYS[1] a sorted set of permit times, KEYS[2] a sequence for unique members.
     * ARGV: window, limit, permits, max wait. A reserved permit is logged at the time it may be used.
     */
    static final Script SLIDING_WINDOW = new Script("sliding-window", NOW + """
            local window = tonumber(ARGV[1])
            local limit = tonumber(ARGV[2])
            local permits = tonumber(ARGV[3])
            local maxWait = tonumber(ARGV[4])
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', string.format('%.0f', now - window))
            local count = redis.call('ZCARD', KEYS[1])
            local at = now
            if count + permits > limit then
              local index = count - limit + permits - 1
              local entry = redis.call('ZRANGE', KEYS[1], index, index, 'WITHSCORES')
              at = tonumber(entry[2]) + window
              if at < now then at = now end
              if at - now > maxWait then return -1 - (at - now) end
            end
            local seq = redis.call('INCRBY', KEYS[2], permits)
            for i = 1, permits do
              redis.call('ZADD', KEYS[1], string.format('%.0f', at), tostring(seq - permits + i))
            end
            local ttl = math.ceil((at - now + window) / 1000) + 1
            redis.call('PEXPIRE', KEYS[1], ttl)
            redis.call('PEXPIRE', KEYS[2], ttl)
            return at - now
            """);

    /** Sliding window, read only. ARGV: window, limit. Reply: {available, micros until a permit}. */
    static final Script SLIDING_WINDOW_PEEK = new Script("sliding-window-peek", NOW + """
            local window = tonumber(ARGV[1])
            local limit = tonumber(ARGV[2])
            local from = now - window
            local count = redis.call('ZCOUNT', KEYS[1], '(' .. string.format('%.0f', from), '+inf')
            if count < limit then return {limit - count, 0} end
            local entry = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. string.format('%.0f', from), '+inf',
                'WITHSCORES', 'LIMIT', count - limit, 1)
            local wait = tonumber(entry[2]) + window - now
            if wait < 0 then wait = 0 end
            return {0, wait}
            """);

    /** A remembered failure and its remaining time: {value, ms} or {} when absent. */
    static final Script FAILURE_LOOKUP = new Script("failure-lookup", """
            local value = redis.call('GET', KEYS[1])
            if not value then return {} end
            return {value, redis.call('PTTL', KEYS[1])}
            """);

    /**
     * Claims an alert's cooldown: KEYS[1] holds the level last alerted. ARGV: level, cooldown ms.
     * 1 when claimed (no alert of this or a higher level within the cooldown), else 0. Without
     * escalation this is exactly {@code SET key 1 NX PX cooldown}.
     */
    static final Script ALERT_CLAIM = new Script("alert-claim", """
            local level = tonumber(ARGV[1])
            local current = tonumber(redis.call('GET', KEYS[1]))
            if current and current >= level then return 0 end
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            return 1
            """);
}
