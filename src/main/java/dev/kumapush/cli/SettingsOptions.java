package dev.kumapush.cli;

import dev.kumapush.config.ConfigException;
import dev.kumapush.config.Settings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * Every setting as a command-line flag, Prometheus style, in one table: the flag, its environment variable, and what
 * it means. A flag wins over its environment variable. Secrets have only file flags, so that they never show in a
 * process list.
 */
public final class SettingsOptions {

    /**
     * One flag.
     *
     * @param name    the long name, without the dashes
     * @param env     the environment variable it stands for
     * @param value   how its value is shown in the help
     * @param text    what it means, ending with its default ({@code Default: ...}) when it has one
     * @param push    whether the {@code push} command takes it (the server's own bounds it does not)
     */
    public record Flag(String name, String env, String value, String text, boolean push) {
    }

    /** The flags in the order the help shows them. */
    public static final List<Flag> FLAGS = List.of(
            new Flag("config.file", "CONFIG_FILE", "FILE", "YAML file of monitors and routes.", true),
            new Flag("kuma.url-file", "UPTIME_KUMA_URL_FILE", "FILE", "File holding the push URL of the monitor named"
                    + " default (or the URL itself in UPTIME_KUMA_URL).", true),
            new Flag("web.listen-address", "LISTEN_ADDRESS", "HOST:PORT", "Where to listen; :PORT for all interfaces."
                    + " Default: :8081.", false),
            new Flag("push.retries", "GET_RETRIES", "N", "Total tries per push, 1 to 100. Default: 3.", true),
            new Flag("push.timeout", "PUSH_TIMEOUT", "DURATION", "Time allowed for one try. Default: 3s.", true),
            new Flag("push.retry-backoff", "RETRY_BACKOFF", "DURATION", "Pause after the first failed try, doubled"
                    + " after each further one (at most 30s). Default: 1s.", true),
            new Flag("kuma.ca-file", "UPTIME_KUMA_CA_FILE", "FILE", "PEM CA certificates trusted for Kuma besides the"
                    + " JDK's own.", true),
            new Flag("web.max-body-size", "MAX_BODY_SIZE", "SIZE", "Largest webhook body; larger gets 413."
                    + " Default: 1MiB.", false),
            new Flag("web.read-timeout", "READ_TIMEOUT", "DURATION", "Time from a request's first byte to the end of"
                    + " its body (and to send an answer). Default: 10s.", false),
            new Flag("web.idle-timeout", "IDLE_TIMEOUT", "DURATION", "How long a kept-alive connection may wait for"
                    + " its next request. Default: 30s.", false),
            new Flag("web.max-concurrent-webhooks", "MAX_CONCURRENT_WEBHOOKS", "N", "Webhooks handled at once; more"
                    + " get 503 at once. Default: 32.", false),
            new Flag("web.max-connections", "MAX_CONNECTIONS", "N", "Open connections at once; at the bound the one"
                    + " waiting longest for a request is closed. Default: 256.", false),
            new Flag("web.max-request-line-size", "MAX_REQUEST_LINE_SIZE", "SIZE", "Longest request line; longer"
                    + " gets 414. Default: 4KiB.", false),
            new Flag("web.max-header-size", "MAX_HEADER_SIZE", "SIZE", "Most bytes of a request's header lines;"
                    + " more gets 431. Default: 8KiB.", false),
            new Flag("web.max-headers", "MAX_HEADERS", "N", "Most header lines of a request; more get 431."
                    + " Default: 64.", false),
            new Flag("web.bearer-token-file", "WEBHOOK_BEARER_TOKEN_FILE", "FILE", "File holding the bearer token"
                    + " webhooks must carry (or the token in WEBHOOK_BEARER_TOKEN).", false),
            new Flag("web.basic-auth-username", "WEBHOOK_BASIC_AUTH_USERNAME", "NAME", "User name webhooks must"
                    + " carry (basic auth).", false),
            new Flag("web.basic-auth-password-file", "WEBHOOK_BASIC_AUTH_PASSWORD_FILE", "FILE", "File holding the"
                    + " basic auth password (or the password in WEBHOOK_BASIC_AUTH_PASSWORD).", false),
            new Flag("web.metrics-require-auth", "METRICS_REQUIRE_AUTH", "BOOL", "Guard /metrics and / with the"
                    + " webhook credentials too. Default: false.", false),
            new Flag("web.shutdown-grace-period", "SHUTDOWN_GRACE_PERIOD", "DURATION", "On SIGTERM, how long pushes"
                    + " in flight may take. Default: 30s.", false),
            new Flag("log.level", "LOG_LEVEL", "LEVEL", "debug, info, warn or error. Default: info.", true),
            new Flag("log.format", "LOG_FORMAT", "FORMAT", "text or json. Default: text.", true));

    private SettingsOptions() {
    }

    /** Adds the setting flags to {@code options}: all of them, or only those the {@code push} command takes. */
    public static Options add(Options options, boolean pushOnly) {
        for (Flag f : FLAGS) {
            if (!pushOnly || f.push()) {
                // The variable goes between the meaning and the default, where there is one.
                String[] meaningAndDefault = f.text().split("(?= Default: )", 2);
                options.addOption(Option.builder().longOpt(f.name()).hasArg().argName(f.value())
                        .desc(meaningAndDefault[0] + " Env: " + f.env() + "."
                                + (meaningAndDefault.length > 1 ? meaningAndDefault[1] : "")).get());
            }
        }
        return options;
    }

    /**
     * The settings from the environment, with the flags given on top.
     *
     * @throws ConfigException naming the first setting that is missing or wrong
     */
    public static Settings load(Map<String, String> environment, CommandLine given) throws ConfigException {
        Map<String, String> merged = new HashMap<>(environment);
        for (Flag f : FLAGS) {
            String value = given.getOptionValue(f.name());
            if (value == null) {
                continue;
            }
            // A file flag replaces the variable holding the value itself, as the two may not be set together.
            if (f.env().endsWith("_FILE")) {
                merged.remove(f.env().substring(0, f.env().length() - "_FILE".length()));
            }
            merged.put(f.env(), value);
        }
        return Settings.fromEnvironment(merged);
    }
}
