package dev.kumapush.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads one request head (request line and header lines) as RFC 9112 writes it, checking every byte as it arrives:
 * a malformed head is refused as soon as the byte that makes it so is seen, never after a timeout, and a head is
 * never held beyond its limits. Line ends are CRLF; a bare LF or CR, a control character, obsolete line folding or
 * white space before a header's colon is a {@code 400}.
 */
final class HeadReader {
    private enum State { START, START_LF, METHOD, TARGET, VERSION, LINE_LF, FIELD_START, NAME, VALUE, FIELD_LF, END_LF }

    private static final boolean[] TCHAR = new boolean[256];

    static {
        for (int c = '0'; c <= '9'; c++) {
            TCHAR[c] = true;
        }
        for (int c = 'a'; c <= 'z'; c++) {
            TCHAR[c] = true;
            TCHAR[c - 32] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TCHAR[c] = true;
        }
    }

    private final ConnectionInput input;
    private final HttpLimits limits;

    /** Offsets into the buffer, relative to the head's start: the two spaces of the request line and its end. */
    private int space1;
    private int space2;
    private int lineEnd;
    /** Per header line: start of the name, the colon, the end of the value (before CR); relative to the head. */
    private int[] fields = new int[24];
    private int fieldCount;
    private boolean receivedAny;
    private long startedAt;

    HeadReader(ConnectionInput input, HttpLimits limits) {
        this.input = input;
        this.limits = limits;
    }

    /** Whether the last {@link #read} saw any byte of a request. */
    boolean receivedAny() {
        return receivedAny;
    }

    /** When the last {@link #read} saw the request's first byte ({@link System#nanoTime()}). */
    long startedAt() {
        return startedAt;
    }

    /** True when a byte may be part of a token (a method or a header name). */
    static boolean isTokenChar(int c) {
        return c >= 0 && c < 256 && TCHAR[c];
    }

