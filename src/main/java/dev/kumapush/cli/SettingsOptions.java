package dev.kumapush.cli;

import dev.kumapush.config.ConfigException;
import dev.kumapush.config.Settings;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Every setting as a command-line flag, Prometheus style. A flag wins over its environment variable. Secrets have
 * only file flags, so that they never show in a process list.
 */
public final class SettingsOptions {
    private final Map<String, String> flags = new HashMap<>();

    @Option(names = "--config.file", paramLabel = "FILE", order = 1,
            description = "YAML file of monitors and routes. Env: CONFIG_FILE.")
    void configFile(String v) {
        flags.put("CONFIG_FILE", v);
    }

    @Option(names = "--kuma.url-file", paramLabel = "FILE", order = 2,
            description = "File holding the push URL of the monitor named default. Env: UPTIME_KUMA_URL_FILE"
                    + " (or the URL itself in UPTIME_KUMA_URL).")
    void kumaUrlFile(String v) {
        flags.put("UPTIME_KUMA_URL_FILE", v);
    }

    @Option(names = "--web.listen-address", paramLabel = "HOST:PORT", order = 3,
            description = "Where to listen; :PORT for all interfaces. Env: LISTEN_ADDRESS. Default: :8081.")
    void listenAddress(String v) {
        flags.put("LISTEN_ADDRESS", v);
    }

    @Option(names = "--push.retries", paramLabel = "N", order = 4,
            description = "Total tries per push, 1 to 100. Env: GET_RETRIES. Default: 3.")
    void retries(String v) {
        flags.put("GET_RETRIES", v);
    }

    @Option(names = "--push.timeout", paramLabel = "DURATION", order = 5,
            description = "Time allowed for one try. Env: PUSH_TIMEOUT. Default: 3s.")
    void pushTimeout(String v) {
        flags.put("PUSH_TIMEOUT", v);
    }

    @Option(names = "--push.retry-backoff", paramLabel = "DURATION", order = 6,
            description = "Pause after the first failed try, doubled after each further one (at most 30s)."
                    + " Env: RETRY_BACKOFF. Default: 1s.")
    void retryBackoff(String v) {
        flags.put("RETRY_BACKOFF", v);
    }

    @Option(names = "--kuma.ca-file", paramLabel = "FILE", order = 7,
            description = "PEM CA certificates trusted for Kuma besides the JDK's own. Env: UPTIME_KUMA_CA_FILE.")
    void caFile(String v) {
        flags.put("UPTIME_KUMA_CA_FILE", v);
    }

    @Option(names = "--web.max-body-size", paramLabel = "SIZE", order = 8,
            description = "Largest webhook body; larger gets 413. Env: MAX_BODY_SIZE. Default: 1MiB.")
    void maxBodySize(String v) {
        flags.put("MAX_BODY_SIZE", v);
    }

    @Option(names = "--web.read-timeout", paramLabel = "DURATION", order = 9,
            description = "Time from a request's first byte to the end of its body (and to send an answer)."
                    + " Env: READ_TIMEOUT. Default: 10s.")
    void readTimeout(String v) {
        flags.put("READ_TIMEOUT", v);
    }

    @Option(names = "--web.max-concurrent-webhooks", paramLabel = "N", order = 10,
            description = "Webhooks handled at once; more get 503 at once. Env: MAX_CONCURRENT_WEBHOOKS. Default: 32.")
    void maxConcurrent(String v) {
        flags.put("MAX_CONCURRENT_WEBHOOKS", v);
    }

    @Option(names = "--web.max-connections", paramLabel = "N", order = 10,
            description = "Open connections at once; at the bound the one waiting longest for a request is closed."
                    + " Env: MAX_CONNECTIONS. Default: 256.")
    void maxConnections(String v) {
        flags.put("MAX_CONNECTIONS", v);
    }

