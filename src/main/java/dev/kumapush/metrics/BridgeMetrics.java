package dev.kumapush.metrics;

import dev.kumapush.http.HttpServer;
import dev.kumapush.kuma.KumaStatus;
import dev.kumapush.kuma.Monitor;
import dev.kumapush.kuma.PushObserver;
import dev.kumapush.kuma.PushOutcome;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Collection;

/**
 * The bridge's own metrics, in a registry of its own. Labels hold monitor names, never URLs or tokens.
 */
public final class BridgeMetrics implements PushObserver {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Counter webhooks;
    private final Counter pushes;
    private final Counter attempts;
    private final Counter joinedPushes;
    private final Counter unrouted;
    private final Histogram pushDuration;
    private final Gauge lastSuccess;
    private final Counter droppedConnections;
    private final Counter refusedRequests;

    /**
     * @param version  the build's version, for {@code kumapush_build_info}
     * @param revision the build's commit
     * @param monitors monitors whose series start at zero, so that alerts on them work before the first push
     */
    public BridgeMetrics(String version, String revision, Collection<Monitor> monitors) {
        webhooks = Counter.builder().name("kumapush_webhooks_received_total")
                .help("Webhooks received, by how they were answered.")
                .labelNames("outcome").register(registry);
        pushes = Counter.builder().name("kumapush_pushes_total")
                .help("Pushes to Kuma (each with all its tries), by monitor, pushed status and result.")
                .labelNames("monitor", "status", "result").register(registry);
        attempts = Counter.builder().name("kumapush_push_attempts_total")
                .help("Single tries of a push, by monitor and result.")
                .labelNames("monitor", "result").register(registry);
        joinedPushes = Counter.builder().name("kumapush_pushes_joined_total")
                .help("Pushes that joined an identical push in flight instead of sending a request.")
                .labelNames("monitor").register(registry);
        unrouted = Counter.builder().name("kumapush_alerts_unrouted_total")
                .help("Alerts that no route and no default monitor took.").register(registry);
        pushDuration = Histogram.builder().name("kumapush_push_duration_seconds")
                .help("Time of a whole push, tries and pauses included.")
                .classicOnly().classicUpperBounds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
                .labelNames("monitor").register(registry);
        lastSuccess = Gauge.builder().name("kumapush_last_success_timestamp_seconds")
                .help("Unix time of the last push Kuma accepted, by monitor; 0 before the first.")
                .labelNames("monitor").register(registry);
        droppedConnections = Counter.builder().name("kumapush_http_connections_dropped_total")
                .help("Connections closed by the bridge at the connection bound: evicted (the one waiting longest for"
                        + " a request, to make room) or refused (a new one, when all were busy).")
                .labelNames("reason").register(registry);
        refusedRequests = Counter.builder().name("kumapush_http_requests_refused_total")
                .help("Requests the HTTP server refused itself, by status code: malformed, too large or too slow.")
                .labelNames("code").register(registry);
        for (String reason : new String[] {"evicted", "refused"}) {
            droppedConnections.labelValues(reason);
        }
        Gauge.builder().name("kumapush_build_info").help("The bridge's version and commit; always 1.")
                .labelNames("version", "revision").register(registry).labelValues(version, revision).set(1);
        for (Monitor m : monitors) {
            lastSuccess.labelValues(m.name()).set(0);
            pushDuration.labelValues(m.name());
            for (String result : new String[] {"ok", "error"}) {
                attempts.labelValues(m.name(), result);
            }
        }
        for (WebhookOutcome outcome : WebhookOutcome.values()) {
            webhooks.labelValues(outcome.label());
        }
        unrouted.inc(0);
    }

    /** Counts a webhook by how it was answered. */
    public void webhook(WebhookOutcome outcome) {
        webhooks.labelValues(outcome.label()).inc();
    }

    /** Counts alerts nobody took. */
    public void unrouted(long alerts) {
        unrouted.inc(alerts);
    }

    @Override
    public void attempt(Monitor monitor, boolean ok) {
        attempts.labelValues(monitor.name(), ok ? "ok" : "error").inc();
    }

    @Override
    public void pushed(Monitor monitor, KumaStatus status, PushOutcome outcome) {
        pushes.labelValues(monitor.name(), status.wire(), outcome.result()).inc();
        pushDuration.labelValues(monitor.name()).observe(outcome.duration().toNanos() / 1e9);
        if (outcome.delivered()) {
            lastSuccess.labelValues(monitor.name()).set(System.currentTimeMillis() / 1000.0);
        }
    }

    @Override
    public void joined(Monitor monitor) {
        joinedPushes.labelValues(monitor.name()).inc();
    }

    /** What the HTTP server does on its own, counted. */
    public HttpServer.Events httpEvents() {
        return new HttpServer.Events() {
            @Override
            public void connectionRefused() {
                droppedConnections.labelValues("refused").inc();
            }

            @Override
            public void connectionEvicted() {
                droppedConnections.labelValues("evicted").inc();
            }

            @Override
            public void refused(int status) {
                refusedRequests.labelValues(String.valueOf(status)).inc();
            }
        };
    }

    /** The content type of {@link #write}. */
    public String contentType() {
        return writer.getContentType();
    }

    /** Writes every metric in Prometheus' text format. */
    public void write(OutputStream out) throws IOException {
        writer.write(out, registry.scrape());
    }
}
