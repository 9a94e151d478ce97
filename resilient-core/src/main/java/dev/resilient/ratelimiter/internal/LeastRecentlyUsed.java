package dev.resilient.ratelimiter.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A map bounded to {@code maxKeys} entries that evicts the least recently used one when a new key
 * does not fit; it never refuses a key. A hit is a lock-free lookup that then tries (without
 * waiting, and only when the entry is not the most recent already) to mark the entry as the most
 * recently used: under contention a use may go unmarked, so
 * the evicted entry is the least recently used one as far as the marks go. A miss creates the value
 * under one lock. Nothing is allocated on a hit. Thread-safe.
 *
 * @param <V> the value type
 */
public final class LeastRecentlyUsed<V> {

    private final int maxKeys;
    private final Function<Object, V> factory;
    private final ConcurrentHashMap<Object, Node<V>> map;
    private final ReentrantLock lock = new ReentrantLock();
    /** Sentinel of the use-ordered ring: {@code head.next} is the least recently used, {@code head.prev} the most. */
    private final Node<V> head = new Node<>(this, null);

    private int size;
    private long evictions;

    /**
     * @param maxKeys the most entries kept, at least 1
     * @param factory creates the value of a new key (called under the lock, at most once per miss)
     */
    public LeastRecentlyUsed(int maxKeys, Function<Object, V> factory) {
        if (maxKeys < 1) {
            throw new IllegalArgumentException("maxKeys must be >= 1 but was " + maxKeys);
        }
        this.maxKeys = maxKeys;
        this.factory = factory;
        this.map = new ConcurrentHashMap<>(Math.min(maxKeys, 1 << 12));
        head.prev = head;
        head.next = head;
    }

    /** The value of {@code key}, created (evicting the least recently used entry if full) when absent. */
    public V get(Object key) {
        Node<V> node = map.get(key);
        if (node != null) {
            // a racy look at the newest entry: a stale answer only costs one reordering more or less
            if (head.prev != node && lock.tryLock()) {
                try {
                    if (node.linked) {
                        unlink(node);
                        linkNewest(node);
                    }
                } finally {
                    lock.unlock();
                }
            }
            return node.value;
        }
        lock.lock();
        try {
            node = map.get(key);
            if (node == null) {
                if (size >= maxKeys) {
                    // evicted before the new key goes in, so that the map never holds more than maxKeys
                    Node<V> oldest = head.next;
                    map.remove(oldest.key, oldest);
                    unlink(oldest);
                    size--;
                    evictions++;
                }
                node = new Node<>(key, factory.apply(key));
                map.put(key, node);
                size++;
            } else {
                unlink(node);
            }
            linkNewest(node);
            return node.value;
        } finally {
            lock.unlock();
        }
    }

    /** The value of {@code key} if it is held, without marking it used. */
    public @Nullable V peek(Object key) {
        Node<V> node = map.get(key);
        return node == null ? null : node.value;
    }

    /** The number of entries held (at most {@code maxKeys}). */
    public int size() {
        lock.lock();
        try {
            return size;
        } finally {
            lock.unlock();
        }
    }

    /** The number of entries evicted so far to make room for new keys. */
    public long evictions() {
        lock.lock();
        try {
            return evictions;
        } finally {
            lock.unlock();
        }
    }

    private void unlink(Node<V> node) {
        node.prev.next = node.next;
        node.next.prev = node.prev;
        node.linked = false;
    }

    private void linkNewest(Node<V> node) {
        node.prev = head.prev;
        node.next = head;
        head.prev.next = node;
        head.prev = node;
        node.linked = true;
    }

    @Override
    public String toString() {
        return "LeastRecentlyUsed{size=" + size() + ", maxKeys=" + maxKeys + '}';
    }

    /** An entry; its links and {@code linked} flag are guarded by the lock. */
    @SuppressWarnings("NullAway") // the sentinel has no value, and its links are set right after construction
    private static final class Node<V> {
        final Object key;
        final V value;
        Node<V> prev;
        Node<V> next;
        boolean linked;

        Node(Object key, @Nullable V value) {
            this.key = key;
            this.value = value;
        }
    }
}
