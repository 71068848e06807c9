package bench;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SizeLimitHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ThreadPool;
import org.eclipse.jetty.util.thread.VirtualThreadPool;

/**
 * (b) Jetty 12.1 core. PORT from the environment. JETTY_POOL=vtp (default): VirtualThreadPool (every
 * Jetty thread virtual); JETTY_POOL=qtp: QueuedThreadPool (platform selector/acceptor threads) with
 * setVirtualThreadsExecutor for blocking handler calls.
 */
public final class JettyServer {
    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(System.getenv().getOrDefault("PORT", "8080"));
        ThreadPool pool;
        if ("qtp".equals(System.getenv("JETTY_POOL"))) {
            QueuedThreadPool qtp = new QueuedThreadPool(16, 2);
            qtp.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
            pool = qtp;
        } else {
            pool = new VirtualThreadPool(); // default max 200 concurrent tasks
        }
        Server server = new Server(pool);
        HttpConfiguration cfg = new HttpConfiguration();
        cfg.setRequestHeaderSize(8192);   // request line + headers buffer (default 8192)
        cfg.setResponseHeaderSize(8192);
        cfg.setSendServerVersion(false);
        cfg.setSendDateHeader(false);
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(cfg));
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        connector.setIdleTimeout(30_000); // read timeout 30 s
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(1024, server)); // ConnectionLimit is deprecated in 12.1
        byte[] ok = "OK".getBytes(StandardCharsets.US_ASCII);
        Handler push = new Handler.Abstract() { // default invocation type BLOCKING
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                Content.Source.asInputStream(request).transferTo(OutputStream.nullOutputStream());
                if (!"/push".equals(Request.getPathInContext(request))) {
                    Response.writeError(request, response, callback, 404);
                    return true;
                }
                response.setStatus(200);
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
                response.getHeaders().put(HttpHeader.CONTENT_LENGTH, ok.length);
                response.write(true, java.nio.ByteBuffer.wrap(ok), callback);
                return true;
            }
        };
        SizeLimitHandler limit = new SizeLimitHandler(1024 * 1024, -1); // 1 MiB request body -> 413
        limit.setHandler(push);
        server.setHandler(limit);
        server.start();
    }
}
