package dev.kumapush;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Start-up and shutdown of the real process, and what it prints. */
@Tag("process")
class MainProcessTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "GET_RETRIES=0                            | GET_RETRIES: must be a whole number from 1 to 100",
        "GET_RETRIES=three                        | GET_RETRIES: must be a whole number",
        "PUSH_TIMEOUT=3                           | PUSH_TIMEOUT: expected a duration",
        "RETRY_BACKOFF=-1s                        | RETRY_BACKOFF: must be zero or more",
        "LISTEN_ADDRESS=8081                      | LISTEN_ADDRESS: expected host:port or :port",
        "UPTIME_KUMA_URL=ftp://kuma/api/push/tok  | UPTIME_KUMA_URL: the value must be an absolute http:// or https:// URL",
        "UPTIME_KUMA_URL_FILE=/nonexistent/file   | UPTIME_KUMA_URL_FILE: no such file: /nonexistent/file",
    })
    void aBadSettingStopsStartUpNamingIt(String setting, String message) throws Exception {
        String[] kv = setting.split("=", 2);
        Map<String, String> env = new java.util.HashMap<>(Map.of(
                "UPTIME_KUMA_URL", "http://127.0.0.1:9/api/push/" + FakeKuma.TOKEN, "LISTEN_ADDRESS", "127.0.0.1:0"));
        if (kv[0].equals("UPTIME_KUMA_URL_FILE")) {
            env.remove("UPTIME_KUMA_URL");
        }
        env.put(kv[0], kv[1]);
        try (BridgeProcess bridge = BridgeProcess.start(env, dir)) {
            assertThat(bridge.awaitExit(WAIT)).isNotZero();
            assertThat(bridge.output()).contains(message).doesNotContain(FakeKuma.TOKEN);
        }
    }

    @Test
    void aMissingPushUrlStopsStartUp() throws Exception {
        try (BridgeProcess bridge = BridgeProcess.start(Map.of(), dir)) {
            assertThat(bridge.awaitExit(WAIT)).isNotZero();
            assertThat(bridge.output()).contains("UPTIME_KUMA_URL: required");
        }
    }

    @Test
    void aListenAddressInUseStopsStartUpNamingIt() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getLoopbackAddress())) {
            Map<String, String> env = Map.of("UPTIME_KUMA_URL", "http://127.0.0.1:9/api/push/x",
                    "LISTEN_ADDRESS", "127.0.0.1:" + taken.getLocalPort());
            try (BridgeProcess bridge = BridgeProcess.start(env, dir)) {
                assertThat(bridge.awaitExit(WAIT)).isNotZero();
                assertThat(bridge.output()).contains("LISTEN_ADDRESS 127.0.0.1:" + taken.getLocalPort());
            }
        }
    }

    @Test
    void sigtermEndsWithExitZeroAndNothingPrintedHoldsTheToken() throws Exception {
        try (FakeKuma kuma = FakeKuma.start()) {
            kuma.then(FakeKuma.status(500));
            // A long PUSH_TIMEOUT: a cold JVM's first try must not time out and make it three tries.
            Map<String, String> env = Map.of("UPTIME_KUMA_URL", kuma.pushUrl(),
                    "LISTEN_ADDRESS", "127.0.0.1:0", "RETRY_BACKOFF", "10ms", "PUSH_TIMEOUT", "30s");
            try (BridgeProcess bridge = BridgeProcess.start(env, dir)) {
                bridge.awaitOutput("listening on", WAIT);
                int port = bridge.port();
                HttpResponse<String> answer = HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/push"))
                                .POST(HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).isEqualTo(200);

                assertThat(bridge.terminate(WAIT)).isZero();
                String printed = bridge.output();
                assertThat(printed).contains("/api/push/****").contains("tries=2").contains("stopped");
                assertThat(printed).doesNotContain(FakeKuma.TOKEN);
            }
        }
    }
}
