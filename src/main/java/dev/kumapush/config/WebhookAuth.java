package dev.kumapush.config;

/** The credentials webhooks must carry, as Alertmanager's {@code http_config} sends them. Prints masked. */
public sealed interface WebhookAuth {

    /** {@code Authorization: Bearer <token>}. */
    record Bearer(String token) implements WebhookAuth {
        @Override
        public String toString() {
            return "Bearer[****]";
        }
    }

    /** {@code Authorization: Basic base64(username:password)}. */
    record Basic(String username, String password) implements WebhookAuth {
        @Override
        public String toString() {
            return "Basic[username=" + username + ", password=****]";
        }
    }
}
