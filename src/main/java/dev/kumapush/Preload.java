package dev.kumapush;

import dev.kumapush.alertmanager.PayloadException;
import dev.kumapush.alertmanager.PayloadReader;
import dev.kumapush.alertmanager.PayloadStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Set;
import dev.kumapush.kuma.HttpClients;
import java.nio.charset.StandardCharsets;

/**
 * Start-up work done beside the main thread: loads and initialises the classes of the first webhook's path (TLS,
 * needed first when the HTTP client is made, then the JSON reader) while the main thread parses the command line and
 * starts the server. It has no effect but speed; any
 * failure here is left for the real path to meet and report.
 */
final class Preload {
    private static final byte[] SAMPLE = """
            {"version":"4","groupKey":"{}:{}","truncatedAlerts":0,"status":"firing","receiver":"r",
             "groupLabels":{},"commonLabels":{"alertname":"Watchdog"},"commonAnnotations":{},"externalURL":"",
             "alerts":[{"status":"firing","labels":{"alertname":"Watchdog"},"annotations":{"summary":"s"},
             "startsAt":"2026-01-01T00:00:00Z","endsAt":"0001-01-01T00:00:00Z","generatorURL":"","fingerprint":"f"}]}
            """.getBytes(StandardCharsets.UTF_8);

    private Preload() {
    }

    /** Starts the preload on a daemon thread. */
    static void start() {
        Thread.ofPlatform().daemon().name("preload").start(Preload::run);
    }

    private static void run() {
        try {
            HttpClients.preload();
            try (PayloadStream alerts = new PayloadReader().open(new ByteArrayInputStream(SAMPLE), Set.of())) {
                while (alerts.next() != null) {
                    // read to the end, as a webhook is
                }
            }
        } catch (PayloadException | IOException | RuntimeException | LinkageError e) {
            // Nothing to do: the same work happens again where it is needed, and fails there with a proper message.
        }
    }
}
