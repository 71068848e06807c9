package dev.kumapush;

import dev.kumapush.cli.Help;
import dev.kumapush.cli.SettingsOptions;
import dev.kumapush.config.ConfigException;
import dev.kumapush.config.Settings;
import dev.kumapush.kuma.KumaStatus;
import dev.kumapush.kuma.Monitor;
import dev.kumapush.kuma.PushObserver;
import dev.kumapush.kuma.PushOutcome;
import dev.kumapush.logging.LineLoggerFinder;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/**
 * {@code push}: one heartbeat by hand, to check a setup. It takes the settings a push uses and none of the server's
 * ({@code --web.*}: listening, limits, webhook authentication, shutdown), as it sends nothing to the server.
 */
final class PushCommand {
    private PushCommand() {
    }

    static int run(String[] args, Map<String, String> environment, PrintWriter out, PrintWriter err) {
        Options options = SettingsOptions.add(new Options()
                .addOption(Option.builder().longOpt("monitor").hasArg().argName("NAME")
                        .desc("The monitor; default: the default monitor, or the only one.").get())
                .addOption(Option.builder().longOpt("status").hasArg().argName("up|down")
                        .desc("The status to push. Default: up.").get())
                .addOption(Option.builder().longOpt("msg").hasArg().argName("TEXT")
                        .desc("The message Kuma shows. Default: OK.").get()), true);
        CommandLine given;
        try {
            given = Main.parse(Main.standard(options), args);
        } catch (ParseException e) {
            return Main.usageError(err, "push: " + e.getMessage(), "push --help");
        }
        if (given.hasOption("help")) {
            out.print(help(options));
            return 0;
        }
        if (given.hasOption("version")) {
            Main.version(out);
            return 0;
        }
        String status = given.getOptionValue("status", "up");
        KumaStatus kumaStatus = switch (status) {
            case "up" -> KumaStatus.UP;
            case "down" -> KumaStatus.DOWN;
            default -> null;
        };
        if (kumaStatus == null) {
            err.println("--status: expected up or down, found \"" + status + "\"");
            return Main.CONFIG_ERROR;
        }
        try {
            Settings settings = SettingsOptions.load(environment, given);
            String name = given.getOptionValue("monitor");
            Optional<Monitor> monitor = pick(settings, name);
            if (monitor.isEmpty()) {
                err.println("--monitor: " + (name == null ? "required, as there are several monitors and no default"
                        : "unknown monitor \"" + name + "\"") + " (defined: "
                        + String.join(", ", settings.monitors().keySet()) + ")");
                return Main.CONFIG_ERROR;
            }
            LineLoggerFinder.configure(settings.logLevel(), settings.logJson());
            Monitor m = monitor.get();
            PushOutcome outcome = Bridge.kumaClient(settings, BuildInfo.load(), PushObserver.NONE)
                    .push(m, kumaStatus, given.getOptionValue("msg", "OK"));
            out.println((outcome.delivered() ? "delivered" : "failed") + ": monitor " + m.name() + " ("
                    + m.url().redacted() + "), status " + kumaStatus + ", " + outcome.tries()
                    + (outcome.tries() == 1 ? " try" : " tries") + ": " + outcome.answer());
            return outcome.delivered() ? 0 : 1;
        } catch (ConfigException | IOException e) {
            err.println(Main.NAME + ": configuration error: " + e.getMessage());
            return Main.CONFIG_ERROR;
        }
    }

    private static Optional<Monitor> pick(Settings settings, String name) {
        if (name != null) {
            return Optional.ofNullable(settings.monitors().get(name));
        }
        if (settings.defaultMonitor().isPresent()) {
            return Optional.of(settings.monitors().get(settings.defaultMonitor().get()));
        }
        return settings.monitors().size() == 1 ? settings.monitors().values().stream().findFirst() : Optional.empty();
    }

    private static String help(Options options) {
        return Help.of(List.of(Main.NAME + " push [--monitor NAME] [--status up|down] [--msg TEXT] [flags]"),
                List.of("Send one push to a monitor and print Kuma's answer. Every flag has an environment variable;"
                        + " a flag wins over its variable."),
                options, List.of(new String[] {"0", "Kuma took the push"},
                        new String[] {"1", "the push failed (Kuma refused it, or could not be reached)"},
                        new String[] {"2", "invalid configuration or usage"}));
    }
}
