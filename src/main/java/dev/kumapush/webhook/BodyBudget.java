package dev.kumapush.webhook;

import java.util.concurrent.Semaphore;

/**
 * Bounds the webhook bytes held at once. A body is held from before it is read until its answer, and a parsed body
 * takes several times its size in the heap; without a bound, a few dozen large webhooks at once exhaust a small heap
 * and the process dies. A webhook that does not fit is answered 503 with {@code Retry-After} instead.
 *
 * <p>The budget is a share of the Java heap ({@value #HEAP_SHARE_DIVISOR}th), and never less than one largest body,
 * so a lone webhook always fits. A body's cost is its {@code Content-Length}, or the largest allowed body when the
 * length is not declared.
 */
final class BodyBudget {
    /** The budget is the heap divided by this. */
    static final int HEAP_SHARE_DIVISOR = 8;
    private static final long KIB = 1024;

    private final Semaphore kib;
    private final long totalKib;
    private final long maxBodySize;

    BodyBudget(long totalBytes, long maxBodySize) {
        this.maxBodySize = maxBodySize;
        this.totalKib = kib(Math.max(totalBytes, maxBodySize));
        this.kib = new Semaphore((int) Math.min(Integer.MAX_VALUE, totalKib));
    }

    /** The budget for this JVM's heap. */
    static BodyBudget forHeap(long maxHeapBytes, long maxBodySize) {
        return new BodyBudget(maxHeapBytes / HEAP_SHARE_DIVISOR, maxBodySize);
    }

    /**
     * Reserves room for one body without waiting.
     *
     * @param contentLength the request's declared body length ({@link ContentLength#of}), or -1 when unknown
     * @return the KiB reserved (give them back with {@link #release}), or 0 when the body does not fit now
     */
    int reserve(long contentLength) {
        int cost = (int) Math.min(totalKib, kib(cost(contentLength)));
        return kib.tryAcquire(cost) ? cost : 0;
    }

    void release(int reserved) {
        kib.release(reserved);
    }

    long totalKib() {
        return totalKib;
    }

    private long cost(long contentLength) {
        return contentLength < 0 ? maxBodySize : Math.min(contentLength, maxBodySize);
    }

    /** At least 1: even an empty body holds a request. */
    private static long kib(long bytes) {
        return Math.max(1, (bytes + KIB - 1) / KIB);
    }
}
