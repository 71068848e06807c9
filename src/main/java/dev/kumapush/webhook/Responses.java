package dev.kumapush.webhook;

import dev.kumapush.http.Exchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Short plain-text answers: a status code and a fixed reason, never internals. */
final class Responses {
    private Responses() {
    }

    /** @param headers further fields as name, value pairs */
    static void text(Exchange exchange, int status, String body, String... headers) throws IOException {
        exchange.respond(status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8), headers);
    }
}
