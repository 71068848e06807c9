package dev.kumapush;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * The real Alertmanager binary, started on loopback with clustering off and short timers, so that a webhook arrives
 * within a second and repeats every few seconds.
 */
final class Alertmanager implements AutoCloseable {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private final Process process;
    private final int port;
    private final Path log;

    private Alertmanager(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * The binary: {@code ALERTMANAGER_BIN}, else Debian's. Missing, it fails the test under {@code CI=true} and skips
     * it elsewhere, saying how to install it.
     */
    static Path binary() {
        String configured = System.getenv("ALERTMANAGER_BIN");
        Path bin = Path.of(configured != null ? configured : "/usr/bin/prometheus-alertmanager");
        if (!Files.isExecutable(bin)) {
            String message = "Alertmanager binary " + bin + " not found; install it with"
                    + " 'apt-get install prometheus-alertmanager' or set ALERTMANAGER_BIN (with CI=true this fails the"
                    + " build instead)";
            if ("true".equals(System.getenv("CI"))) {
                fail(message);
            }
            Assumptions.abort(message);
        }
        return bin;
    }

    /** Starts Alertmanager with one webhook receiver at {@code webhookUrl}. */
    static Alertmanager start(Path dir, String webhookUrl) throws IOException, InterruptedException {
        return start(dir, webhookUrl, null);
    }

    /** Starts Alertmanager whose webhook carries {@code Authorization: Bearer <token>} when a token is given. */
    static Alertmanager start(Path dir, String webhookUrl, String bearerToken)
            throws IOException, InterruptedException {
        Path bin = binary();
        Path config = dir.resolve("alertmanager.yml");
        Files.writeString(config, """
                route:
                  receiver: kuma
                  group_by: ['alertname']
                  group_wait: 0s
                  group_interval: 1s
                  repeat_interval: 2s
                receivers:
                  - name: kuma
                    webhook_configs:
                      - url: '%s'
                        send_resolved: true
                %s""".formatted(webhookUrl, bearerToken == null ? "" : """
                        http_config:
                          authorization:
                            type: Bearer
                            credentials: '%s'
                """.formatted(bearerToken)), StandardCharsets.UTF_8);
        Path log = dir.resolve("alertmanager.log");
        // The port is free when picked but may be taken before Alertmanager binds it: then it exits, and the next
        // try picks another.
        for (int attempt = 1; ; attempt++) {
            int port = BridgeProcess.freePort();
            Process process = new ProcessBuilder(bin.toString(),
                    "--config.file=" + config,
                    "--storage.path=" + dir.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + port,
                    "--cluster.listen-address=")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            Alertmanager am = new Alertmanager(process, port, log);
            if (am.awaitReady()) {
                return am;
            }
            am.close();
            if (attempt == 3 || !am.log().contains("address already in use")) {
                throw new AssertionError("Alertmanager did not become ready; its log: " + am.log());
            }
        }
    }

    /** True once Alertmanager answers ready; false when it exited or took longer than 20 seconds. */
    private boolean awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                HttpResponse<Void> ready = CLIENT.send(HttpRequest.newBuilder(uri("/-/ready")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    return true;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        return false;
    }

    /** Fires (or, with {@code endsAt} in the past, resolves) an alert through Alertmanager's API. */
    void postAlert(String alertname, String summary, Instant startsAt, Instant endsAt)
            throws IOException, InterruptedException {
        String body = """
                [{"labels":{"alertname":"%s","severity":"none"},"annotations":{"summary":"%s"},
                  "startsAt":"%s"%s}]""".formatted(alertname, summary, startsAt,
                endsAt == null ? "" : ",\"endsAt\":\"" + endsAt + "\"");
        HttpResponse<String> answer = CLIENT.send(HttpRequest.newBuilder(uri("/api/v2/alerts"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new AssertionError("Alertmanager refused the alert: " + answer.statusCode() + " " + answer.body());
        }
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** Lines of Alertmanager's log that mention failed notifications. */
    List<String> failedNotifications() {
        return log().lines().filter(l -> l.contains("Notify for alerts failed") || l.contains("Notify attempt failed"))
                .toList();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                // Gone before the test's temporary folder (its data directory) is deleted.
                process.destroyForcibly().waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
