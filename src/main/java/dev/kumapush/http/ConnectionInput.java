package dev.kumapush.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeUnit;

/**
 * The bytes a connection has received and not yet used, read from the socket with a deadline on every read. The
 * buffer starts small (a held, idle connection costs little) and grows only as far as the caller allows.
 */
final class ConnectionInput {
    static final int INITIAL_BUFFER = 1024;

    private final Socket socket;
    private final InputStream in;
    byte[] buf = new byte[INITIAL_BUFFER];
    /** The next byte not yet used. */
    int pos;
    /** The end of the bytes received. */
    int lim;

    ConnectionInput(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
    }

    /**
     * Reads more bytes after {@link #lim}. Bytes before {@code keepFrom} are no longer needed and may be dropped; the
     * buffer grows to at most {@code maxCapacity} bytes to make room.
     *
     * @return the index that {@code keepFrom} moved to
     * @throws java.io.EOFException when the peer closed the connection
     * @throws SocketTimeoutException when nothing came before the deadline
     * @throws IllegalStateException when the kept bytes already fill {@code maxCapacity}
     */
    int fill(int keepFrom, int maxCapacity, long deadline) throws IOException {
        int shift = 0;
        if (lim == buf.length) {
            int kept = lim - keepFrom;
            if (keepFrom > 0) {
                System.arraycopy(buf, keepFrom, buf, 0, kept);
                shift = keepFrom;
            } else if (buf.length < maxCapacity) {
                byte[] bigger = new byte[Math.min(maxCapacity, buf.length * 2)];
                System.arraycopy(buf, 0, bigger, 0, kept);
                buf = bigger;
            } else {
                throw new IllegalStateException("buffer full at " + buf.length + " bytes");
            }
            pos -= shift;
            lim -= shift;
        }
        int n = read(buf, lim, buf.length - lim, deadline);
        if (n < 0) {
            throw new java.io.EOFException("the client closed the connection");
        }
        lim += n;
        return keepFrom - shift;
    }

    /** Up to {@code len} bytes: first those already received, then from the socket. -1 at the end of the stream. */
    int readInto(byte[] b, int off, int len, long deadline) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (pos < lim) {
            int n = Math.min(len, lim - pos);
            System.arraycopy(buf, pos, b, off, n);
            pos += n;
            return n;
        }
        return read(b, off, len, deadline);
    }

    /** One byte, -1 at the end of the stream. */
    int readByte(long deadline) throws IOException {
        if (pos == lim) {
            pos = 0;
            lim = 0;
            int n = read(buf, 0, buf.length, deadline);
            if (n < 0) {
                return -1;
            }
            lim = n;
        }
        return buf[pos++] & 0xff;
    }

    /** Gives back a grown buffer once a request is done, so that an idle connection holds only a small one. */
    void shrink() {
        if (buf.length > INITIAL_BUFFER && lim - pos <= INITIAL_BUFFER) {
            byte[] small = new byte[INITIAL_BUFFER];
            System.arraycopy(buf, pos, small, 0, lim - pos);
            lim -= pos;
            pos = 0;
            buf = small;
        }
    }

    private int read(byte[] b, int off, int len, long deadline) throws IOException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(left) + 1));
        return in.read(b, off, len);
    }
}
