package dev.kumapush.http;

import java.time.Duration;

/**
 * What a client may take from the server: every bound on connections, bytes and time, checked before memory is
 * spent on it.
 *
 * @param maxConnections open connections at once; at the bound, the connection that has waited longest for a request
 *                       is closed to make room, and when none waits, the new one is closed at once
 * @param maxRequestLine bytes of the request line (method, target, version); longer gets {@code 414}
 * @param maxHeaderBytes bytes of all header lines together; more gets {@code 431}
 * @param maxHeaders     header lines; more get {@code 431}
 * @param maxBodySize    bytes of a request body; more gets {@code 413}
 * @param readTimeout    time from a request's first byte to the end of its body, and the longest an answer may take
 *                       to be sent; a request not read in time gets {@code 408}
 * @param idleTimeout    how long a kept-alive connection may wait for its next request
 */
public record HttpLimits(int maxConnections, int maxRequestLine, int maxHeaderBytes, int maxHeaders, long maxBodySize,
        Duration readTimeout, Duration idleTimeout) {

    public HttpLimits {
        positive("maxConnections", maxConnections);
        positive("maxRequestLine", maxRequestLine);
        positive("maxHeaderBytes", maxHeaderBytes);
        positive("maxHeaders", maxHeaders);
        positive("maxBodySize", maxBodySize);
        if (readTimeout.isNegative() || readTimeout.isZero() || idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive: " + readTimeout + ", " + idleTimeout);
        }
    }

    /** The most bytes one connection holds for a request head: the request line, the header lines and their ends. */
    int maxHeadBytes() {
        return maxRequestLine + maxHeaderBytes + 4;
    }

    private static void positive(String name, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, found " + value);
        }
    }
}
