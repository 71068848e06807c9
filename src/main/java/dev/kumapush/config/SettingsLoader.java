package dev.kumapush.config;

import dev.kumapush.kuma.Monitor;
import dev.kumapush.kuma.ProxySettings;
import dev.kumapush.kuma.PushUrl;
import dev.kumapush.routing.Route;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads {@link Settings} from environment variables; every error names the variable at fault. */
final class SettingsLoader {
    static final String LISTEN_ADDRESS = "LISTEN_ADDRESS";
    static final String UPTIME_KUMA_URL = "UPTIME_KUMA_URL";
    static final String CONFIG_FILE = "CONFIG_FILE";
    static final String GET_RETRIES = "GET_RETRIES";
    static final String PUSH_TIMEOUT = "PUSH_TIMEOUT";
    static final String RETRY_BACKOFF = "RETRY_BACKOFF";
    static final String MAX_BODY_SIZE = "MAX_BODY_SIZE";
    static final String UPTIME_KUMA_CA_FILE = "UPTIME_KUMA_CA_FILE";
    static final String SHUTDOWN_GRACE_PERIOD = "SHUTDOWN_GRACE_PERIOD";
    static final String WEBHOOK_BEARER_TOKEN = "WEBHOOK_BEARER_TOKEN";
    static final String WEBHOOK_BASIC_AUTH_USERNAME = "WEBHOOK_BASIC_AUTH_USERNAME";
    static final String WEBHOOK_BASIC_AUTH_PASSWORD = "WEBHOOK_BASIC_AUTH_PASSWORD";
    static final String METRICS_REQUIRE_AUTH = "METRICS_REQUIRE_AUTH";
    static final String READ_TIMEOUT = "READ_TIMEOUT";
    static final String MAX_CONCURRENT_WEBHOOKS = "MAX_CONCURRENT_WEBHOOKS";
    static final String MAX_CONNECTIONS = "MAX_CONNECTIONS";
    static final String MAX_REQUEST_LINE_SIZE = "MAX_REQUEST_LINE_SIZE";
    static final String MAX_HEADER_SIZE = "MAX_HEADER_SIZE";
    static final String MAX_HEADERS = "MAX_HEADERS";
    static final String IDLE_TIMEOUT = "IDLE_TIMEOUT";
    static final String LOG_LEVEL = "LOG_LEVEL";
    static final String LOG_FORMAT = "LOG_FORMAT";

