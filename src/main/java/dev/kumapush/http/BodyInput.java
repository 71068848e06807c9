package dev.kumapush.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;

/**
 * A request body as a stream: exactly {@code Content-Length} bytes, or the chunks of a chunked body (RFC 9112,
 * section 7.1) with their framing checked. It never reads past the body, never holds more than the caller asks
 * for, and ends with an {@link HttpError}: {@code 413} beyond the body limit, {@code 400} for broken chunks,
 * {@code 408} when the request's time is up.
 */
final class BodyInput extends InputStream {
    /** Longest chunk-size line (size and extensions) or trailer line accepted. */
    static final int MAX_CHUNK_LINE = 4096;

    private final ConnectionInput input;
    private final long maxBodySize;
    private final long deadline;
    private final boolean chunked;
    private final Runnable beforeFirstRead;
    private boolean started;
    /** Bytes left in the body (fixed length) or in the current chunk. */
    private long left;
    private long received;
    private boolean done;

    /**
     * @param length          the declared length, or -1 with {@code chunked}
     * @param beforeFirstRead run once before the first byte is asked for ({@code 100 Continue})
     */
    BodyInput(ConnectionInput input, long length, boolean chunked, long maxBodySize, long deadline,
            Runnable beforeFirstRead) {
        this.input = input;
        this.chunked = chunked;
        this.maxBodySize = maxBodySize;
        this.deadline = deadline;
        this.beforeFirstRead = beforeFirstRead;
        this.left = chunked ? 0 : Math.max(0, length);
        this.done = !chunked && left == 0;
    }

    /** True once the whole body, with its final chunk and trailers, has been read. */
    boolean finished() {
        return done;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (done) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        if (!started) {
            started = true;
            if (!chunked && left > maxBodySize) {
                throw tooLarge();
            }
            beforeFirstRead.run();
        }
        try {
            if (chunked && left == 0 && !nextChunk()) {
                done = true;
                return -1;
            }
            int n = input.readInto(b, off, (int) Math.min(len, left), deadline);
            if (n < 0) {
                throw new EOFException("the client closed the connection before the end of the body");
            }
            left -= n;
            if (left == 0) {
                if (chunked) {
                    expectLineEnd();
                } else {
                    done = true;
                }
            }
            return n;
        } catch (SocketTimeoutException e) {
            throw new HttpError(408, "request not received in time");
        }
    }

    /** Reads a chunk-size line; false for the last chunk (its trailer section is read and dropped). */
    private boolean nextChunk() throws IOException {
        long size = 0;
        int digits = 0;
        boolean afterDigits = false;
        boolean extension = false;
        int length = 0;
        int c;
        while ((c = next()) != '\r') {
            if (++length > MAX_CHUNK_LINE) {
                throw new HttpError(400, "chunk-size line too long");
            }
            if (isControl(c)) {
                throw new HttpError(400, "malformed chunk size");
            }
            if (extension) {
                continue; // chunk extensions are ignored
            }
            int digit = Character.digit(c, 16);
            if (digit >= 0 && !afterDigits) {
                digits++;
                // Saturates instead of overflowing: any size beyond the body limit is refused the same way.
                size = size > maxBodySize ? size : size * 16 + digit;
            } else if (digits > 0 && (c == ' ' || c == '\t')) {
                afterDigits = true;
            } else if (digits > 0 && c == ';') {
                extension = true;
            } else {
                throw new HttpError(400, "malformed chunk size");
            }
        }
        expectLf();
        if (digits == 0) {
            throw new HttpError(400, "malformed chunk size");
        }
        if (size == 0) {
            skipTrailers();
            return false;
        }
        if (received + size > maxBodySize) {
            throw tooLarge();
        }
        received += size;
        left = size;
        return true;
    }

    /** A byte no line of the chunked framing may hold: a control character other than HTAB (LF included), or DEL. */
    private static boolean isControl(int c) {
        return c < ' ' && c != '\t' || c == 0x7f;
    }

    private void skipTrailers() throws IOException {
        int length = 0;
        int lineLength = 0;
        while (true) {
            int c = next();
            if (c == '\r') {
                expectLf();
                if (lineLength == 0) {
                    return;
                }
                lineLength = 0;
            } else if (isControl(c)) {
                throw new HttpError(400, "malformed trailer section");
            } else {
                lineLength++;
            }
            if (++length > MAX_CHUNK_LINE) {
                throw new HttpError(400, "trailer section too long");
            }
        }
    }

    private void expectLineEnd() throws IOException {
        if (next() != '\r') {
            throw new HttpError(400, "chunk data longer than its size");
        }
        expectLf();
    }

    private void expectLf() throws IOException {
        if (next() != '\n') {
            throw new HttpError(400, "bare CR in the chunked body");
        }
    }

    private int next() throws IOException {
        int c = input.readByte(deadline);
        if (c < 0) {
            throw new EOFException("the client closed the connection before the end of the body");
        }
        return c;
    }

    private HttpError tooLarge() {
        return new HttpError(413, "body larger than " + maxBodySize + " bytes");
    }
}
