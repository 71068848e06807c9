package dev.kumapush.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * One request and its answer. The head has been checked; the body is read on demand. A handler answers exactly
 * once, with {@link #respond}; a request it does not answer gets {@code 500}.
 */
public final class Exchange {
    private final Connection connection;
    private final RequestHead head;
    private final BodyInput body;
    private boolean responded;
    private boolean continueSent;
    private boolean close;
    private int status = -1;

    Exchange(Connection connection, RequestHead head, ConnectionInput input, long maxBodySize, long deadline) {
        this.connection = connection;
        this.head = head;
        this.body = new BodyInput(input, head.contentLength, head.chunked, maxBodySize, deadline, this::sendContinue);
    }

    /** The request method, a token as RFC 9110 defines it. */
    public String method() {
        return head.method;
    }

    /** The path of the request target, not decoded, without the query; "*" for {@code OPTIONS *}. */
    public String path() {
        return head.path;
    }

    /** A request header's first value, by name in any case; values are trimmed and hold no control character. */
    public Optional<String> header(String name) {
        return head.header(name);
    }

    /** The body's declared length; -1 when it is chunked or there is none. */
    public long declaredLength() {
        return head.chunked ? -1 : head.contentLength;
    }

    /**
     * The body. Reading it sends {@code 100 Continue} first when the client asked for it; a problem with the body
     * ends a read with an {@link HttpError} ({@code 400}, {@code 408}, {@code 413}).
     */
    public InputStream body() {
        return body;
    }

    /**
     * Sends the answer.
     *
     * @param headers further header fields as name, value pairs, such as {@code "Retry-After", "1"}
     * @throws IllegalStateException when the request was already answered
     */
    public void respond(int status, String contentType, byte[] content, String... headers) throws IOException {
        if (responded) {
            throw new IllegalStateException("already answered with " + this.status);
        }
        responded = true;
        this.status = status;
        // A body left unread ends the connection: what follows it cannot be trusted to be the next request.
        close = close || !head.keepAlive || !body.finished() || connection.stopping();
        connection.write(Responses.encode(status, contentType, content, head.method.equals("HEAD"), close,
                headers));
    }

    /** Closes the connection after the answer, whatever the client asked for. */
    public void closeAfterAnswer() {
        close = true;
    }

    boolean responded() {
        return responded;
    }

    boolean keepAlive() {
        return !close;
    }

    boolean bodyFinished() {
        return body.finished();
    }

    private void sendContinue() {
        if (head.expectContinue && !continueSent && !responded) {
            continueSent = true;
            try {
                connection.write(Responses.CONTINUE);
            } catch (IOException e) {
                // The read that follows meets the same broken connection and reports it.
            }
        }
    }
}
