package dev.kumapush;

import dev.kumapush.config.Settings;
import dev.kumapush.kuma.KumaClient;
import dev.kumapush.kuma.PushObserver;
import dev.kumapush.kuma.PushJoiner;
import dev.kumapush.metrics.BridgeMetrics;
import dev.kumapush.routing.Router;
import dev.kumapush.status.BridgeStatus;
import dev.kumapush.webhook.WebhookServer;
import java.io.IOException;
import java.time.Duration;

/** The running bridge: all parts wired from the settings. Tests start it exactly as {@link Main} does. */
final class Bridge {
    private final WebhookServer server;

    private Bridge(WebhookServer server) {
        this.server = server;
    }

    static Bridge start(Settings settings, BuildInfo build) throws IOException {
        BridgeMetrics metrics = new BridgeMetrics(build.version(), build.revision(), settings.monitors().values());
        BridgeStatus status = new BridgeStatus(build.version(), build.revision());
        KumaClient kuma = kumaClient(settings, build, PushObserver.all(metrics, status));
        Router router = new Router(settings.monitors(), settings.routes(), settings.defaultMonitor());
        return new Bridge(WebhookServer.start(settings, router, new PushJoiner(kuma, metrics), metrics, status));
    }

    /** The client for Kuma; also used alone by the {@code push} command. */
    static KumaClient kumaClient(Settings settings, BuildInfo build, PushObserver observer)
            throws IOException {
        return new KumaClient(settings.httpClient(), settings.getRetries(), settings.pushTimeout(),
                settings.retryBackoff(), build.userAgent(), observer);
    }

    int port() {
        return server.port();
    }

    boolean stop(Duration grace) {
        return server.stop(grace);
    }
}
