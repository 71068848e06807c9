package dev.kumapush.config;

import dev.kumapush.kuma.HttpClients;
import dev.kumapush.kuma.Monitor;
import dev.kumapush.kuma.ProxySettings;
import dev.kumapush.routing.Route;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the bridge is configured with, loaded and checked once at start-up and never changed afterwards.
 *
 * @param listen         where the webhook server listens ({@code LISTEN_ADDRESS})
 * @param configFile     the file of monitors and routes, if any ({@code CONFIG_FILE})
 * @param monitors       the monitors by name, in the order they were defined
 * @param routes         which alerts go to which monitor, first match wins
 * @param defaultMonitor the monitor for alerts no route matches, if any
 * @param getRetries     total tries per push ({@code GET_RETRIES})
 * @param pushTimeout    time allowed for one try ({@code PUSH_TIMEOUT})
 * @param retryBackoff   pause after the first failed try, doubled after each further one ({@code RETRY_BACKOFF})
 * @param maxBodySize    largest webhook body accepted, in bytes ({@code MAX_BODY_SIZE})
 * @param caFile         extra PEM CA certificates trusted for Kuma ({@code UPTIME_KUMA_CA_FILE})
 * @param proxies        outbound proxies ({@code HTTPS_PROXY}, {@code HTTP_PROXY}, {@code NO_PROXY})
 * @param shutdownGrace  how long pushes in flight may take to finish on SIGTERM ({@code SHUTDOWN_GRACE_PERIOD})
 * @param webhookAuth    credentials webhooks must carry, if any ({@code WEBHOOK_BEARER_TOKEN}, {@code WEBHOOK_BASIC_AUTH_*})
 * @param metricsAuth    whether {@code /metrics} needs the same credentials ({@code METRICS_REQUIRE_AUTH})
 * @param readTimeout    time allowed to read a request's headers and body ({@code READ_TIMEOUT})
 * @param maxConcurrentWebhooks webhooks handled at once; more get 503 ({@code MAX_CONCURRENT_WEBHOOKS})
 * @param maxConnections open connections at once ({@code MAX_CONNECTIONS})
 * @param maxRequestLine longest request line in bytes; longer gets 414 ({@code MAX_REQUEST_LINE_SIZE})
 * @param maxHeaderBytes most bytes of header lines; more gets 431 ({@code MAX_HEADER_SIZE})
 * @param maxHeaders     most header lines; more get 431 ({@code MAX_HEADERS})
 * @param idleTimeout    how long a kept-alive connection may wait for its next request ({@code IDLE_TIMEOUT})
 * @param logLevel       the least severe level logged ({@code LOG_LEVEL})
 * @param logJson        one JSON object per line instead of text ({@code LOG_FORMAT})
 */
public record Settings(
        ListenAddress listen,
        Optional<Path> configFile,
        Map<String, Monitor> monitors,
        List<Route> routes,
        Optional<String> defaultMonitor,
        int getRetries,
        Duration pushTimeout,
        Duration retryBackoff,
        long maxBodySize,
        Optional<Path> caFile,
        ProxySettings proxies,
        Duration shutdownGrace,
        Optional<WebhookAuth> webhookAuth,
        boolean metricsAuth,
        Duration readTimeout,
        int maxConcurrentWebhooks,
        int maxConnections,
        int maxRequestLine,
        int maxHeaderBytes,
        int maxHeaders,
        Duration idleTimeout,
        System.Logger.Level logLevel,
        boolean logJson) {

    /**
     * The longest a push can take: every try running into {@code PUSH_TIMEOUT}, with every pause between them.
     */
    public Duration maxPushDuration() {
        Duration total = pushTimeout.multipliedBy(getRetries);
        Duration pause = retryBackoff;
        for (int i = 1; i < getRetries; i++) {
            total = total.plus(pause);
            pause = pause.multipliedBy(2).compareTo(dev.kumapush.kuma.KumaClient.MAX_BACKOFF) > 0
                    ? dev.kumapush.kuma.KumaClient.MAX_BACKOFF : pause.multipliedBy(2);
        }
        return total;
    }

    /** The bounds of the webhook server. */
    public dev.kumapush.http.HttpLimits httpLimits() {
        return new dev.kumapush.http.HttpLimits(maxConnections, maxRequestLine, maxHeaderBytes, maxHeaders, maxBodySize,
                readTimeout, idleTimeout);
    }

    /** The one HTTP client for pushes, as these settings describe it. */
    public java.net.http.HttpClient httpClient() throws java.io.IOException {
        return HttpClients.create(pushTimeout, caFile, proxies);
    }

    /** The name of the monitor that {@code UPTIME_KUMA_URL} defines. */
    public static final String DEFAULT_MONITOR = "default";

    public Settings {
        monitors = Collections.unmodifiableMap(new LinkedHashMap<>(monitors));
        routes = List.copyOf(routes);
    }

    /**
     * Loads and checks the settings from environment variables.
     *
     * @param env the environment, usually {@link System#getenv()}
     * @return the checked settings
     * @throws ConfigException naming the first setting that is missing or wrong
     */
    public static Settings fromEnvironment(Map<String, String> env) throws ConfigException {
        return new SettingsLoader(env).load();
    }
}
