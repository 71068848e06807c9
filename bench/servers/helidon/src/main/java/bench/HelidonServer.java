package bench;

import io.helidon.common.socket.SocketOptions;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http1.Http1Config;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

/** (c) Helidon SE 4.5 WebServer (virtual thread per connection/request by design). PORT from the environment. */
public final class HelidonServer {
    public static void main(String[] args) {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        WebServer server = WebServer.builder()
                .host("127.0.0.1")
                .port(port)
                .maxPayloadSize(1024 * 1024) // request body limit -> 413
                // optional connection cap (unset = Helidon default -1, unlimited): HELIDON_MAX_TCP_CONNECTIONS=1024
                .maxTcpConnections(Integer.parseInt(System.getenv().getOrDefault("HELIDON_MAX_TCP_CONNECTIONS", "-1")))
                .connectionOptions(SocketOptions.builder().readTimeout(Duration.ofSeconds(30)).build())
                .addProtocol(Http1Config.builder()
                        .maxPrologueLength(8192) // request line (default 4096)
                        .maxHeadersSize(8192)    // all header lines (default 16384)
                        .build())
                .routing(r -> r.any("/push", (req, res) -> {
                    try (InputStream in = req.content().inputStream()) {
                        in.transferTo(OutputStream.nullOutputStream());
                    }
                    res.header(HeaderNames.CONTENT_TYPE, "text/plain");
                    res.send("OK");
                }))
                .build()
                .start();
    }
}
