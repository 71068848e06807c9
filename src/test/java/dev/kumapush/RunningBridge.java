package dev.kumapush;

import dev.kumapush.config.ConfigException;
import dev.kumapush.config.Settings;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** The bridge started in-process on a free loopback port, with a client to call it. */
final class RunningBridge implements AutoCloseable {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Bridge bridge;

    private RunningBridge(Bridge bridge) {
        this.bridge = bridge;
    }

    /** Starts with these environment variables, plus a loopback listen address and a short backoff by default. */
    static RunningBridge start(Map<String, String> env) throws ConfigException, IOException {
        Map<String, String> all = new HashMap<>();
        all.put("LISTEN_ADDRESS", "127.0.0.1:0");
        all.put("RETRY_BACKOFF", "10ms");
        all.putAll(env);
        return new RunningBridge(Bridge.start(Settings.fromEnvironment(all), new BuildInfo("test", "abc123", "unknown")));
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + bridge.port() + path);
    }

    HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .build();
        return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return send("POST", path, body);
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send("GET", path, null);
    }

    int port() {
        return bridge.port();
    }

    /** Stops as on SIGTERM; true when every webhook in flight finished within {@code grace}. */
    boolean stop(Duration grace) {
        return bridge.stop(grace);
    }

    @Override
    public void close() {
        bridge.stop(Duration.ofSeconds(1));
    }
}