    private static final int MAX_RETRIES = 100;
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KB|KiB|MB|MiB|GB|GiB)?", Pattern.CASE_INSENSITIVE);

    private final Map<String, String> env;

    SettingsLoader(Map<String, String> env) {
        this.env = env;
    }

    Settings load() throws ConfigException {
        ListenAddress listen = ListenAddress.parse(LISTEN_ADDRESS, value(LISTEN_ADDRESS).orElse(":8081"));
        Optional<Path> configFile = value(CONFIG_FILE).map(Path::of);
        Optional<ConfigFileLoader.Loaded> file = configFile.isEmpty() ? Optional.empty()
                : Optional.of(new ConfigFileLoader(configFile.get()).load());
        Map<String, Monitor> monitors = new LinkedHashMap<>();
        Optional<String> url = secret(UPTIME_KUMA_URL);
        if (url.isPresent()) {
            if (file.isPresent() && file.get().monitors().containsKey(Settings.DEFAULT_MONITOR)) {
                throw new ConfigException("config file " + configFile.get() + ": monitors.default: "
                        + UPTIME_KUMA_URL + " already defines the monitor named default; remove one of them");
            }
            monitors.put(Settings.DEFAULT_MONITOR, new Monitor(Settings.DEFAULT_MONITOR,
                    pushUrl(UPTIME_KUMA_URL, url.get()), Monitor.Mode.HEARTBEAT));
        }
        file.ifPresent(f -> monitors.putAll(f.monitors()));
        if (monitors.isEmpty()) {
            throw new ConfigException(UPTIME_KUMA_URL + ": required; set it to the push URL of your Kuma monitor"
                    + " (or put the URL in a file named by " + UPTIME_KUMA_URL + "_FILE, or define monitors in the"
                    + " file named by " + CONFIG_FILE + ")");
        }
        List<Route> routes = file.map(ConfigFileLoader.Loaded::routes).orElse(List.of());
        for (int i = 0; i < routes.size(); i++) {
            if (!monitors.containsKey(routes.get(i).monitor())) {
                throw new ConfigException("config file " + configFile.get() + ": routes[" + i + "].monitor: unknown"
                        + " monitor \"" + routes.get(i).monitor() + "\" (defined: " + String.join(", ", monitors.keySet())
                        + ")");
            }
        }
        Optional<String> defaultMonitor = file.map(ConfigFileLoader.Loaded::defaultMonitor);
        if (defaultMonitor.isPresent() && !monitors.containsKey(defaultMonitor.get())) {
            throw new ConfigException("config file " + configFile.get() + ": default_monitor: unknown monitor \""
                    + defaultMonitor.get() + "\" (defined: " + String.join(", ", monitors.keySet()) + ")");
        }
        if (defaultMonitor.isEmpty() && monitors.containsKey(Settings.DEFAULT_MONITOR)) {
            defaultMonitor = Optional.of(Settings.DEFAULT_MONITOR);
        }
        int retries = retries();
        Duration timeout = duration(PUSH_TIMEOUT, "3s", false);
        Duration backoff = duration(RETRY_BACKOFF, "1s", true);
        long maxBody = size(MAX_BODY_SIZE, "1MiB", 1, Integer.MAX_VALUE - 8);
        Optional<Path> caFile = value(UPTIME_KUMA_CA_FILE).map(Path::of);
        if (caFile.isPresent() && !Files.isReadable(caFile.get())) {
            throw new ConfigException(UPTIME_KUMA_CA_FILE + ": cannot read " + caFile.get());
        }
        Duration grace = duration(SHUTDOWN_GRACE_PERIOD, "30s", true);
        Optional<WebhookAuth> auth = webhookAuth();
        boolean metricsAuth = bool(METRICS_REQUIRE_AUTH, false);
        if (metricsAuth && auth.isEmpty()) {
            throw new ConfigException(METRICS_REQUIRE_AUTH + ": true needs credentials to require; set "
                    + WEBHOOK_BEARER_TOKEN + " or " + WEBHOOK_BASIC_AUTH_USERNAME + " and "
                    + WEBHOOK_BASIC_AUTH_PASSWORD);
        }
        Duration readTimeout = duration(READ_TIMEOUT, "10s", false);
        int maxConcurrent = number(MAX_CONCURRENT_WEBHOOKS, 32, 1, 10_000, "webhooks handled at once");
        int maxConnections = number(MAX_CONNECTIONS, 256, 1, 100_000, "open connections at once");
        int maxRequestLine = (int) size(MAX_REQUEST_LINE_SIZE, "4KiB", 64, 1 << 20);
        int maxHeaderBytes = (int) size(MAX_HEADER_SIZE, "8KiB", 256, 1 << 20);
        int maxHeaders = number(MAX_HEADERS, 64, 1, 10_000, "header lines of a request");
        Duration idleTimeout = duration(IDLE_TIMEOUT, "30s", false);
        return new Settings(listen, configFile, monitors, routes, defaultMonitor, retries, timeout, backoff,
                maxBody, caFile, proxies(), grace, auth, metricsAuth, readTimeout, maxConcurrent, maxConnections,
                maxRequestLine, maxHeaderBytes, maxHeaders, idleTimeout, logLevel(), logJson());
    }

    private Optional<WebhookAuth> webhookAuth() throws ConfigException {
        Optional<String> bearer = secret(WEBHOOK_BEARER_TOKEN);
        Optional<String> user = value(WEBHOOK_BASIC_AUTH_USERNAME);
        Optional<String> password = secret(WEBHOOK_BASIC_AUTH_PASSWORD);
        if (bearer.isPresent() && (user.isPresent() || password.isPresent())) {
            throw new ConfigException(WEBHOOK_BEARER_TOKEN + " and " + WEBHOOK_BASIC_AUTH_USERNAME + "/"
                    + WEBHOOK_BASIC_AUTH_PASSWORD + " are both set; Alertmanager sends one kind, so set only one");
        }
        if (user.isPresent() != password.isPresent()) {
            throw new ConfigException((user.isPresent() ? WEBHOOK_BASIC_AUTH_PASSWORD : WEBHOOK_BASIC_AUTH_USERNAME)
                    + ": required with " + (user.isPresent() ? WEBHOOK_BASIC_AUTH_USERNAME : WEBHOOK_BASIC_AUTH_PASSWORD));
        }
        if (user.isPresent() && user.get().contains(":")) {
            throw new ConfigException(WEBHOOK_BASIC_AUTH_USERNAME + ": must not contain ':'");
        }
        if (bearer.isPresent()) {
            return Optional.of(new WebhookAuth.Bearer(bearer.get()));
        }
        return user.map(u -> new WebhookAuth.Basic(u, password.get()));
    }

    private boolean bool(String name, boolean fallback) throws ConfigException {
        Optional<String> text = value(name);
        if (text.isEmpty()) {
            return fallback;
        }
        return switch (text.get().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw new ConfigException(name + ": expected true or false, found \"" + text.get() + "\"");
        };
    }

    private int number(String name, int fallback, int min, int max, String meaning) throws ConfigException {
        String text = value(name).orElse(String.valueOf(fallback));
        if (text.matches("[0-9]{1,9}")) {
            int n = Integer.parseInt(text);
            if (n >= min && n <= max) {
                return n;
            }
        }
        throw new ConfigException(name + ": must be a whole number from " + min + " to " + max + " (" + meaning
                + "), found \"" + text + "\"");
    }

    private System.Logger.Level logLevel() throws ConfigException {
        String text = value(LOG_LEVEL).orElse("info");
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "debug" -> System.Logger.Level.DEBUG;
            case "info" -> System.Logger.Level.INFO;
            case "warn", "warning" -> System.Logger.Level.WARNING;
            case "error" -> System.Logger.Level.ERROR;
            default -> throw new ConfigException(LOG_LEVEL + ": expected debug, info, warn or error, found \"" + text
                    + "\"");
        };
    }

    private boolean logJson() throws ConfigException {
        String text = value(LOG_FORMAT).orElse("text");
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "text" -> false;
            case "json" -> true;
            default -> throw new ConfigException(LOG_FORMAT + ": expected text or json, found \"" + text + "\"");
        };
    }

    /** A non-blank value of a variable. */
    private Optional<String> value(String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
    }

    /** A secret given directly or, Kubernetes style, in the file named by {@code NAME_FILE}. */
    Optional<String> secret(String name) throws ConfigException {
        Optional<String> direct = value(name);
        Optional<String> file = value(name + "_FILE");
        if (direct.isPresent() && file.isPresent()) {
            throw new ConfigException(name + " and " + name + "_FILE are both set; set only one of them");
        }
        if (file.isEmpty()) {
            return direct;
        }
        Path path = Path.of(file.get());
        try {
            String content = Files.readString(path, StandardCharsets.UTF_8).strip();
            if (content.isEmpty()) {
                throw new ConfigException(name + "_FILE: the file " + path + " is empty");
            }
            return Optional.of(content);
        } catch (NoSuchFileException e) {
            throw new ConfigException(name + "_FILE: no such file: " + path, e);
        } catch (IOException e) {
            throw new ConfigException(name + "_FILE: cannot read " + path + ": " + e.getClass().getSimpleName(), e);
        }
    }

    static PushUrl pushUrl(String setting, String text) throws ConfigException {
        try {
            return PushUrl.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(setting + ": the value " + e.getMessage());
        }
    }

    private int retries() throws ConfigException {
        return number(GET_RETRIES, 3, 1, MAX_RETRIES, "total tries per push");
    }

    private Duration duration(String name, String fallback, boolean zeroAllowed) throws ConfigException {
        String text = value(name).orElse(fallback);
        Duration d;
        try {
            d = Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name + ": " + e.getMessage());
        }
        if (d.isNegative() || (d.isZero() && !zeroAllowed)) {
            throw new ConfigException(name + ": must be " + (zeroAllowed ? "zero or more" : "more than zero")
                    + ", found \"" + text + "\"");
        }
        return d;
    }

    private long size(String name, String fallback, long min, long max) throws ConfigException {
        String text = value(name).orElse(fallback);
        Matcher m = SIZE.matcher(text);
        if (m.matches()) {
            String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
            long factor = switch (unit) {
                case "KB" -> 1_000L;
                case "KIB" -> 1L << 10;
                case "MB" -> 1_000_000L;
                case "MIB" -> 1L << 20;
                case "GB" -> 1_000_000_000L;
                case "GIB" -> 1L << 30;
                default -> 1L;
            };
            try {
                long bytes = Math.multiplyExact(Long.parseLong(m.group(1)), factor);
                if (bytes >= min && bytes <= max) {
                    return bytes;
                }
            } catch (ArithmeticException | NumberFormatException e) {
                // reported below, with the rule
            }
        }
        throw new ConfigException(name + ": must be a size from " + sizeText(min) + " to " + sizeText(max)
                + ", in bytes or with a unit (such as 512KiB or 1MiB), found \"" + text + "\"");
    }

    /** A size as the error messages show it. */
    private static String sizeText(long bytes) {
        if (bytes >= 1 << 20 && bytes % (1 << 20) == 0) {
            return (bytes >> 20) + "MiB";
        }
        if (bytes >= 1 << 10 && bytes % (1 << 10) == 0) {
            return (bytes >> 10) + "KiB";
        }
        return bytes + (bytes == 1 ? " byte" : " bytes");
    }

    private ProxySettings proxies() throws ConfigException {
        Optional<URI> https = proxy("HTTPS_PROXY");
        Optional<URI> http = proxy("HTTP_PROXY");
        List<String> noProxy = either("NO_PROXY")
                .map(v -> Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                        .map(s -> s.toLowerCase(Locale.ROOT)).toList())
                .orElse(List.of());
        return new ProxySettings(https, http, noProxy);
    }

    /** Upper case wins over lower case, as in Go. */
    private Optional<String> either(String upper) {
        Optional<String> v = value(upper);
        return v.isPresent() ? v : value(upper.toLowerCase(Locale.ROOT));
    }

    private Optional<URI> proxy(String upper) throws ConfigException {
        // Errors name the spelling that was actually set.
        String name = value(upper).isPresent() ? upper : upper.toLowerCase(Locale.ROOT);
        Optional<String> text = value(name);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String s = text.get().contains("://") ? text.get() : "http://" + text.get();
        URI uri;
        try {
            uri = new URI(s);
        } catch (URISyntaxException e) {
            throw new ConfigException(name + ": not a valid proxy URL (" + e.getReason() + ")");
        }
        if (!"http".equalsIgnoreCase(uri.getScheme())) {
            throw new ConfigException(name + ": only http:// proxies are supported (an https:// Kuma is still reached"
                    + " over TLS through them), found scheme \"" + uri.getScheme() + "\"");
        }
        if (uri.getHost() == null) {
            throw new ConfigException(name + ": the proxy URL has no host name");
        }
        return Optional.of(uri);
    }
}
