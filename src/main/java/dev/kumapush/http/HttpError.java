package dev.kumapush.http;

import java.io.IOException;

/**
 * A request the server refuses, with the status and the short fixed reason the client gets. It is an
 * {@link IOException} so that it passes unchanged through readers of the body (a JSON parser, for one).
 */
public final class HttpError extends IOException {
    private static final long serialVersionUID = 1L;

    private final int status;

    public HttpError(int status, String reason) {
        super(reason);
        this.status = status;
    }

    /** The status code of the answer: 400, 408, 413, 414, 417, 431, 501 or 505. */
    public int status() {
        return status;
    }

    /** The reason, fit for the answer's body: fixed text, never a quote of the request. */
    public String reason() {
        return getMessage();
    }
}
