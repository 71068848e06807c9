package dev.kumapush.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One client connection, served on its own virtual thread: requests one after another (keep-alive), each head
 * checked as it arrives, each answered before the next is read. While it waits for a request it can be evicted by
 * the server to make room for a new connection.
 */
final class Connection implements Runnable {
    private static final System.Logger LOG = System.getLogger(Connection.class.getName());
    private static final int BUSY = 0;
    private static final int WAITING = 1;
    /** Closed by the server (stopping), its place freed when it ends. */
    private static final int EVICTED = 2;
    /** Closed by the server, its place handed to a new connection. */
    private static final int PLACE_GIVEN = 3;
    private static final int ENDED = 4;
    /** After a refused request, what is read and dropped so that the client sees the answer rather than a reset. */
    private static final int LINGER_BYTES = 2 * 1024 * 1024;
    private static final long LINGER_NANOS = TimeUnit.SECONDS.toNanos(2);

    private final HttpServer server;
    private final Socket socket;
    private final HttpLimits limits;
    /**
     * A new connection counts as waiting from the moment it is accepted: in a flood the acceptor can run ahead of the
     * connections' threads, and a bound full of connections whose threads have not run yet must still make room.
     */
    private final AtomicInteger state = new AtomicInteger(WAITING);
    /** When this connection began to wait for a request ({@link System#nanoTime()}); meaningful while waiting. */
    private volatile long waitingSince = System.nanoTime();
    /** While an answer is being written: by when it must be done (the server closes a connection past it), else 0. */
    private volatile long writeDeadline;
    private ConnectionInput input;
    private OutputStream out;

    Connection(HttpServer server, Socket socket, HttpLimits limits) {
        this.server = server;
        this.socket = socket;
        this.limits = limits;
    }

    @Override
    public void run() {
        try {
            socket.setTcpNoDelay(true);
            input = new ConnectionInput(socket);
            out = socket.getOutputStream();
            serve();
        } catch (IOException e) {
            // The client went away or was cut off; nothing to answer.
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "connection failed unexpectedly", e);
        } finally {
            close();
            server.ended(this);
        }
    }

    private void serve() throws IOException {
        HeadReader heads = new HeadReader(input, limits);
        long firstByteDeadline = System.nanoTime() + limits.readTimeout().toNanos();
        while (startWaiting()) {
            RequestHead head;
            try {
                head = RequestHead.of(heads.read(firstByteDeadline));
            } catch (HttpError e) {
                refuse(e);
                return;
            } catch (SocketTimeoutException e) {
                if (heads.receivedAny()) {
                    refuse(new HttpError(408, "request not received in time"));
                }
                return;
            } catch (EOFException e) {
                return;
            }
            if (!state.compareAndSet(WAITING, BUSY)) {
                return; // evicted while the head came in
            }
            if (!exchange(head, heads.startedAt() + limits.readTimeout().toNanos())) {
                return;
            }
            input.shrink();
            firstByteDeadline = System.nanoTime() + limits.idleTimeout().toNanos();
        }
    }

    /** Serves one request; true when the connection stays open for the next. */
    private boolean exchange(RequestHead head, long deadline) throws IOException {
        Exchange exchange = new Exchange(this, head, input, limits.maxBodySize(), deadline);
        try {
            server.handler().handle(exchange);
        } catch (HttpError e) {
            if (exchange.responded()) {
                return false;
            }
            server.events().refused(e.status());
            exchange.respond(e.status(), "text/plain; charset=utf-8", bytes(e.reason()));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "request failed unexpectedly", e);
            if (!exchange.responded()) {
                exchange.closeAfterAnswer();
                exchange.respond(500, "text/plain; charset=utf-8", bytes("internal error"));
            }
            return false;
        }
        if (!exchange.responded()) {
            LOG.log(System.Logger.Level.ERROR, "a request was left unanswered: answered 500");
            exchange.closeAfterAnswer();
            exchange.respond(500, "text/plain; charset=utf-8", bytes("internal error"));
        }
        if (exchange.keepAlive()) {
            return true;
        }
        if (!exchange.bodyFinished()) {
            linger();
        }
        return false;
    }

    /** Answers a request the server cannot serve, then lets the client's remaining bytes drain away. */
    private void refuse(HttpError e) throws IOException {
        server.events().refused(e.status());
        LOG.log(System.Logger.Level.DEBUG, "request refused with {0}: {1} (client {2})", e.status(), e.reason(),
                socket.getRemoteSocketAddress());
        write(Responses.text(e.status(), e.reason(), true));
        linger();
    }

    /**
     * Half-closes and reads what the client still sends, for a bounded time and amount, so that closing does not
     * reset the connection before the client has read the answer. The connection may be evicted meanwhile.
     */
    private void linger() {
        try {
            socket.shutdownOutput();
            startWaiting();
            long deadline = System.nanoTime() + LINGER_NANOS;
            InputStream in = socket.getInputStream();
            byte[] drop = input.buf;
            for (long left = LINGER_BYTES; left > 0; ) {
                long time = deadline - System.nanoTime();
                if (time <= 0) {
                    return;
                }
                socket.setSoTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(time)));
                int n = in.read(drop, 0, (int) Math.min(drop.length, left));
                if (n < 0) {
                    return;
                }
                left -= n;
            }
        } catch (IOException e) {
            // Closed by the client, cut off by the deadline, or evicted: all the same now.
        }
    }

    /** Writes one answer; a client that does not take it within the read timeout is cut off by the server. */
    void write(byte[] bytes) throws IOException {
        writeDeadline = System.nanoTime() + limits.readTimeout().toNanos();
        try {
            out.write(bytes);
            out.flush();
        } finally {
            writeDeadline = 0;
        }
    }

    boolean stopping() {
        return server.stopping();
    }

    /** Marks this connection as waiting for a request; false when it was evicted or the server is stopping. */
    private boolean startWaiting() {
        if (state.compareAndSet(BUSY, WAITING)) {
            waitingSince = System.nanoTime();
        }
        return state.get() == WAITING && !server.stopping();
    }

    /** When it began to wait, or {@link Long#MAX_VALUE} when it is busy (not a candidate for eviction). */
    long waitingSince() {
        return state.get() == WAITING ? waitingSince : Long.MAX_VALUE;
    }

    /**
     * Closes this connection if it is waiting for a request; true when it did.
     *
     * @param givePlace true when a new connection takes its place (then its end frees none)
     */
    boolean evict(boolean givePlace) {
        if (!state.compareAndSet(WAITING, givePlace ? PLACE_GIVEN : EVICTED)) {
            return false;
        }
        close();
        return true;
    }

    /** Marks this connection ended; true when its place is to be freed (false when an eviction handed it on). */
    boolean end() {
        return state.getAndSet(ENDED) != PLACE_GIVEN;
    }

    /** True when an answer has been waiting to be taken by the client for longer than allowed. */
    boolean writeOverdue(long now) {
        long d = writeDeadline;
        return d != 0 && now - d > 0;
    }

    void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
