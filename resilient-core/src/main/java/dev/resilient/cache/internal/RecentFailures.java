package dev.resilient.cache.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * A map bounded to {@code maxKeys} that keeps the most recently <em>written</em> keys: writing a key
 * (new or existing) makes it the newest; when a new key does not fit, the oldest-written key is
 * evicted, never the one being written. With one time-to-live for every entry, the oldest-written
 * key is also the one that expires first, and expired keys at the old end are dropped on each write.
 * Reads ({@link #get(Object)}) are lock-free and do not reorder; writes take one lock and do constant
 * work (plus the expired keys they drop). Thread-safe.
 *
 * @param <V> the value type
 */
public final class RecentFailures<V> {

    private final int maxKeys;
    private final ConcurrentHashMap<Object, Node<V>> map;
    private final ReentrantLock lock = new ReentrantLock();
    /** Sentinel of the write-ordered ring: {@code head.next} is the oldest, {@code head.prev} the newest. */
    private final Node<V> head = new Node<>(Node.SENTINEL, null, 0);

    public RecentFailures(int maxKeys) {
        if (maxKeys < 1) {
            throw new IllegalArgumentException("maxKeys must be >= 1 but was " + maxKeys);
        }
        this.maxKeys = maxKeys;
        this.map = new ConcurrentHashMap<>(Math.min(maxKeys, 1 << 16));
    }

    /** The value of {@code key}, expired or not, or {@code null}. */
    public @Nullable V get(Object key) {
        Node<V> node = map.get(key);
        return node == null ? null : node.value;
    }

    /**
     * Writes {@code key} as the newest entry, expiring at {@code expiresAtNanos}; first drops the
     * expired entries at the old end (as of {@code nowNanos}) and, if the key is new and the map is
     * full, the oldest entry.
     */
    public void put(Object key, V value, long nowNanos, long expiresAtNanos) {
        Node<V> node = new Node<>(key, value, expiresAtNanos);
        lock.lock();
        try {
            dropExpired(nowNanos);
            Node<V> previous = map.get(key);
            if (previous != null) {
                unlink(previous);
            } else if (map.size() >= maxKeys) {
                // evicted before the new key goes in, so that readers never see more than maxKeys
                Node<V> oldest = head.next;
                map.remove(oldest.key, oldest);
                unlink(oldest);
            }
            map.put(key, node);
            linkNewest(node);
        } finally {
            lock.unlock();
        }
    }

    /** Removes {@code key}. */
    public void remove(Object key) {
        lock.lock();
        try {
            Node<V> node = map.remove(key);
            if (node != null) {
                unlink(node);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Removes {@code key} if its value is still {@code value} (e.g. an expired entry just read). */
    public void remove(Object key, V value) {
        lock.lock();
        try {
            Node<V> node = map.get(key);
            if (node != null && node.value == value) {
                map.remove(key, node);
                unlink(node);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Drops the expired entries at the old end. */
    public void expire(long nowNanos) {
        lock.lock();
        try {
            dropExpired(nowNanos);
        } finally {
            lock.unlock();
        }
    }

    /** Removes every entry. */
    public void clear() {
        lock.lock();
        try {
            map.clear();
            head.prev = head;
            head.next = head;
        } finally {
            lock.unlock();
        }
    }

    /** The number of entries, expired ones not yet dropped included; never above {@code maxKeys}. */
    public int size() {
        return map.size();
    }

    public int maxKeys() {
        return maxKeys;
    }

    private void dropExpired(long nowNanos) {
        Node<V> oldest = head.next;
        while (oldest != head && oldest.expiresAtNanos - nowNanos <= 0) {
            map.remove(oldest.key, oldest);
            unlink(oldest);
            oldest = head.next;
        }
    }

    private void linkNewest(Node<V> node) {
        Node<V> newest = head.prev;
        node.prev = newest;
        node.next = head;
        newest.next = node;
        head.prev = node;
    }

    private static <V> void unlink(Node<V> node) {
        node.prev.next = node.next;
        node.next.prev = node.prev;
        node.prev = node;
        node.next = node;
    }

    /** An entry of the ring; a node on its own (the empty ring's sentinel, an unlinked entry) links to itself. */
    private static final class Node<V> {
        /** The sentinel's key, which no entry has. */
        static final Object SENTINEL = new Object();

        final Object key;
        final @Nullable V value; // null only in the sentinel
        final long expiresAtNanos;
        Node<V> prev = this;
        Node<V> next = this;

        Node(Object key, @Nullable V value, long expiresAtNanos) {
            this.key = key;
            this.value = value;
            this.expiresAtNanos = expiresAtNanos;
        }
    }
}
