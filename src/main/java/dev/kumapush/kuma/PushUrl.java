package dev.kumapush.kuma;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The push URL of one Kuma monitor. It holds a secret (the push token), so {@link #toString()} is the redacted form,
 * and only {@link #withHeartbeat} reveals the full address, to the HTTP client.
 */
public final class PushUrl {
    private static final List<String> OWN_PARAMETERS = List.of("status", "msg", "ping");

    private final URI base;
    private final String keptQuery;
    private final String redacted;
    private final String basicAuthorization;

    private PushUrl(URI base, String keptQuery) {
        this.base = base;
        this.keptQuery = keptQuery;
        this.redacted = redact(base);
        this.basicAuthorization = base.getRawUserInfo() == null ? null : basic(base.getUserInfo());
    }

    /** RFC 7617 credentials: {@code user:password}, with an empty password when the URL has none, as Go sends. */
    private static String basic(String userInfo) {
        String credentials = userInfo.indexOf(':') < 0 ? userInfo + ":" : userInfo;
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Checks and parses a URL as the user pasted it from Kuma.
     *
     * @param text the URL
     * @return the parsed URL
     * @throws IllegalArgumentException with a message that does not repeat the URL, as it holds a token
     */
    public static PushUrl parse(String text) {
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("is not a valid URL (" + e.getReason() + " at character " + (e.getIndex() + 1) + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https"))) {
            throw new IllegalArgumentException("must be an absolute http:// or https:// URL");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("has no host name");
        }
        if (uri.getRawFragment() != null) {
            uri = withoutFragment(uri);
        }
        List<String> kept = new ArrayList<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                String name = URLDecoder.decode(pair.split("=", 2)[0], StandardCharsets.UTF_8);
                if (!pair.isEmpty() && !OWN_PARAMETERS.contains(name)) {
                    kept.add(pair);
                }
            }
        }
        return new PushUrl(uri, String.join("&", kept));
    }

    private static URI withoutFragment(URI uri) {
        String s = uri.toString();
        return URI.create(s.substring(0, s.indexOf('#')));
    }

    /** The address of one push: the pasted URL with the bridge's own {@code status}, {@code msg} and {@code ping}. */
    URI withHeartbeat(String status, String msg) {
        StringBuilder query = new StringBuilder(keptQuery);
        if (!query.isEmpty()) {
            query.append('&');
        }
        query.append("status=").append(encode(status)).append("&msg=").append(encode(msg)).append("&ping=");
        String s = base.toString();
        int cut = s.indexOf('?');
        return URI.create((cut < 0 ? s : s.substring(0, cut)) + "?" + query);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The {@code Authorization} header for credentials written into the URL, as Go's client sends them. */
    Optional<String> basicAuthorization() {
        return Optional.ofNullable(basicAuthorization);
    }

    /**
     * The secret parts of this URL, so that text about it can be scrubbed of them: the token (the path after
     * {@code /push/}, or the whole path), the user info and the kept query. None is empty, as masking "" would mask
     * between every character; a token of one character is a secret like any other.
     */
    List<String> secrets() {
        List<String> secrets = new ArrayList<>();
        String path = base.getRawPath() == null ? "" : base.getRawPath();
        int push = pushSegmentEnd(path);
        String token = push < 0 ? path : path.substring(push);
        addSecret(secrets, token.startsWith("/") ? token.substring(1) : token);
        addSecret(secrets, base.getRawUserInfo());
        addSecret(secrets, keptQuery);
        return secrets;
    }

    private static void addSecret(List<String> secrets, String secret) {
        if (secret != null && !secret.isEmpty()) {
            secrets.add(secret);
        }
    }

    /** {@code https://kuma.example.com/api/push/****}: scheme, host, port and path up to the token. */
    public String redacted() {
        return redacted;
    }

    private static String redact(URI uri) {
        StringBuilder out = new StringBuilder(uri.getScheme().toLowerCase(Locale.ROOT)).append("://");
        if (uri.getRawUserInfo() != null) {
            out.append("****@");
        }
        out.append(uri.getHost());
        if (uri.getPort() >= 0) {
            out.append(':').append(uri.getPort());
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        int push = pushSegmentEnd(path);
        out.append(push < 0 ? "/****" : path.substring(0, push) + "****");
        return out.toString();
    }

    /** The index just after {@code /push/} in the path, or -1. */
    private static int pushSegmentEnd(String path) {
        int i = path.indexOf("/push/");
        return i < 0 ? -1 : i + "/push/".length();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PushUrl other && base.equals(other.base);
    }

    @Override
    public int hashCode() {
        return base.hashCode();
    }

    @Override
    public String toString() {
        return redacted;
    }
}