    @Option(names = "--web.max-request-line-size", paramLabel = "SIZE", order = 10,
            description = "Longest request line; longer gets 414. Env: MAX_REQUEST_LINE_SIZE. Default: 4KiB.")
    void maxRequestLine(String v) {
        flags.put("MAX_REQUEST_LINE_SIZE", v);
    }

    @Option(names = "--web.max-header-size", paramLabel = "SIZE", order = 10,
            description = "Most bytes of a request's header lines; more gets 431. Env: MAX_HEADER_SIZE. Default: 8KiB.")
    void maxHeaderSize(String v) {
        flags.put("MAX_HEADER_SIZE", v);
    }

    @Option(names = "--web.max-headers", paramLabel = "N", order = 10,
            description = "Most header lines of a request; more get 431. Env: MAX_HEADERS. Default: 64.")
    void maxHeaders(String v) {
        flags.put("MAX_HEADERS", v);
    }

    @Option(names = "--web.idle-timeout", paramLabel = "DURATION", order = 10,
            description = "How long a kept-alive connection may wait for its next request. Env: IDLE_TIMEOUT."
                    + " Default: 30s.")
    void idleTimeout(String v) {
        flags.put("IDLE_TIMEOUT", v);
    }

    @Option(names = "--web.bearer-token-file", paramLabel = "FILE", order = 11,
            description = "File holding the bearer token webhooks must carry. Env: WEBHOOK_BEARER_TOKEN_FILE"
                    + " (or the token in WEBHOOK_BEARER_TOKEN).")
    void bearerTokenFile(String v) {
        flags.put("WEBHOOK_BEARER_TOKEN_FILE", v);
    }

    @Option(names = "--web.basic-auth-username", paramLabel = "NAME", order = 12,
            description = "User name webhooks must carry (basic auth). Env: WEBHOOK_BASIC_AUTH_USERNAME.")
    void basicUser(String v) {
        flags.put("WEBHOOK_BASIC_AUTH_USERNAME", v);
    }

    @Option(names = "--web.basic-auth-password-file", paramLabel = "FILE", order = 13,
            description = "File holding the basic auth password. Env: WEBHOOK_BASIC_AUTH_PASSWORD_FILE"
                    + " (or the password in WEBHOOK_BASIC_AUTH_PASSWORD).")
    void basicPasswordFile(String v) {
        flags.put("WEBHOOK_BASIC_AUTH_PASSWORD_FILE", v);
    }

    @Option(names = "--web.metrics-require-auth", paramLabel = "BOOL", order = 14,
            description = "Guard /metrics with the webhook credentials too. Env: METRICS_REQUIRE_AUTH. Default: false.")
    void metricsAuth(String v) {
        flags.put("METRICS_REQUIRE_AUTH", v);
    }

    @Option(names = "--web.shutdown-grace-period", paramLabel = "DURATION", order = 15,
            description = "On SIGTERM, how long pushes in flight may take. Env: SHUTDOWN_GRACE_PERIOD. Default: 30s.")
    void shutdownGrace(String v) {
        flags.put("SHUTDOWN_GRACE_PERIOD", v);
    }

    @Option(names = "--log.level", paramLabel = "LEVEL", order = 16,
            description = "debug, info, warn or error. Env: LOG_LEVEL. Default: info.")
    void logLevel(String v) {
        flags.put("LOG_LEVEL", v);
    }

    @Option(names = "--log.format", paramLabel = "FORMAT", order = 17,
            description = "text or json. Env: LOG_FORMAT. Default: text.")
    void logFormat(String v) {
        flags.put("LOG_FORMAT", v);
    }

    /** The settings from the environment, with the flags given on top. */
    public Settings load(Map<String, String> environment) throws ConfigException {
        Map<String, String> merged = new HashMap<>(environment);
        flags.forEach((name, value) -> {
            // A file flag replaces the variable holding the value itself, as the two may not be set together.
            if (name.endsWith("_FILE")) {
                merged.remove(name.substring(0, name.length() - "_FILE".length()));
            }
            merged.put(name, value);
        });
        return Settings.fromEnvironment(merged);
    }
}
