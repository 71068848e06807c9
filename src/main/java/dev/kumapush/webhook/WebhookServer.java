package dev.kumapush.webhook;

import dev.kumapush.alertmanager.PayloadReader;
import dev.kumapush.config.Settings;
import dev.kumapush.http.Exchange;
import dev.kumapush.http.HttpServer;
import dev.kumapush.kuma.PushJoiner;
import dev.kumapush.metrics.BridgeMetrics;
import dev.kumapush.metrics.WebhookOutcome;
import dev.kumapush.routing.Router;
import dev.kumapush.status.BridgeStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Semaphore;

/**
 * The HTTP side of the bridge: webhooks in, health and metrics out, on the bridge's own bounded HTTP server. A
 * webhook beyond {@code MAX_CONCURRENT_WEBHOOKS} is answered {@code 503} at once, before its body is read.
 */
public final class WebhookServer {
    private static final System.Logger LOG = System.getLogger(WebhookServer.class.getName());

    private final InFlight inFlight = new InFlight();
    private final BridgeMetrics metrics;
    private final CredentialCheck credentials;
    private final boolean metricsAuth;
    private final Semaphore slots;
    private final int maxConcurrent;
    private final PushHandler push;
    private final LandingPage landing;
    private volatile boolean ready;
    private HttpServer http;

    private WebhookServer(Settings settings, Router router, PushJoiner pushes, BridgeMetrics metrics,
            BridgeStatus status) {
        this.metrics = metrics;
        this.credentials = CredentialCheck.of(settings.webhookAuth());
        this.metricsAuth = settings.metricsAuth();
        this.maxConcurrent = settings.maxConcurrentWebhooks();
        this.slots = new Semaphore(maxConcurrent);
        this.push = new PushHandler(settings.maxBodySize(), new PayloadReader(), router, pushes, metrics, status);
        this.landing = new LandingPage(status, settings.monitors().values());
    }

    /**
     * Binds and starts serving.
     *
     * @throws IOException when the address cannot be bound
     */
    public static WebhookServer start(Settings settings, Router router, PushJoiner pushes, BridgeMetrics metrics,
            BridgeStatus status) throws IOException {
        WebhookServer server = new WebhookServer(settings, router, pushes, metrics, status);
        server.http = HttpServer.start(settings.listen().socketAddress(), settings.httpLimits(), server::dispatch,
                metrics.httpEvents());
        server.ready = true;
        return server;
    }

    /** The port actually bound (useful when the settings asked for port 0). */
    public int port() {
        return http.port();
    }

    private void dispatch(Exchange exchange) throws IOException {
        String path = exchange.path();
        switch (path) {
            case "/healthz", "/-/healthy" -> Responses.text(exchange, 200, "OK");
            case "/readyz", "/-/ready" -> Responses.text(exchange, ready ? 200 : 503, ready ? "OK" : "not ready");
            case "/metrics" -> guarded(exchange, this::metrics);
            case "/" -> guarded(exchange, landing::show);
            default -> {
                if (path.equals("/push") || path.startsWith("/push/")) {
                    webhook(exchange);
                } else {
                    Responses.text(exchange, 404, "not found");
                }
            }
        }
    }

    private void webhook(Exchange exchange) throws IOException {
        if (!credentials.allows(exchange.header("Authorization"))) {
            metrics.webhook(WebhookOutcome.UNAUTHORIZED);
            unauthorized(exchange);
            return;
        }
        if (!inFlight.enter()) {
            metrics.webhook(WebhookOutcome.SHUTTING_DOWN);
            exchange.closeAfterAnswer();
            Responses.text(exchange, 503, "shutting down");
            return;
        }
        try {
            if (!slots.tryAcquire()) {
                metrics.webhook(WebhookOutcome.OVERLOADED);
                exchange.closeAfterAnswer();
                Responses.text(exchange, 503, "too many webhooks at once (MAX_CONCURRENT_WEBHOOKS=" + maxConcurrent
                        + ")", "Retry-After", "1");
                LOG.log(System.Logger.Level.DEBUG, "webhook refused: {0} already in progress (MAX_CONCURRENT_WEBHOOKS)",
                        maxConcurrent);
                return;
            }
            try {
                push.handle(exchange);
            } finally {
                slots.release();
            }
        } finally {
            inFlight.leave();
        }
    }

    /** A page that is open, or guarded by the webhook credentials when {@code METRICS_REQUIRE_AUTH} says so. */
    private void guarded(Exchange exchange, Page page) throws IOException {
        if (metricsAuth && !credentials.allows(exchange.header("Authorization"))) {
            unauthorized(exchange);
            return;
        }
        page.show(exchange);
    }

    /** Something served on a GET. */
    interface Page {
        void show(Exchange exchange) throws IOException;
    }

    private void metrics(Exchange exchange) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream(8192);
        metrics.write(body);
        exchange.respond(200, metrics.contentType(), body.toByteArray());
    }

    private void unauthorized(Exchange exchange) throws IOException {
        Responses.text(exchange, 401, "unauthorized", "WWW-Authenticate", credentials.challenge());
        LOG.log(System.Logger.Level.WARNING, "request refused: missing or wrong credentials, path={0}", exchange.path());
    }

    /**
     * Stops taking webhooks, lets the ones in flight finish for at most {@code grace}, then closes the server.
     *
     * @return true when every webhook in flight finished within the grace period
     */
    public boolean stop(Duration grace) {
        ready = false;
        http.stopAccepting();
        boolean drained = inFlight.closeAndAwait(grace);
        if (!drained) {
            LOG.log(System.Logger.Level.WARNING, "shutdown: webhooks still in flight after {0} grace period", grace);
        }
        http.close();
        return drained;
    }
}
