package dev.kumapush;

import dev.kumapush.cli.Help;
import dev.kumapush.cli.SettingsOptions;
import dev.kumapush.config.ConfigException;
import dev.kumapush.config.Durations;
import dev.kumapush.config.Settings;
import dev.kumapush.config.WebhookAuth;
import dev.kumapush.kuma.HttpClients;
import dev.kumapush.kuma.Monitor;
import dev.kumapush.logging.LineLoggerFinder;
import dev.kumapush.routing.Route;
import dev.kumapush.routing.Router;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/** The command line: serves webhooks, checks a configuration, or sends one push by hand ({@link PushCommand}). */
public final class Main {
    private static final System.Logger LOG = System.getLogger(Main.class.getName());
    static final String NAME = "alertmanager-uptime-kuma-push";
    static final int CONFIG_ERROR = 2;
    /** What {@link #run} returns while the server runs on in its own threads. */
    static final int SERVING = -1;

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

    private Main() {
    }

    public static void main(String[] args) {
        Preload.start();
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int code = run(args, System.getenv(), out, err, (port, stop) -> Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.run();
            // A stop asked for by SIGTERM or SIGINT is a normal end, not the JVM's 143.
            Runtime.getRuntime().halt(0);
        }, "shutdown")));
        out.flush();
        err.flush();
        if (code != SERVING) {
            System.exit(code);
        }
    }

    /**
     * Runs the command line.
     *
     * @param environment the settings' environment variables (the process's own in {@link #main})
     * @return the exit code, or {@link #SERVING} when the server was started and runs on
     */
    static int run(String[] args, Map<String, String> environment, PrintWriter out, PrintWriter err,
            Lifecycle lifecycle) {
        if (args.length > 0 && args[0].equals("push")) {
            return PushCommand.run(Arrays.copyOfRange(args, 1, args.length), environment, out, err);
        }
        Options options = SettingsOptions.add(new Options()
                .addOption(Option.builder().longOpt("check-config").desc("Check the configuration (environment,"
                        + " flags, files), print the monitors with their URLs redacted, and exit 0 when valid or 1"
                        + " when not.").get()), false);
        CommandLine given;
        try {
            given = parse(standard(options), args);
        } catch (ParseException e) {
            return usageError(err, e.getMessage(), "--help");
        }
        if (given.hasOption("help")) {
            out.print(help(options));
            return 0;
        }
        if (given.hasOption("version")) {
            version(out);
            return 0;
        }
        boolean check = given.hasOption("check-config");
        Settings settings;
        try {
            settings = SettingsOptions.load(environment, given);
            if (check) {
                settings.httpClient();
            }
        } catch (ConfigException | IOException e) {
            err.println(NAME + ": configuration error: " + e.getMessage());
            return check ? 1 : CONFIG_ERROR;
        }
        if (check) {
            describe(settings, out);
            return 0;
        }
        return serve(settings, BuildInfo.load(), err, lifecycle);
    }

    /** Adds {@code --help} and {@code --version}. */
    static Options standard(Options options) {
        return options.addOption(Option.builder("h").longOpt("help").desc("Show this help and exit.").get())
                .addOption(Option.builder("V").longOpt("version").desc("Print version information and exit.").get());
    }

    /** Parses flags only (no arguments), each at most once, spelled out in full. */
    static CommandLine parse(Options options, String[] args) throws ParseException {
        CommandLine given = DefaultParser.builder().setAllowPartialMatching(false).get().parse(options, args);
        if (!given.getArgList().isEmpty()) {
            throw new ParseException("unexpected argument \"" + given.getArgList().get(0) + "\"");
        }
        for (Option o : given.getOptions()) {
            if (o.hasArg() && given.getOptionValues(o.getLongOpt()).length > 1) {
                throw new ParseException("--" + o.getLongOpt() + " given more than once");
            }
        }
        return given;
    }

    static int usageError(PrintWriter err, String problem, String help) {
        err.println(NAME + ": " + problem + " (see " + help + ")");
        return CONFIG_ERROR;
    }

    private static String help(Options options) {
        return Help.of(List.of(NAME + " [flags]", NAME + " --check-config [flags]",
                NAME + " push [--monitor NAME] [--status up|down] [--msg TEXT] [flags]", NAME + " --help | --version"),
                List.of("Turns Alertmanager webhooks into Uptime Kuma push heartbeats: a dead man's switch for the"
                        + " whole alerting pipeline.", "Every flag has an environment variable; a flag wins over its"
                        + " variable. Secrets have only file flags. See '" + NAME + " push --help' for the push"
                        + " command."),
                options, List.of(new String[] {"0", "stopped by SIGTERM or SIGINT; configuration valid"},
                        new String[] {"1", "configuration invalid (--check-config), or the server could not start"},
                        new String[] {"2", "invalid configuration or usage"}));
    }

    /**
     * {@code --version}: version, commit, the fixed time stamp of the jar's entries and the Java runtime. The time
     * stamp is the pom's {@code project.build.outputTimestamp}, the same for every build of a commit (that keeps builds
     * reproducible), so it is not shown as a build time.
     */
    static void version(PrintWriter out) {
        BuildInfo b = BuildInfo.load();
        out.println(NAME + " " + b.version());
        out.println("commit: " + b.revision());
        out.println("file times: " + b.built() + " (fixed for reproducible builds, not the build time)");
        out.println("java: " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")");
    }

    private static int serve(Settings settings, BuildInfo build, PrintWriter err, Lifecycle lifecycle) {
        LineLoggerFinder.configure(settings.logLevel(), settings.logJson());
        if (HttpClients.proxyNeedsCredentials(settings.proxies())) {
            // The JDK refuses Basic credentials for CONNECT tunnels unless told otherwise; the operator asked for them.
            System.setProperty("jdk.http.auth.tunneling.disabledSchemes", "");
        }
        Bridge bridge;
        try {
            bridge = Bridge.start(settings, build);
        } catch (IOException e) {
            err.println(NAME + ": cannot start: " + e.getMessage()
                    + (e instanceof java.net.BindException ? " (LISTEN_ADDRESS " + settings.listen() + ")" : ""));
            return 1;
        }
        lifecycle.serving(bridge.port(), () -> {
            LOG.log(System.Logger.Level.INFO, "stopping: waiting up to {0} for webhooks in flight",
                    Durations.format(settings.shutdownGrace()));
            boolean drained = bridge.stop(settings.shutdownGrace());
            LOG.log(System.Logger.Level.INFO, drained ? "stopped" : "stopped with webhooks still in flight");
        });
        LOG.log(System.Logger.Level.INFO, NAME + " {0} (commit {1}) listening on {2}; monitors: {3}; a failing push"
                + " gives up within {4}", build.version(), build.revision(), listening(settings, bridge.port()),
                LineLoggerFinder.whole(monitors(settings)), Durations.format(settings.maxPushDuration()));
        return SERVING;
    }

    /** Where the start-up line says the server listens: {@code :port} on every interface, else {@code host:port}. */
    static String listening(Settings settings, int port) {
        return settings.listen().host().isEmpty() ? ":" + port : settings.listen().host() + ":" + port;
    }

    /** The start-up line's monitors, each with its URL redacted. */
    static String monitors(Settings settings) {
        return settings.monitors().values().stream().map(m -> m.name() + "=" + m.url().redacted())
                .collect(Collectors.joining(", "));
    }

    private static void describe(Settings s, PrintWriter out) {
        out.println("configuration OK");
        out.println("listen address: " + s.listen());
        s.configFile().ifPresent(f -> out.println("config file: " + f));
        out.println("monitors:");
        for (Monitor m : s.monitors().values()) {
            out.printf("  %-20s %-9s %s%n", m.name(), m.mode().name().toLowerCase(Locale.ROOT), m.url().redacted());
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
        out.println("webhook authentication: " + s.webhookAuth().map(a -> a instanceof WebhookAuth.Bearer
                ? "bearer token" : "basic auth").orElse("none") + (s.metricsAuth() ? " (also for /metrics)" : ""));
    }
}
