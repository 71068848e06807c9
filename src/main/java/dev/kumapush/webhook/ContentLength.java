package dev.kumapush.webhook;

import com.sun.net.httpserver.HttpExchange;

/** The length a request declares for its body. */
final class ContentLength {
    private ContentLength() {
    }

    /** The declared {@code Content-Length}, or -1 when there is none or it is not a number of bytes. */
    static long of(HttpExchange exchange) {
        return parse(exchange.getRequestHeaders().getFirst("Content-Length"));
    }

    /** A {@code Content-Length} header's value (null when absent) as bytes, or -1 when it is not a length. */
    static long parse(String header) {
        if (header == null) {
            return -1;
        }
        try {
            long length = Long.parseLong(header.strip());
            return length >= 0 ? length : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
