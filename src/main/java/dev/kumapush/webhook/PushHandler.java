package dev.kumapush.webhook;

import com.sun.net.httpserver.HttpExchange;
import dev.kumapush.config.Monitor;
import dev.kumapush.config.Settings;
import dev.kumapush.kuma.KumaClient;
import dev.kumapush.kuma.KumaStatus;
import dev.kumapush.kuma.PushOutcome;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/** {@code /push} and {@code /push/<monitor>}: reads the webhook, pushes to Kuma, answers with the result. */
final class PushHandler {
    private static final System.Logger LOG = System.getLogger(PushHandler.class.getName());
    private static final int MAX_NAME_IN_ANSWER = 64;
    /** How much of an oversized body is read and dropped before answering 413, so the client sees the answer. */
    private static final long DISCARD_LIMIT = 64 * 1024;

    private final Settings settings;
    private final KumaClient kuma;

    PushHandler(Settings settings, KumaClient kuma) {
        this.settings = settings;
        this.kuma = kuma;
    }

    void handle(HttpExchange exchange) throws IOException {
        long start = System.nanoTime();
        String path = exchange.getRequestURI().getRawPath();
        int status = answer(exchange, path);
        LOG.log(System.Logger.Level.INFO, "webhook method={0} path={1} answer={2} duration={3}ms",
                exchange.getRequestMethod(), shorten(path), status, (System.nanoTime() - start) / 1_000_000);
    }

    private int answer(HttpExchange exchange, String path) throws IOException {
        Optional<byte[]> body = readBody(exchange);
        if (body.isEmpty()) {
            exchange.getResponseHeaders().set("Connection", "close");
            Responses.text(exchange, 413, "body larger than MAX_BODY_SIZE (" + settings.maxBodySize() + " bytes)");
            return 413;
        }
        String name = path.equals("/push") ? Settings.DEFAULT_MONITOR : path.substring("/push/".length());
        Monitor monitor = settings.monitors().get(name);
        if (monitor == null) {
            Responses.text(exchange, 404, "unknown monitor \"" + shorten(name) + "\"");
            return 404;
        }
        PushOutcome outcome = kuma.push(monitor, KumaStatus.UP, "OK");
        if (outcome.delivered()) {
            Responses.text(exchange, 200, "OK");
            return 200;
        }
        Responses.text(exchange, 500, "push to monitor " + monitor.name() + " failed after " + outcome.tries()
                + (outcome.tries() == 1 ? " try: " : " tries: ") + outcome.answer());
        return 500;
    }

    /** The body, or empty when it is larger than allowed (then at most a bounded amount more is read). */
    private Optional<byte[]> readBody(HttpExchange exchange) throws IOException {
        long limit = settings.maxBodySize();
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        try (InputStream in = exchange.getRequestBody()) {
            if (declared != null && parseLength(declared) > limit) {
                discard(in);
                return Optional.empty();
            }
            byte[] bytes = in.readNBytes((int) limit + 1);
            if (bytes.length > limit) {
                discard(in);
                return Optional.empty();
            }
            return Optional.of(bytes);
        }
    }

    private static void discard(InputStream in) throws IOException {
        long left = DISCARD_LIMIT;
        byte[] buffer = new byte[8192];
        int n;
        while (left > 0 && (n = in.read(buffer, 0, (int) Math.min(buffer.length, left))) > 0) {
            left -= n;
        }
    }

    private static long parseLength(String header) {
        try {
            return Long.parseLong(header.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String shorten(String text) {
        String clean = text.replaceAll("[^\\p{Graph}]", "?");
        return clean.length() <= MAX_NAME_IN_ANSWER ? clean : clean.substring(0, MAX_NAME_IN_ANSWER) + "...";
    }
}
