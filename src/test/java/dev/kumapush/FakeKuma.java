package dev.kumapush;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * An HTTP server that answers like Uptime Kuma's {@code /api/push/:token}: {@code {"ok":true}} for its one known
 * token, Kuma's 404 for any other. Scripted answers replace the normal one, request by request: errors, pages that are
 * not Kuma's, slow answers and dropped connections.
 */
final class FakeKuma implements AutoCloseable {
    static final String TOKEN = "s3cr3t-T0ken-of-the-monitor";

    /** One answer of the fake. */
    sealed interface Answer {
    }

    /** @param headers further header fields of the answer */
    record Reply(int status, String contentType, String body, Map<String, String> headers) implements Answer {
        Reply(int status, String contentType, String body) {
            this(status, contentType, body, Map.of());
        }
    }

    record Slow(Duration delay, Answer then) implements Answer {
    }

    /** Closes the connection without an answer. */
    record Drop() implements Answer {
    }

    /** Holds the answer until the test opens the gate (at most a minute), then answers with {@code then}. */
    record Held(CountDownLatch gate, Answer then) implements Answer {
    }

    static final Answer OK = new Reply(200, "application/json; charset=utf-8", "{\"ok\":true}");
    static final Answer NOT_FOUND = new Reply(404, "application/json; charset=utf-8",
            "{\"ok\":false,\"msg\":\"Monitor not found or not active.\"}");

    static Answer status(int status) {
        return new Reply(status, "text/plain", "error " + status);
    }

    /** A request the fake received. */
    record Seen(String method, URI uri, Headers headers, int remotePort, long nanoTime) {
        Map<String, List<String>> query() {
            Map<String, List<String>> params = new LinkedHashMap<>();
            String raw = uri.getRawQuery();
            if (raw != null) {
                for (String pair : raw.split("&")) {
                    String[] kv = pair.split("=", 2);
                    params.computeIfAbsent(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), k -> new ArrayList<>())
                            .add(kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
                }
            }
            return params;
        }

        String param(String name) {
            List<String> values = query().get(name);
            return values == null ? null : String.join(",", values);
        }
    }

    private final HttpServer server;
    private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private volatile Answer always;

    private FakeKuma(HttpServer server) {
        this.server = server;
    }

    static FakeKuma start() throws IOException {
        return start(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50));
    }

    static FakeKuma start(HttpServer server) {
        FakeKuma kuma = new FakeKuma(server);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", kuma::handle);
        server.start();
        return kuma;
    }

    /** Answers the next requests with these, in order, then normally again. */
    FakeKuma then(Answer... answers) {
        script.addAll(List.of(answers));
        return this;
    }

    /** Answers every request with this one. */
    FakeKuma always(Answer answer) {
        always = answer;
        return this;
    }

    int port() {
        return server.getAddress().getPort();
    }

    String scheme() {
        return server instanceof com.sun.net.httpserver.HttpsServer ? "https" : "http";
    }

    /** The push URL as Kuma shows it to users. */
    String pushUrl() {
        return scheme() + "://127.0.0.1:" + port() + "/api/push/" + TOKEN + "?status=up&msg=OK&ping=";
    }

    List<Seen> requests() {
        return List.copyOf(seen);
    }

    /** Forgets the requests seen so far (between the cases of one test class). */
    void forget() {
        seen.clear();
    }

    /** Waits until at least {@code n} requests arrived. */
    List<Seen> awaitRequests(int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (seen.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return requests();
    }

    private void handle(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI(), exchange.getRequestHeaders(),
                exchange.getRemoteAddress().getPort(), System.nanoTime()));
        String path = exchange.getRequestURI().getPath();
        respond(exchange, path.equals("/api/push/" + TOKEN) ? next() : NOT_FOUND);
        exchange.close();
    }

    private Answer next() {
        Answer scripted = script.poll();
        if (scripted != null) {
            return scripted;
        }
        return always != null ? always : OK;
    }

    private static void respond(HttpExchange exchange, Answer answer) throws IOException {
        switch (answer) {
            case Reply reply -> {
                byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", reply.contentType());
                reply.headers().forEach(exchange.getResponseHeaders()::set);
                exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            case Slow slow -> {
                try {
                    Thread.sleep(slow.delay());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                respond(exchange, slow.then());
            }
            case Held held -> {
                try {
                    held.gate().await(1, TimeUnit.MINUTES);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                respond(exchange, held.then());
            }
            case Drop drop -> throw new IOException("dropping the connection on purpose");
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
