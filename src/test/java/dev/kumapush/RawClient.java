package dev.kumapush;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A client that writes exactly the bytes a test gives and reports what came back, without any HTTP library. */
final class RawClient {
    private RawClient() {
    }

    /** The bytes of a request written as text, one byte per character (ISO-8859-1), as a test means them. */
    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /**
     * What the server did with one request.
     *
     * @param status  the status code of the first answer, or -1 when none came
     * @param head    the answer's status line and header fields, or "" when none came
     * @param body    what followed the head
     * @param closed  whether the server closed the connection after the answer
     * @param refused whether the connection was refused or reset before any answer
     * @param elapsed from the first byte sent to the end
     */
    record Result(int status, String head, String body, boolean closed, boolean refused, Duration elapsed) {
        String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                    return line.substring(colon + 1).strip();
                }
            }
            return null;
        }
    }

    /** Sends the bytes, then reads until the server closes or one whole answer arrived on a kept-open connection. */
    static Result send(int port, byte[] request, Duration timeout) throws IOException {
        long start = System.nanoTime();
        Socket socket;
        try {
            socket = new Socket("127.0.0.1", port);
        } catch (ConnectException e) {
            return new Result(-1, "", "", true, true, since(start));
        } catch (SocketException e) {
            // Reset while connecting: the listen queue was full, which is a refusal too.
            return new Result(-1, "", "", true, true, since(start));
        }
        try (socket) {
            socket.setSoTimeout((int) timeout.toMillis());
            try {
                socket.getOutputStream().write(request);
                socket.getOutputStream().flush();
            } catch (SocketException e) {
                // The server may answer and close before it has read everything; what it answered is read below.
            }
            return read(socket.getInputStream(), start);
        }
    }

    private static Result read(InputStream in, long start) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        boolean closed = false;
        boolean reset = false;
        try {
            while (true) {
                int n = in.read(buffer);
                if (n < 0) {
                    closed = true;
                    break;
                }
                got.write(buffer, 0, n);
                if (complete(got.toString(StandardCharsets.ISO_8859_1))) {
                    break;
                }
            }
        } catch (SocketTimeoutException e) {
            return parse(got.toString(StandardCharsets.ISO_8859_1), false, false, start);
        } catch (SocketException e) {
            reset = true;
            closed = true;
        }
        return parse(got.toString(StandardCharsets.ISO_8859_1), closed, reset, start);
    }

    /**
     * An answer whose head and declared body have arrived on a connection that stays open (an interim 100 is not an
     * answer); an answer that says {@code Connection: close} is read until the server closes.
     */
    private static boolean complete(String text) {
        String rest = text;
        while (rest.startsWith("HTTP/1.1 100 ")) {
            int end = rest.indexOf("\r\n\r\n");
            if (end < 0) {
                return false;
            }
            rest = rest.substring(end + 4);
        }
        int end = rest.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)\r\ncontent-length: *(\\d+)")
                .matcher(rest.substring(0, end));
        boolean closing = rest.substring(0, end).toLowerCase(java.util.Locale.ROOT).contains("\r\nconnection: close");
        return !closing && m.find() && rest.length() - end - 4 >= Integer.parseInt(m.group(1));
    }

    private static Result parse(String text, boolean closed, boolean reset, long start) {
        String rest = text;
        while (rest.startsWith("HTTP/1.1 100 ") && rest.contains("\r\n\r\n")) {
            rest = rest.substring(rest.indexOf("\r\n\r\n") + 4);
        }
        int end = rest.indexOf("\r\n\r\n");
        if (!rest.startsWith("HTTP/") || end < 0) {
            return new Result(-1, "", rest, closed, reset || closed, since(start));
        }
        int status = Integer.parseInt(rest.substring(9, 12));
        return new Result(status, rest.substring(0, end), rest.substring(end + 4), closed, false, since(start));
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
