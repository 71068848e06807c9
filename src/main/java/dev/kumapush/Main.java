package dev.kumapush;

import dev.kumapush.cli.SettingsOptions;
import dev.kumapush.config.ConfigException;
import dev.kumapush.config.Durations;
import dev.kumapush.config.Settings;
import dev.kumapush.kuma.HttpClients;
import dev.kumapush.kuma.KumaStatus;
import dev.kumapush.kuma.Monitor;
import dev.kumapush.kuma.PushObserver;
import dev.kumapush.kuma.PushOutcome;
import dev.kumapush.logging.LineLoggerFinder;
import dev.kumapush.routing.Route;
import dev.kumapush.routing.Router;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The command line: serves webhooks, checks a configuration, or sends one push by hand. */
@Command(name = "alertmanager-uptime-kuma-push", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        sortOptions = false, abbreviateSynopsis = true, usageHelpAutoWidth = true, subcommands = Main.PushCommand.class,
        description = {"Turns Alertmanager webhooks into Uptime Kuma push heartbeats: a dead man's switch for the whole"
                + " alerting pipeline.", "Every flag has an environment variable; a flag wins over its variable."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped by SIGTERM or SIGINT; configuration valid; push delivered",
            "1:configuration invalid (--check-config), push failed, or the server could not start",
            "2:invalid configuration or usage"})
public final class Main implements Callable<Integer> {
    private static final System.Logger LOG = System.getLogger(Main.class.getName());
    static final int CONFIG_ERROR = 2;

    @Mixin
    private SettingsOptions options;

    @Option(names = "--check-config", order = 0,
            description = "Check the configuration (environment, flags, files), print the monitors with their URLs"
                    + " redacted, and exit 0 when valid or 1 when not.")
    private boolean checkConfig;

    @Spec
    private CommandLine.Model.CommandSpec spec;

    private final Map<String, String> environment;
    private final Lifecycle lifecycle;

    /**
     * What serving needs of the process around it: a way to be told to stop. The process registers a shutdown hook
     * that ends with exit code 0; tests stop the bridge themselves.
     */
    interface Lifecycle {
        /**
         * The server listens on {@code port}; {@code stop} is to run when the process is asked to end (SIGTERM,
         * SIGINT).
         */
        void serving(int port, Runnable stop);
    }

    private Main(Map<String, String> environment, Lifecycle lifecycle) {
        this.environment = Map.copyOf(environment);
        this.lifecycle = lifecycle;
    }

    public static void main(String[] args) {
        Preload.start();
        int code = commandLine(System.getenv(), Main::stopOnShutdown).execute(args);
        if (code != SERVING) {
            System.exit(code);
        }
    }

