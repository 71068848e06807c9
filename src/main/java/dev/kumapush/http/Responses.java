package dev.kumapush.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Answers as bytes on the wire: the status line, the header fields and the body, in one piece. */
final class Responses {
    static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    /** The Date field of the current second, made once a second rather than once an answer. */
    private record Stamp(long second, String text) {
    }

    private static volatile Stamp stamp = new Stamp(-1, "");

    private Responses() {
    }

    /**
     * One answer.
     *
     * @param head    true for a HEAD request: the fields describe the content, which is not sent
     * @param close   adds {@code Connection: close}
     * @param headers further fields as name, value pairs; they must not hold line breaks
     */
    static byte[] encode(int status, String contentType, byte[] content, boolean head, boolean close,
            String... headers) {
        if (headers.length % 2 != 0) {
            throw new IllegalArgumentException("header fields come in name, value pairs");
        }
        StringBuilder h = new StringBuilder(160).append("HTTP/1.1 ").append(status).append(' ').append(reason(status))
                .append("\r\nDate: ").append(date())
                .append("\r\nContent-Type: ").append(contentType)
                .append("\r\nContent-Length: ").append(content.length)
                .append("\r\nX-Content-Type-Options: nosniff");
        for (int i = 0; i < headers.length; i += 2) {
            field(h, headers[i], headers[i + 1]);
        }
        if (close) {
            h.append("\r\nConnection: close");
        }
        h.append("\r\n\r\n");
        byte[] fields = h.toString().getBytes(StandardCharsets.ISO_8859_1);
        if (head || content.length == 0) {
            return fields;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(fields.length + content.length);
        out.writeBytes(fields);
        out.writeBytes(content);
        return out.toByteArray();
    }

    /** A short plain-text answer. */
    static byte[] text(int status, String text, boolean close, String... headers) {
        return encode(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8), false, close,
                headers);
    }

    private static void field(StringBuilder h, String name, String value) {
        for (int i = 0; i < name.length(); i++) {
            if (!HeadReader.isTokenChar(name.charAt(i))) {
                throw new IllegalArgumentException("not a header field name: " + name);
            }
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < ' ' && c != '\t' || c == 0x7f || c > 0xff) {
                throw new IllegalArgumentException("a header field value with a control character: " + name);
            }
        }
        h.append("\r\n").append(name).append(": ").append(value);
    }

    private static String date() {
        long second = System.currentTimeMillis() / 1000;
        Stamp s = stamp;
        if (s.second() != second) {
            s = new Stamp(second, HTTP_DATE.format(Instant.ofEpochSecond(second)));
            stamp = s;
        }
        return s.text();
    }

    static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 408 -> "Request Timeout";
            case 413 -> "Content Too Large";
            case 414 -> "URI Too Long";
            case 417 -> "Expectation Failed";
            case 422 -> "Unprocessable Content";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 503 -> "Service Unavailable";
            case 505 -> "HTTP Version Not Supported";
            default -> "Unknown";
        };
    }
}
