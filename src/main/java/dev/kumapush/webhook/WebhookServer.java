package dev.kumapush.webhook;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.kumapush.alertmanager.PayloadReader;
import dev.kumapush.config.Settings;
import dev.kumapush.kuma.PushJoiner;
import dev.kumapush.metrics.BridgeMetrics;
import dev.kumapush.metrics.WebhookOutcome;
import dev.kumapush.routing.Router;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP side of the bridge: webhooks in, health answers out. Each request runs on its own virtual thread, so a
 * slow client or a slow Kuma holds no platform thread.
 */
public final class WebhookServer {
    private static final System.Logger LOG = System.getLogger(WebhookServer.class.getName());

    private final HttpServer server;
    private final ExecutorService executor;
    private final InFlight inFlight = new InFlight();
    private final BridgeMetrics metrics;
    private final CredentialCheck credentials;
    private final boolean metricsAuth;
    private final Semaphore slots;
    private final int maxConcurrent;
    private final BodyBudget bodies;
    private volatile boolean ready;

    private WebhookServer(HttpServer server, ExecutorService executor, Settings settings, BridgeMetrics metrics) {
        this.server = server;
        this.executor = executor;
        this.metrics = metrics;
        this.credentials = CredentialCheck.of(settings.webhookAuth());
        this.metricsAuth = settings.metricsAuth();
        this.maxConcurrent = settings.maxConcurrentWebhooks();
        this.slots = new Semaphore(maxConcurrent);
        this.bodies = BodyBudget.forHeap(Runtime.getRuntime().maxMemory(), settings.maxBodySize());
    }

    /**
     * Binds and starts serving.
     *
     * @throws IOException when the address cannot be bound
     */
    public static WebhookServer start(Settings settings, Router router, PushJoiner pushes, BridgeMetrics metrics)
            throws IOException {
        InetSocketAddress address = settings.listen().socketAddress();
        HttpServer http = HttpServer.create(address, 128);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        http.setExecutor(executor);
        WebhookServer server = new WebhookServer(http, executor, settings, metrics);
        PushHandler push = new PushHandler(settings.maxBodySize(), new PayloadReader(), router, pushes, metrics);
        http.createContext("/", exchange -> server.route(exchange, push));
        http.start();
        server.ready = true;
        return server;
    }

    /** The port actually bound (useful when the settings asked for port 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    private void route(HttpExchange exchange, PushHandler push) throws IOException {
        try (exchange) {
            try {
                dispatch(exchange, push);
            } catch (RuntimeException e) {
                // A bug must not look like success: answer 500 (Alertmanager retries), details go to the log.
                LOG.log(System.Logger.Level.ERROR, "request failed unexpectedly", e);
                if (exchange.getResponseCode() < 0) {
                    Responses.text(exchange, 500, "internal error");
                }
            }
        }
    }

    private void dispatch(HttpExchange exchange, PushHandler push) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        switch (path) {
            case "/healthz", "/-/healthy" -> Responses.text(exchange, 200, "OK");
            case "/readyz", "/-/ready" -> Responses.text(exchange, ready ? 200 : 503, ready ? "OK" : "not ready");
            case "/metrics" -> metrics(exchange);
            default -> {
                if (path.equals("/push") || path.startsWith("/push/")) {
                    webhook(exchange, push);
                } else {
                    Responses.text(exchange, 404, "not found");
                }
            }
        }
    }

    private void webhook(HttpExchange exchange, PushHandler push) throws IOException {
        if (!credentials.allows(exchange)) {
            metrics.webhook(WebhookOutcome.UNAUTHORIZED);
            unauthorized(exchange);
            return;
        }
        if (!inFlight.enter()) {
            metrics.webhook(WebhookOutcome.SHUTTING_DOWN);
            exchange.getResponseHeaders().set("Connection", "close");
            Responses.text(exchange, 503, "shutting down");
            return;
        }
        try {
            if (!slots.tryAcquire()) {
                overloaded(exchange, "too many webhooks at once (MAX_CONCURRENT_WEBHOOKS=" + maxConcurrent + ")");
                LOG.log(System.Logger.Level.DEBUG, "webhook refused: {0} already in progress (MAX_CONCURRENT_WEBHOOKS)",
                        maxConcurrent);
                return;
            }
            try {
                withinBodyBudget(exchange, push);
            } finally {
                slots.release();
            }
        } finally {
            inFlight.leave();
        }
    }

    private void withinBodyBudget(HttpExchange exchange, PushHandler push) throws IOException {
        int reserved = bodies.reserve(ContentLength.of(exchange));
        if (reserved == 0) {
            // Read past the body without keeping it, so the client gets this answer rather than a reset.
            try (InputStream in = exchange.getRequestBody()) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            overloaded(exchange, "too many webhook bytes at once (at most " + bodies.totalKib() + " KiB, 1/"
                    + BodyBudget.HEAP_SHARE_DIVISOR + " of the Java heap; raise -Xmx in JAVA_OPTS or lower MAX_BODY_SIZE)");
            LOG.log(System.Logger.Level.DEBUG, "webhook refused: the bodies in progress fill the {0} KiB budget",
                    bodies.totalKib());
            return;
        }
        try {
            push.handle(exchange);
        } finally {
            bodies.release(reserved);
        }
    }

    /** 503 for a webhook that does not fit now: Alertmanager retries it, after a second. */
    private void overloaded(HttpExchange exchange, String reason) throws IOException {
        metrics.webhook(WebhookOutcome.OVERLOADED);
        exchange.getResponseHeaders().set("Retry-After", "1");
        exchange.getResponseHeaders().set("Connection", "close");
        Responses.text(exchange, 503, reason);
    }

    private void metrics(HttpExchange exchange) throws IOException {
        if (metricsAuth && !credentials.allows(exchange)) {
            unauthorized(exchange);
            return;
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(8192);
        metrics.write(body);
        exchange.getResponseHeaders().set("Content-Type", metrics.contentType());
        exchange.sendResponseHeaders(200, exchange.getRequestMethod().equals("HEAD") ? -1 : body.size());
        if (!exchange.getRequestMethod().equals("HEAD")) {
            try (var out = exchange.getResponseBody()) {
                body.writeTo(out);
            }
        }
    }

    private void unauthorized(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().close();
        exchange.getResponseHeaders().set("WWW-Authenticate", credentials.challenge());
        Responses.text(exchange, 401, "unauthorized");
        LOG.log(System.Logger.Level.WARNING, "request refused: missing or wrong credentials, path={0}",
                exchange.getRequestURI().getRawPath().length() > 64 ? "(long)" : exchange.getRequestURI().getRawPath());
    }

    /**
     * Stops taking webhooks, lets the ones in flight finish for at most {@code grace}, then closes the server.
     *
     * @return true when every webhook in flight finished within the grace period
     */
    public boolean stop(Duration grace) {
        ready = false;
        boolean drained = inFlight.closeAndAwait(grace);
        if (!drained) {
            LOG.log(System.Logger.Level.WARNING, "shutdown: webhooks still in flight after {0} grace period", grace);
        }
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return drained;
    }
}