    /** The process's way to stop: a shutdown hook that stops the bridge and ends with exit code 0. */
    private static void stopOnShutdown(int port, Runnable stop) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.run();
            // A stop asked for by SIGTERM or SIGINT is a normal end, not the JVM's 143.
            Runtime.getRuntime().halt(0);
        }, "shutdown"));
    }

    /** The exit code {@link #call()} returns while the server runs on in its own threads. */
    static final int SERVING = -1;

    /**
     * The command line, reading settings from {@code environment} (the process's own in {@link #main}).
     *
     * @param lifecycle how a running server is told to stop
     */
    static CommandLine commandLine(Map<String, String> environment, Lifecycle lifecycle) {
        return new CommandLine(new Main(environment, lifecycle)).setCaseInsensitiveEnumValuesAllowed(true);
    }

    @Override
    public Integer call() {
        BuildInfo build = BuildInfo.load();
        PrintWriter err = spec.commandLine().getErr();
        Settings settings;
        try {
            settings = options.load(environment);
            if (checkConfig) {
                settings.httpClient();
            }
        } catch (ConfigException | IOException e) {
            err.println("alertmanager-uptime-kuma-push: configuration error: " + e.getMessage());
            err.flush();
            return checkConfig ? 1 : CONFIG_ERROR;
        }
        if (checkConfig) {
            describe(settings, spec.commandLine().getOut());
            return 0;
        }
        return serve(settings, build, err);
    }

    private int serve(Settings settings, BuildInfo build, PrintWriter err) {
        LineLoggerFinder.configure(settings.logLevel(), settings.logJson());
        if (HttpClients.proxyNeedsCredentials(settings.proxies())) {
            // The JDK refuses Basic credentials for CONNECT tunnels unless told otherwise; the operator asked for them.
            System.setProperty("jdk.http.auth.tunneling.disabledSchemes", "");
        }
        Bridge bridge;
        try {
            bridge = Bridge.start(settings, build);
        } catch (IOException e) {
            err.println("alertmanager-uptime-kuma-push: cannot start: " + e.getMessage()
                    + (e instanceof java.net.BindException ? " (LISTEN_ADDRESS " + settings.listen() + ")" : ""));
            err.flush();
            return 1;
        }
        lifecycle.serving(bridge.port(), () -> {
            LOG.log(System.Logger.Level.INFO, "stopping: waiting up to {0} for webhooks in flight",
                    Durations.format(settings.shutdownGrace()));
            boolean drained = bridge.stop(settings.shutdownGrace());
            LOG.log(System.Logger.Level.INFO, drained ? "stopped" : "stopped with webhooks still in flight");
        });
        LOG.log(System.Logger.Level.INFO, "alertmanager-uptime-kuma-push {0} (commit {1}) listening on {2};"
                + " monitors: {3}; a failing push gives up within {4}", build.version(), build.revision(),
                settings.listen().host().isEmpty() ? ":" + bridge.port() : settings.listen().host() + ":" + bridge.port(),
                LineLoggerFinder.whole(settings.monitors().values().stream()
                        .map(m -> m.name() + "=" + m.url().redacted()).collect(Collectors.joining(", "))),
                Durations.format(settings.maxPushDuration()));
        return SERVING;
    }

    private static void describe(Settings s, PrintWriter out) {
        out.println("configuration OK");
        out.println("listen address: " + s.listen());
        s.configFile().ifPresent(f -> out.println("config file: " + f));
        out.println("monitors:");
        for (Monitor m : s.monitors().values()) {
            out.printf("  %-20s %-9s %s%n", m.name(), m.mode().name().toLowerCase(java.util.Locale.ROOT),
                    m.url().redacted());
        }
        if (!s.routes().isEmpty()) {
            out.println("routes (in order; the first match wins, unless it says continue):");
            Router router = new Router(s.monitors(), s.routes(), s.defaultMonitor());
            for (int i = 0; i < s.routes().size(); i++) {
                Route route = s.routes().get(i);
                List<String> reached = router.reachable(i);
                String others = reached.size() == 1 ? "no other monitor" : String.join(", ", reached.subList(1,
                        reached.size()));
                out.printf("  %d. {%s} -> %s%s%n", i + 1, route.matchers().stream().map(Object::toString)
                        .collect(Collectors.joining(", ")), route.monitor(),
                        route.continueMatching() ? " (continue: can also reach " + others + ")" : "");
            }
        }
        out.println("default monitor: " + s.defaultMonitor().orElse("(none: alerts no route takes are refused)"));
        out.println("push: " + s.getRetries() + " tries of at most " + Durations.format(s.pushTimeout())
                + ", first pause " + Durations.format(s.retryBackoff()) + "; gives up within "
                + Durations.format(s.maxPushDuration()));
        out.println("webhook authentication: " + s.webhookAuth().map(a -> a instanceof dev.kumapush.config.WebhookAuth.Bearer
                ? "bearer token" : "basic auth").orElse("none") + (s.metricsAuth() ? " (also for /metrics)" : ""));
        out.flush();
    }

    /** {@code push}: one heartbeat by hand, to check a setup. */
    @Command(name = "push", mixinStandardHelpOptions = true, versionProvider = Main.Version.class, sortOptions = false,
            modelTransformer = PushCommand.WithoutServerFlags.class,
            description = "Send one push to a monitor and print Kuma's answer.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:Kuma took the push", "1:the push failed (Kuma refused it, or could not be reached)",
                "2:invalid configuration or usage"})
    static final class PushCommand implements Callable<Integer> {
        /**
         * Drops the server's flags ({@code --web.*}: listening, limits, webhook authentication, shutdown) from the
         * shared settings flags: a push sends nothing to the server, so they are neither shown nor accepted here.
         */
        static final class WithoutServerFlags implements CommandLine.IModelTransformer {
            @Override
            public CommandLine.Model.CommandSpec transform(CommandLine.Model.CommandSpec command) {
                for (CommandLine.Model.OptionSpec option : java.util.List.copyOf(command.options())) {
                    if (option.longestName().startsWith("--web.")) {
                        command.remove(option);
                    }
                }
                return command;
            }
        }

        @Option(names = "--monitor", paramLabel = "NAME", order = 0,
                description = "The monitor; default: the default monitor, or the only one.")
        private String monitorName;

        @Option(names = "--status", paramLabel = "up|down", order = 0, defaultValue = "up",
                description = "The status to push. Default: ${DEFAULT-VALUE}.")
        private String status;

        @Option(names = "--msg", paramLabel = "TEXT", order = 0, defaultValue = "OK",
                description = "The message Kuma shows. Default: ${DEFAULT-VALUE}.")
        private String msg;

        @Mixin
        private SettingsOptions options;

        @Spec
        private CommandLine.Model.CommandSpec spec;

        @CommandLine.ParentCommand
        private Main main;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            KumaStatus kumaStatus = switch (status) {
                case "up" -> KumaStatus.UP;
                case "down" -> KumaStatus.DOWN;
                default -> null;
            };
            if (kumaStatus == null) {
                err.println("--status: expected up or down, found \"" + status + "\"");
                err.flush();
                return CONFIG_ERROR;
            }
            Settings settings;
            Monitor monitor;
            try {
                settings = options.load(main.environment);
                monitor = pick(settings).orElse(null);
                if (monitor == null) {
                    err.println("--monitor: " + (monitorName == null
                            ? "required, as there are several monitors and no default"
                            : "unknown monitor \"" + monitorName + "\"") + " (defined: "
                            + String.join(", ", settings.monitors().keySet()) + ")");
                    err.flush();
                    return CONFIG_ERROR;
                }
                LineLoggerFinder.configure(settings.logLevel(), settings.logJson());
                PushOutcome outcome = Bridge.kumaClient(settings, BuildInfo.load(), PushObserver.NONE)
                        .push(monitor, kumaStatus, msg);
                out.println((outcome.delivered() ? "delivered" : "failed") + ": monitor " + monitor.name() + " ("
                        + monitor.url().redacted() + "), status " + kumaStatus + ", " + outcome.tries()
                        + (outcome.tries() == 1 ? " try" : " tries") + ": " + outcome.answer());
                out.flush();
                return outcome.delivered() ? 0 : 1;
            } catch (ConfigException | IOException e) {
                err.println("alertmanager-uptime-kuma-push: configuration error: " + e.getMessage());
                err.flush();
                return CONFIG_ERROR;
            }
        }

        private Optional<Monitor> pick(Settings settings) {
            if (monitorName != null) {
                return Optional.ofNullable(settings.monitors().get(monitorName));
            }
            if (settings.defaultMonitor().isPresent()) {
                return Optional.of(settings.monitors().get(settings.defaultMonitor().get()));
            }
            return settings.monitors().size() == 1 ? settings.monitors().values().stream().findFirst()
                    : Optional.empty();
        }
    }

    /**
     * {@code --version}: version, commit, the fixed time stamp of the jar's entries and the Java runtime. The time
     * stamp is the pom's {@code project.build.outputTimestamp}, the same for every build of a commit (that keeps builds
     * reproducible), so it is not shown as a build time.
     */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            BuildInfo b = BuildInfo.load();
            return new String[] {"alertmanager-uptime-kuma-push " + b.version(), "commit: " + b.revision(),
                "file times: " + b.built() + " (fixed for reproducible builds, not the build time)",
                "java: " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}
