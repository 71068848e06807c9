package dev.kumapush.http;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small HTTP/1.1 server (RFC 9112) bounded by admission: a fixed number of open connections, each on its own
 * virtual thread and holding little while it waits; heads and bodies read within their limits and their time; a
 * request that breaks the framing refused with a {@code 4xx} as soon as it does. At the connection bound, the
 * connection that has waited longest for a request (idle, or sending its head slowly) is closed to make room for
 * the new one, so that a client holding connections open cannot lock others out; when every connection is busy
 * with a request, the new one is closed at once. No request is ever queued.
 */
public final class HttpServer {
    private static final System.Logger LOG = System.getLogger(HttpServer.class.getName());
    private static final int BACKLOG = 1024;
    /** How often answers that clients do not take are looked for. */
    private static final long REAPER_PERIOD_MILLIS = 250;
    private static final int EVICTION_TRIES = 3;

    /** Serves one request. */
    public interface Handler {
        void handle(Exchange exchange) throws IOException;
    }

    /** What the server did on its own, for metrics. Calls must be quick and must not throw. */
    public interface Events {
        /** A new connection was closed at once: every connection was busy with a request. */
        void connectionRefused();

        /** A waiting connection was closed to make room for a new one. */
        void connectionEvicted();

        /** A request was refused by the server itself (malformed, too large, too slow). */
        void refused(int status);
    }

    private final ServerSocket listener;
    private final HttpLimits limits;
    private final Handler handler;
    private final Events events;
    private final Set<Connection> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger places = new AtomicInteger();
    private volatile boolean stopping;

    private HttpServer(ServerSocket listener, HttpLimits limits, Handler handler, Events events) {
        this.listener = listener;
        this.limits = limits;
        this.handler = handler;
        this.events = events;
    }

    /**
     * Binds and starts serving. The accepting thread is not a daemon: it keeps the process alive until
     * {@link #stopAccepting}.
     *
     * @throws IOException when the address cannot be bound
     */
    public static HttpServer start(InetSocketAddress address, HttpLimits limits, Handler handler, Events events)
            throws IOException {
        ServerSocket listener = new ServerSocket();
        try {
            listener.bind(address, BACKLOG);
        } catch (IOException e) {
            listener.close();
            throw e;
        }
        HttpServer server = new HttpServer(listener, limits, handler, events);
        Thread.ofPlatform().name("http-accept").daemon(false).start(server::acceptLoop);
        Thread.ofVirtual().name("http-reaper").start(server::reapLoop);
        return server;
    }

    /** The port bound (useful when the address asked for port 0). */
    public int port() {
        return listener.getLocalPort();
    }

    private void acceptLoop() {
        while (!stopping) {
            Socket socket;
            try {
                socket = listener.accept();
            } catch (IOException e) {
                if (stopping) {
                    return;
                }
                // Out of file descriptors, most likely: wait a moment rather than spin.
                LOG.log(System.Logger.Level.WARNING, "cannot accept a connection: {0}", e.getClass().getSimpleName());
                pause();
                continue;
            }
            admit(socket);
        }
    }

    private void admit(Socket socket) {
        if (places.incrementAndGet() > limits.maxConnections()) {
            // The new connection takes the place of an evicted one, or is turned away: the count stays at the bound.
            places.decrementAndGet();
            if (!evictOldest()) {
                events.connectionRefused();
                close(socket);
                return;
            }
            events.connectionEvicted();
        }
        Connection connection = new Connection(this, socket, limits);
        open.add(connection);
        try {
            Thread.ofVirtual().name("http").start(connection);
        } catch (RuntimeException | OutOfMemoryError e) {
            connection.close();
            ended(connection);
            throw e;
        }
    }

    /** Closes the connection that has waited longest for a request, handing its place on; false when all are busy. */
    private boolean evictOldest() {
        for (int attempt = 0; attempt < EVICTION_TRIES; attempt++) {
            Connection oldest = null;
            long since = Long.MAX_VALUE;
            for (Connection c : open) {
                long s = c.waitingSince();
                if (s != Long.MAX_VALUE && (oldest == null || s - since < 0)) {
                    oldest = c;
                    since = s;
                }
            }
            if (oldest == null) {
                return false;
            }
            if (oldest.evict(true)) {
                return true;
            }
        }
        return false;
    }

    /** Cuts off connections whose client does not take its answer in time. */
    private void reapLoop() {
        while (!stopping || !open.isEmpty()) {
            try {
                Thread.sleep(REAPER_PERIOD_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (Connection c : open) {
                if (c.writeOverdue(now)) {
                    c.close();
                }
            }
        }
    }

    void ended(Connection connection) {
        if (open.remove(connection) && connection.end()) {
            places.decrementAndGet();
        }
    }

    Handler handler() {
        return handler;
    }

    Events events() {
        return events;
    }

    boolean stopping() {
        return stopping;
    }

    /**
     * Takes no more connections and closes those waiting for a request; requests being served finish, and their
     * connections close after the answer.
     */
    public void stopAccepting() {
        stopping = true;
        close(listener);
        for (Connection c : open) {
            c.evict(false);
        }
    }

    /** Closes every connection, busy or not. */
    public void close() {
        stopAccepting();
        for (Connection c : open) {
            c.close();
        }
    }

    private static void close(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // nothing left to do with it
        }
    }

    private static void pause() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