    /**
     * Reads the next head. The first byte may take until {@code firstByteDeadline}; from it on, the whole head has
     * until {@code readTimeout} after it.
     *
     * <p>{@link #receivedAny()} and {@link #startedAt()} then tell whether a byte of it came, and when.
     *
     * @throws HttpError for a malformed or oversized head
     * @throws java.io.EOFException when the client closed the connection
     * @throws java.net.SocketTimeoutException when time ran out
     */
    RawHead read(long firstByteDeadline) throws IOException {
        fieldCount = 0;
        State state = State.START;
        long deadline = firstByteDeadline;
        int head = input.pos;
        int scan = head;
        int fieldsStart = -1;
        receivedAny = false;
        while (true) {
            if (scan == input.lim) {
                int from = head;
                head = input.fill(head, limits.maxHeadBytes(), deadline);
                scan += head - from;
                continue;
            }
            if (!receivedAny) {
                receivedAny = true;
                startedAt = System.nanoTime();
                deadline = startedAt + limits.readTimeout().toNanos();
            }
            int c = input.buf[scan] & 0xff;
            int at = scan - head;
            scan++;
            switch (state) {
                case START -> {
                    if (c == '\r') {
                        state = State.START_LF;
                    } else if (isTokenChar(c)) {
                        state = State.METHOD;
                    } else {
                        throw bad(c == '\n' ? "bare LF as line end" : "malformed request line");
                    }
                }
                case START_LF -> {
                    if (c != '\n') {
                        throw bad("bare CR in the request");
                    }
                    // An empty line before the request line is ignored (RFC 9112, section 2.2).
                    head = scan;
                    input.pos = head;
                    state = State.START;
                }
                case METHOD -> {
                    if (c == ' ') {
                        space1 = at;
                        state = State.TARGET;
                    } else if (!isTokenChar(c)) {
                        throw bad("the method is not a token");
                    }
                }
                case TARGET -> {
                    if (c == ' ' && at > space1 + 1) {
                        space2 = at;
                        state = State.VERSION;
                    } else if (c <= ' ' || c >= 0x7f) {
                        throw bad("malformed request target");
                    }
                }
                case VERSION -> {
                    if (c == '\r') {
                        lineEnd = at;
                        state = State.LINE_LF;
                    } else if (c <= ' ' || c >= 0x7f) {
                        throw bad(c == '\n' ? "bare LF as line end" : "malformed HTTP version");
                    }
                }
                case LINE_LF -> {
                    if (c != '\n') {
                        throw bad("bare CR in the request line");
                    }
                    fieldsStart = at + 1;
                    state = State.FIELD_START;
                }
                case FIELD_START -> {
                    if (c == '\r') {
                        state = State.END_LF;
                    } else if (isTokenChar(c)) {
                        if (fieldCount == limits.maxHeaders()) {
                            throw new HttpError(431, "too many header fields");
                        }
                        addField(at);
                        state = State.NAME;
                    } else if (c == ' ' || c == '\t') {
                        throw bad("obsolete line folding or white space before a header field");
                    } else {
                        throw bad(c == '\n' ? "bare LF as line end" : "malformed header field name");
                    }
                }
                case NAME -> {
                    if (c == ':') {
                        fields[fieldCount * 3 - 2] = at;
                        state = State.VALUE;
                    } else if (!isTokenChar(c)) {
                        throw bad(c == ' ' || c == '\t' ? "white space before a header field's colon"
                                : "malformed header field name");
                    }
                }
                case VALUE -> {
                    if (c == '\r') {
                        fields[fieldCount * 3 - 1] = at;
                        state = State.FIELD_LF;
                    } else if (c < ' ' && c != '\t' || c == 0x7f) {
                        throw bad(c == '\n' ? "bare LF as line end" : "control character in a header field");
                    }
                }
                case FIELD_LF -> {
                    if (c != '\n') {
                        throw bad("bare CR in a header field");
                    }
                    state = State.FIELD_START;
                }
                case END_LF -> {
                    if (c != '\n') {
                        throw bad("bare CR at the end of the header section");
                    }
                    input.pos = scan;
                    return raw(head);
                }
                default -> throw new IllegalStateException(state.name());
            }
            // Limits, checked on every byte so that no oversized head is ever held.
            if (fieldsStart < 0) {
                if (at >= limits.maxRequestLine() + (state == State.LINE_LF ? 1 : 0)) {
                    throw new HttpError(414, "request line longer than " + limits.maxRequestLine() + " bytes");
                }
            } else if (at - fieldsStart >= limits.maxHeaderBytes() + (state == State.END_LF ? 1 : 0)) {
                throw new HttpError(431, "header fields longer than " + limits.maxHeaderBytes() + " bytes");
            }
        }
    }

    private void addField(int nameStart) {
        if (fields.length < (fieldCount + 1) * 3) {
            fields = Arrays.copyOf(fields, fields.length * 2);
        }
        fields[fieldCount * 3] = nameStart;
        fieldCount++;
    }

    private static HttpError bad(String reason) {
        return new HttpError(400, reason);
    }

    /** The head as text: method, target, version and the header fields (names in lower case, values trimmed). */
    private RawHead raw(int head) {
        byte[] b = input.buf;
        String method = ascii(b, head, space1);
        String target = ascii(b, head + space1 + 1, space2 - space1 - 1);
        String version = ascii(b, head + space2 + 1, lineEnd - space2 - 1);
        String[] names = new String[fieldCount];
        String[] values = new String[fieldCount];
        for (int i = 0; i < fieldCount; i++) {
            int name = head + fields[i * 3];
            int colon = head + fields[i * 3 + 1];
            int end = head + fields[i * 3 + 2];
            names[i] = ascii(b, name, colon - name).toLowerCase(java.util.Locale.ROOT);
            int from = colon + 1;
            while (from < end && (b[from] == ' ' || b[from] == '\t')) {
                from++;
            }
            int to = end;
            while (to > from && (b[to - 1] == ' ' || b[to - 1] == '\t')) {
                to--;
            }
            // Field values are octets; obs-text (0x80-0xFF) is kept as the Latin-1 character of the same value.
            values[i] = new String(b, from, to - from, StandardCharsets.ISO_8859_1);
        }
        return new RawHead(method, target, version, names, values);
    }

    private static String ascii(byte[] b, int from, int length) {
        return new String(b, from, length, StandardCharsets.US_ASCII);
    }

    /** A head as read, before its meaning is checked. */
    record RawHead(String method, String target, String version, String[] names, String[] values) {
    }
}
