import dev.kumapush.http.Exchange;
import dev.kumapush.http.HttpLimits;
import dev.kumapush.http.HttpServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The bridge's own HTTP server with the harness's handler: POST /push answers OK after reading the body. */
public class HelloOwn {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "18600"));
        HttpLimits limits = new HttpLimits(1024, 4096, 8192, 64, 1 << 20, Duration.ofSeconds(30), Duration.ofSeconds(30));
        byte[] ok = "OK".getBytes(StandardCharsets.US_ASCII);
        byte[] notFound = "not found".getBytes(StandardCharsets.US_ASCII);
        HttpServer.start(new InetSocketAddress("127.0.0.1", port), limits, exchange -> {
            if (exchange.path().equals("/push")) {
                try (InputStream in = exchange.body()) {
                    in.transferTo(OutputStream.nullOutputStream());
                }
                exchange.respond(200, "text/plain", ok);
            } else {
                exchange.respond(404, "text/plain", notFound);
            }
        }, HttpServer.Events.NONE);
    }
}
