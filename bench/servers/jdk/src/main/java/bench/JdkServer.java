package bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/** (a) JDK com.sun.net.httpserver on virtual threads. PORT from the environment. */
public final class JdkServer {
    public static void main(String[] args) throws Exception {
        // Limits, set before the server classes load (ServerConfig reads them once, statically).
        setDefault("sun.net.httpserver.maxReqHeaderSize", "8192"); // bytes of all request headers (default 380 KiB)
        setDefault("sun.net.httpserver.maxReqHeaders", "200");     // header count (default 200)
        setDefault("sun.net.httpserver.maxReqTime", "30");         // seconds to read a request (default forever)
        setDefault("sun.net.httpserver.idleInterval", "30");       // seconds idle keep-alive (default 30)
        // Optional connection cap (not set in the measured default build): JDK_MAX_CONNECTIONS=1024.
        String cap = System.getenv("JDK_MAX_CONNECTIONS");
        if (cap != null) setDefault("jdk.httpserver.maxConnections", cap);
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        byte[] ok = "OK".getBytes(StandardCharsets.US_ASCII);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", ex -> handle(ex, ok));
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    private static void handle(HttpExchange ex, byte[] ok) throws java.io.IOException {
        try (ex) {
            ex.getRequestBody().transferTo(OutputStream.nullOutputStream());
            if (!"/push".equals(ex.getRequestURI().getPath())) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            ex.getResponseHeaders().set("Content-Type", "text/plain");
            ex.sendResponseHeaders(200, ok.length);
            ex.getResponseBody().write(ok);
        }
    }

    private static void setDefault(String k, String v) {
        if (System.getProperty(k) == null) System.setProperty(k, v);
    }
}
