package dev.kumapush;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kumapush.config.Settings;
import dev.kumapush.logging.LineLoggerFinder;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line in-process, with the environment handed in: serving (and stopping as on SIGTERM),
 * {@code --check-config}, {@code push}, and the exit code and words of each outcome.
 */
class CommandLineTest {
    @TempDir
    Path dir;
    private FakeKuma kuma;
    private final List<Runnable> stops = new ArrayList<>();
    private int port = -1;

    @BeforeEach
    void startKuma() throws IOException {
        kuma = FakeKuma.start();
    }

    @AfterEach
    void stop() {
        stops.forEach(Runnable::run);
        kuma.close();
    }

    private record Run(int exit, String out, String err) {
    }

    private Run run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args, env, new PrintWriter(out, true), new PrintWriter(err, true), (listening, stop) -> {
            port = listening;
            stops.add(stop);
        });
        return new Run(exit, out.toString(), err.toString());
    }

    private Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>(Map.of("UPTIME_KUMA_URL", kuma.pushUrl(), "RETRY_BACKOFF", "10ms"));
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    private Path config(String yaml) throws IOException {
        return Files.writeString(dir.resolve("kuma-push.yml"), yaml);
    }

    // Serving

    @Test
    void theServerServesUntilToldToStop() throws Exception {
        Run serving = run(env("LISTEN_ADDRESS", "127.0.0.1:0"));

        assertThat(serving.exit()).isEqualTo(Main.SERVING);
        assertThat(port).isPositive();
        assertThat(serving.err()).isEmpty();
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/push")).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(kuma.requests()).hasSize(1);

        assertThat(stops).hasSize(1);
        stops.remove(0).run();
        assertThat(refusesConnections(port)).as("the port is given back after the stop").isTrue();
    }

    /**
     * Whether connections to {@code port} are refused within 2 s. The listening socket's file descriptor is released
     * once the accepting thread has left {@code accept}, a moment after the stop returns.
     */
    private static boolean refusesConnections(int port) throws Exception {
        long deadline = System.nanoTime() + 2_000_000_000L;
        do {
            try {
                new Socket("127.0.0.1", port).close();
                Thread.sleep(20);
            } catch (ConnectException refused) {
                return true;
            }
        } while (System.nanoTime() < deadline);
        return false;
    }

    @Test
    void theLogLevelAndFormatGivenAreThoseOfTheLogLines() {
        System.Logger line = new LineLoggerFinder().getLogger("dev.kumapush.Main", Main.class.getModule());
        try {
            run(env("LISTEN_ADDRESS", "127.0.0.1:0", "LOG_LEVEL", "error"));
            assertThat(line.isLoggable(System.Logger.Level.WARNING)).isFalse();
            assertThat(line.isLoggable(System.Logger.Level.ERROR)).isTrue();
            stops.forEach(Runnable::run);
            stops.clear();

            run(env("LOG_LEVEL", "debug", "GET_RETRIES", "1", "PUSH_TIMEOUT", "1s"), "push");
            assertThat(line.isLoggable(System.Logger.Level.DEBUG)).isTrue();
        } finally {
            LineLoggerFinder.configure(System.Logger.Level.INFO, false);
        }
    }

    @Test
    void proxyCredentialsTurnOnBasicAuthenticationForTunnelsAndOnlyThen() {
        String property = "jdk.http.auth.tunneling.disabledSchemes";
        String before = System.getProperty(property);
        try {
            System.setProperty(property, "Basic");
            run(env("LISTEN_ADDRESS", "127.0.0.1:0", "HTTPS_PROXY", "http://proxy.example:3128"));
            assertThat(System.getProperty(property)).as("without credentials").isEqualTo("Basic");
            stops.forEach(Runnable::run);
            stops.clear();

            run(env("LISTEN_ADDRESS", "127.0.0.1:0", "HTTPS_PROXY", "http://user:pw@proxy.example:3128"));
            assertThat(System.getProperty(property)).as("with credentials").isEmpty();
        } finally {
            if (before == null) {
                System.clearProperty(property);
            } else {
                System.setProperty(property, before);
            }
        }
    }

    @Test
    void theStartUpLineSaysWhereTheServerListensAndNamesTheMonitorsWithoutTheirSecrets() throws Exception {
        Settings everywhere = Settings.fromEnvironment(env("LISTEN_ADDRESS", ":0"));
        Settings loopback = Settings.fromEnvironment(env("LISTEN_ADDRESS", "127.0.0.1:0"));

        assertThat(Main.listening(everywhere, 8081)).isEqualTo(":8081");
        assertThat(Main.listening(loopback, 40123)).isEqualTo("127.0.0.1:40123");
        assertThat(Main.monitors(loopback)).isEqualTo("default=http://127.0.0.1:" + kuma.port() + "/api/push/****");

        Path file = config("""
                monitors:
                  a:
                    url: https://kuma.example.com/api/push/A-T0KEN
                  b:
                    url: https://kuma.example.com/api/push/B-T0KEN
                """);
        assertThat(Main.monitors(Settings.fromEnvironment(Map.of("CONFIG_FILE", file.toString()))))
                .isEqualTo("a=https://kuma.example.com/api/push/****, b=https://kuma.example.com/api/push/****");
    }

    @Test
    void aListenAddressInUseEndsWithExitOneNamingIt() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Run run = run(env("LISTEN_ADDRESS", "127.0.0.1:" + taken.getLocalPort()));

            assertThat(run.exit()).isEqualTo(1);
            assertThat(run.err()).startsWith("alertmanager-uptime-kuma-push: cannot start: ")
                    .contains("(LISTEN_ADDRESS 127.0.0.1:" + taken.getLocalPort() + ")");
            assertThat(stops).isEmpty();
        }
    }

    @Test
    void aConfigurationErrorEndsWithExitTwoAndNamesTheSetting() {
        Run run = run(env("GET_RETRIES", "0"));

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("alertmanager-uptime-kuma-push: configuration error: GET_RETRIES: must be a"
                + " whole number from 1 to 100 (total tries per push), found \"0\"" + System.lineSeparator());
        assertThat(stops).isEmpty();
    }

    @Test
    void aFlagWinsOverItsVariable() {
        assertThat(run(env("GET_RETRIES", "0"), "--push.retries=2", "--check-config").exit()).isZero();
    }

    @Test
    void aFileFlagReplacesTheVariableHoldingTheValueItself() throws IOException {
        Path url = Files.writeString(dir.resolve("url"), kuma.pushUrl());

        Run run = run(env("UPTIME_KUMA_URL", "ftp://not-this-one"), "--kuma.url-file=" + url, "--check-config");

        assertThat(run.err()).isEmpty();
        assertThat(run.exit()).isZero();
    }

    // --check-config

    @Test
    void checkConfigDescribesTheMonitorsRoutesAndBoundsWithoutSecrets() throws IOException {
        Path file = config("""
                monitors:
                  prod-eu:
                    url: https://kuma.example.com/api/push/EU-T0KEN
                  backup:
                    url: https://kuma.example.com/api/push/BACKUP-T0KEN
                    mode: status
                routes:
                  - matchers: ['alertname="BackupFailed"']
                    monitor: backup
                    continue: true
                  - matchers: ['{cluster="prod-eu", alertname=~"Watchdog|InfoInhibitor"}']
                    monitor: prod-eu
                  - matchers: ['team="db"']
                    monitor: backup
                    continue: true
                default_monitor: prod-eu
                """);

        Run run = run(Map.of("CONFIG_FILE", file.toString(), "WEBHOOK_BEARER_TOKEN", "am-t0ken",
                "METRICS_REQUIRE_AUTH", "true", "LISTEN_ADDRESS", "127.0.0.1:9095"), "--check-config");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo(String.join(System.lineSeparator(),
                "configuration OK",
                "listen address: 127.0.0.1:9095",
                "config file: " + file,
                "monitors:",
                "  prod-eu              heartbeat https://kuma.example.com/api/push/****",
                "  backup               status    https://kuma.example.com/api/push/****",
                "routes (in order; the first match wins, unless it says continue):",
                "  1. {alertname=\"BackupFailed\"} -> backup (continue: can also reach prod-eu)",
                "  2. {cluster=\"prod-eu\", alertname=~\"Watchdog|InfoInhibitor\"} -> prod-eu",
                "  3. {team=\"db\"} -> backup (continue: can also reach no other monitor)",
                "default monitor: prod-eu",
                "push: 3 tries of at most 3s, first pause 1s; gives up within 12s",
                "webhook authentication: bearer token (also for /metrics)", ""));
        assertThat(run.out()).doesNotContain("T0KEN").doesNotContain("am-t0ken");
    }

    @Test
    void checkConfigOfThePlainSetupSaysThereIsNoRouteAndNoAuthentication() {
        Run run = run(env("WEBHOOK_BASIC_AUTH_USERNAME", "am", "WEBHOOK_BASIC_AUTH_PASSWORD", "pw"), "--check-config");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).doesNotContain("routes").doesNotContain("config file")
                .contains("listen address: :8081")
                .contains("  default              heartbeat http://127.0.0.1:" + kuma.port() + "/api/push/****")
                .contains("default monitor: default")
                .contains("push: 3 tries of at most 3s, first pause 10ms; gives up within 9030ms")
                .contains("webhook authentication: basic auth" + System.lineSeparator());
    }

    @Test
    void checkConfigWithoutADefaultMonitorSaysWhatHappensToUnroutedAlerts() throws IOException {
        Path file = config("monitors:\n  a:\n    url: https://kuma.example.com/api/push/T\n");

        Run run = run(Map.of("CONFIG_FILE", file.toString()), "--check-config");

        assertThat(run.out()).contains("default monitor: (none: alerts no route takes are refused)")
                .contains("webhook authentication: none" + System.lineSeparator());
    }

    @Test
    void checkConfigOfABadConfigurationEndsWithExitOne() {
        Run run = run(env("LOG_LEVEL", "loud"), "--check-config");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).startsWith("alertmanager-uptime-kuma-push: configuration error: LOG_LEVEL: ");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void checkConfigAlsoReadsTheCaFile() throws IOException {
        Path notPem = Files.writeString(dir.resolve("ca.pem"), "");

        Run run = run(env("UPTIME_KUMA_CA_FILE", notPem.toString()), "--check-config");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("UPTIME_KUMA_CA_FILE: no PEM certificate found in " + notPem);
    }

    // push

    @Test
    void pushSendsOneHeartbeatAndSaysKumaTookIt() {
        Run run = run(env(), "push", "--status", "down", "--msg", "hello from the bridge");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("delivered: monitor default (http://127.0.0.1:" + kuma.port()
                + "/api/push/****), status down, 1 try: ok" + System.lineSeparator());
        assertThat(kuma.requests()).singleElement().satisfies(s -> {
            assertThat(s.param("status")).isEqualTo("down");
            assertThat(s.param("msg")).isEqualTo("hello from the bridge");
        });
    }

    @Test
    void aFailedPushEndsWithExitOneAndKumasWords() {
        kuma.always(FakeKuma.status(500));

        Run run = run(env("GET_RETRIES", "2"), "push");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEqualTo("failed: monitor default (http://127.0.0.1:" + kuma.port()
                + "/api/push/****), status up, 2 tries: Kuma answered HTTP 500" + System.lineSeparator());
        assertThat(kuma.requests()).extracting(s -> s.param("msg")).containsExactly("OK", "OK");
    }

    @Test
    void pushGoesToTheNamedMonitorOrTheDefaultOne() throws IOException {
        try (FakeKuma other = FakeKuma.start()) {
            Path file = config("monitors:\n  a:\n    url: '" + kuma.pushUrl() + "'\n  b:\n    url: '"
                    + other.pushUrl() + "'\ndefault_monitor: b\n");

            assertThat(run(Map.of("CONFIG_FILE", file.toString()), "push").out()).startsWith("delivered: monitor b ");
            assertThat(run(Map.of("CONFIG_FILE", file.toString()), "push", "--monitor", "a").out())
                    .startsWith("delivered: monitor a ");
            assertThat(kuma.requests()).hasSize(1);
            assertThat(other.requests()).hasSize(1);
        }
    }

    @Test
    void pushToOneOfSeveralMonitorsWithoutADefaultNeedsItsName() throws IOException {
        Path file = config("monitors:\n  a:\n    url: '" + kuma.pushUrl() + "'\n  b:\n    url: '" + kuma.pushUrl()
                + "'\n");

        Run unnamed = run(Map.of("CONFIG_FILE", file.toString()), "push");
        Run unknown = run(Map.of("CONFIG_FILE", file.toString()), "push", "--monitor", "c");

        assertThat(unnamed.exit()).isEqualTo(2);
        assertThat(unnamed.err()).isEqualTo("--monitor: required, as there are several monitors and no default"
                + " (defined: a, b)" + System.lineSeparator());
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).isEqualTo("--monitor: unknown monitor \"c\" (defined: a, b)"
                + System.lineSeparator());
        assertThat(kuma.requests()).isEmpty();
    }

    @Test
    void pushToTheOnlyMonitorNeedsNoName() throws IOException {
        Path file = config("monitors:\n  only:\n    url: '" + kuma.pushUrl() + "'\n");

        assertThat(run(Map.of("CONFIG_FILE", file.toString()), "push").out()).startsWith("delivered: monitor only ");
    }

    @Test
    void pushWithABadConfigurationEndsWithExitTwo() {
        Run run = run(env("PUSH_TIMEOUT", "soon"), "push");

        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).startsWith("alertmanager-uptime-kuma-push: configuration error: PUSH_TIMEOUT: ");
        assertThat(kuma.requests()).isEmpty();
    }
}
