package dev.kumapush.http;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A request head whose framing has been checked (RFC 9112): the version, {@code Host}, the body's length or chunked
 * coding, {@code Expect} and whether the connection stays open.
 */
final class RequestHead {
    private static final Pattern VERSION = Pattern.compile("HTTP/[0-9]\\.[0-9]");
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");
    private static final Pattern CLOSE = Pattern.compile("(^|,)\\s*close\\s*(,|$)", Pattern.CASE_INSENSITIVE);
    /** uri-host [ ":" port ]: a registered name, an IPv4 address or a bracketed IP literal. */
    private static final Pattern HOST = Pattern.compile("([A-Za-z0-9._~!$&'()*+,;=%-]*|\\[[0-9A-Fa-f:.]+])(:[0-9]*)?");
    /** Bodies declared longer than this many digits are treated as too large, whatever the number. */
    private static final int MAX_LENGTH_DIGITS = 18;

    final String method;
    final String target;
    /** The target's path, not decoded; "*" for the asterisk form. */
    final String path;
    final boolean http11;
    private final String[] names;
    private final String[] values;
    /** The declared body length, or -1 when the request says none (and is not chunked). */
    final long contentLength;
    final boolean chunked;
    final boolean expectContinue;
    final boolean keepAlive;

    private RequestHead(HeadReader.RawHead raw, boolean http11, String path) throws HttpError {
        this.method = raw.method();
        this.target = raw.target();
        this.path = path;
        this.http11 = http11;
        this.names = raw.names();
        this.values = raw.values();
        checkHost();
        String length = single("content-length", "Content-Length");
        String codings = joined("transfer-encoding");
        if (length != null && codings != null) {
            throw new HttpError(400, "both Content-Length and Transfer-Encoding");
        }
        if (codings != null && !http11) {
            // RFC 9112, section 6.1: its framing cannot be trusted.
            throw new HttpError(400, "Transfer-Encoding in an HTTP/1.0 request");
        }
        this.chunked = codings != null && chunked(codings);
        this.contentLength = length == null ? -1 : length(length);
        String expect = joined("expect");
        if (expect != null && http11 && !expect.equalsIgnoreCase("100-continue")) {
            throw new HttpError(417, "only the expectation 100-continue is supported");
        }
        this.expectContinue = expect != null && http11;
        String connection = joined("connection");
        boolean close = connection != null && CLOSE.matcher(connection).find();
        // HTTP/1.0 connections close after each request: the simplest correct reading of its keep-alive extension.
        this.keepAlive = http11 && !close;
    }

    /** Checks a head's meaning. */
    static RequestHead of(HeadReader.RawHead raw) throws HttpError {
        String version = raw.version();
        boolean http11 = version.equals("HTTP/1.1");
        if (!http11 && !version.equals("HTTP/1.0")) {
            throw VERSION.matcher(version).matches() ? new HttpError(505, "HTTP version not supported")
                    : new HttpError(400, "malformed HTTP version");
        }
        return new RequestHead(raw, http11, path(raw.method(), raw.target()));
    }

    private static String path(String method, String target) throws HttpError {
        if (target.indexOf('#') >= 0) {
            throw new HttpError(400, "a fragment in the request target");
        }
        String path;
        if (target.startsWith("/")) {
            path = target;
        } else if (target.equals("*")) {
            if (!method.equals("OPTIONS")) {
                throw new HttpError(400, "the target * is for OPTIONS only");
            }
            return "*";
        } else {
            String lower = target.toLowerCase(Locale.ROOT);
            int authority = lower.startsWith("http://") ? 7 : lower.startsWith("https://") ? 8 : -1;
            if (authority < 0) {
                throw new HttpError(400, "malformed request target");
            }
            int slash = target.indexOf('/', authority);
            int query = target.indexOf('?', authority);
            int end = slash >= 0 && (query < 0 || slash < query) ? slash : query;
            path = end < 0 ? "/" : end == query ? "/" + target.substring(query) : target.substring(end);
        }
        int query = path.indexOf('?');
        return query < 0 ? path : path.substring(0, query);
    }

    private void checkHost() throws HttpError {
        int count = 0;
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals("host")) {
                count++;
                if (!HOST.matcher(values[i]).matches()) {
                    throw new HttpError(400, "malformed Host header");
                }
            }
        }
        if (count > 1) {
            throw new HttpError(400, "more than one Host header");
        }
        if (count == 0 && http11) {
            throw new HttpError(400, "HTTP/1.1 request without a Host header");
        }
    }

    private static boolean chunked(String codings) throws HttpError {
        String[] list = codings.split(",", -1);
        for (int i = 0; i < list.length; i++) {
            String coding = list[i].strip().toLowerCase(Locale.ROOT);
            boolean last = i == list.length - 1;
            if (coding.equals("chunked") && !last) {
                throw new HttpError(400, "chunked is not the final transfer coding");
            }
            if (last && !coding.equals("chunked")) {
                throw new HttpError(400, "the final transfer coding is not chunked");
            }
        }
        if (list.length > 1) {
            throw new HttpError(501, "transfer codings other than chunked are not supported");
        }
        return true;
    }

    private static long length(String text) throws HttpError {
        if (!DIGITS.matcher(text).matches()) {
            throw new HttpError(400, "Content-Length is not a number of bytes");
        }
        return text.length() > MAX_LENGTH_DIGITS ? Long.MAX_VALUE : Long.parseLong(text);
    }

    /** The value of a header that may appear at most once, or null. */
    private String single(String name, String spelled) throws HttpError {
        String found = null;
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                if (found != null) {
                    throw new HttpError(400, "more than one " + spelled + " header");
                }
                found = values[i];
            }
        }
        return found;
    }

    /** All values of a header joined with commas (a list header may be sent as several lines), or null. */
    private String joined(String name) {
        String found = null;
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                found = found == null ? values[i] : found + "," + values[i];
            }
        }
        return found;
    }

    /** The first value of a header (the name in any case), if present. */
    Optional<String> header(String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equalsIgnoreCase(name)) {
                return Optional.of(values[i]);
            }
        }
        return Optional.empty();
    }
}
