package dev.kumapush.webhook;

import dev.kumapush.config.WebhookAuth;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks the {@code Authorization} header against the configured credentials. Both sides are hashed before they are
 * compared in constant time, so neither the content nor the length of the secret leaks through timing.
 */
final class CredentialCheck {
    private static final String REALM = "alertmanager-uptime-kuma-push";

    private final String scheme;
    private final byte[] expectedDigest;

    private CredentialCheck(String scheme, String expected) {
        this.scheme = scheme;
        this.expectedDigest = expected == null ? null : sha256(expected);
    }

    static CredentialCheck of(Optional<WebhookAuth> auth) {
        return auth.map(a -> switch (a) {
            case WebhookAuth.Bearer bearer -> new CredentialCheck("Bearer", bearer.token());
            case WebhookAuth.Basic basic -> new CredentialCheck("Basic", basic.username() + ":" + basic.password());
        }).orElseGet(() -> new CredentialCheck(null, null));
    }

    /** True when no credentials are required. */
    boolean open() {
        return expectedDigest == null;
    }

    /** True when the {@code Authorization} header (if any) carries the right credentials, or none are required. */
    boolean allows(Optional<String> authorization) {
        if (open()) {
            return true;
        }
        if (authorization.isEmpty()) {
            return false;
        }
        String header = authorization.get();
        String[] parts = header.strip().split("\\s+", 2);
        if (parts.length != 2 || !parts[0].toLowerCase(Locale.ROOT).equals(scheme.toLowerCase(Locale.ROOT))) {
            return false;
        }
        String presented = parts[1];
        if (scheme.equals("Basic")) {
            try {
                presented = new String(Base64.getDecoder().decode(presented), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
        return MessageDigest.isEqual(expectedDigest, sha256(presented));
    }

    /** The {@code WWW-Authenticate} header of a 401. */
    String challenge() {
        return scheme + " realm=\"" + REALM + "\"" + (scheme.equals("Basic") ? ", charset=\"UTF-8\"" : "");
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
