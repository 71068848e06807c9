package dev.kumapush;

import dev.kumapush.config.ConfigException;
import dev.kumapush.config.Durations;
import dev.kumapush.config.Settings;
import dev.kumapush.kuma.HttpClients;
import java.io.IOException;
import dev.kumapush.logging.LineLoggerFinder;
import java.util.stream.Collectors;

/** Starts the bridge from environment variables. */
public final class Main {
    private static final System.Logger LOG = System.getLogger(Main.class.getName());

    private Main() {
    }

    public static void main(String[] args) {
        LineLoggerFinder.configure(System.Logger.Level.INFO, false);
        BuildInfo build = BuildInfo.load();
        Settings settings;
        try {
            settings = Settings.fromEnvironment(System.getenv());
        } catch (ConfigException e) {
            System.err.println("alertmanager-uptime-kuma-push: configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (HttpClients.proxyNeedsCredentials(settings.proxies())) {
            // The JDK refuses Basic credentials for CONNECT tunnels unless told otherwise; the operator asked for them.
            System.setProperty("jdk.http.auth.tunneling.disabledSchemes", "");
        }
        Bridge bridge;
        try {
            bridge = Bridge.start(settings, build);
        } catch (IOException e) {
            System.err.println("alertmanager-uptime-kuma-push: cannot start: " + e.getMessage()
                    + (e instanceof java.net.BindException ? " (LISTEN_ADDRESS " + settings.listen() + ")" : ""));
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.log(System.Logger.Level.INFO, "stopping: waiting up to {0} for pushes in flight",
                    Durations.format(settings.shutdownGrace()));
            boolean drained = bridge.stop(settings.shutdownGrace());
            LOG.log(System.Logger.Level.INFO, "stopped");
            // A stop asked for by SIGTERM or SIGINT is a normal end, not the JVM's 143.
            Runtime.getRuntime().halt(drained ? 0 : 1);
        }, "shutdown"));
        LOG.log(System.Logger.Level.INFO, "alertmanager-uptime-kuma-push {0} listening on {1}; monitors: {2}",
                build.version(), settings.listen().host().isEmpty() ? ":" + bridge.port() : settings.listen(),
                settings.monitors().values().stream().map(m -> m.name() + "=" + m.url().redacted())
                        .collect(Collectors.joining(", ")));
    }
}
