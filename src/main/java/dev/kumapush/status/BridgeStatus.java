package dev.kumapush.status;

import dev.kumapush.kuma.KumaStatus;
import dev.kumapush.kuma.Monitor;
import dev.kumapush.kuma.PushObserver;
import dev.kumapush.kuma.PushOutcome;
import dev.kumapush.text.SafeText;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the landing page shows: the build, the last webhook received, and each monitor's last push. It holds nothing
 * secret (Kuma's answers are already scrubbed of tokens) and nothing unbounded (one entry per monitor, short text).
 */
public final class BridgeStatus implements PushObserver {
    private static final int MAX_USER_AGENT = 120;
    private static final int MAX_ANSWER = 200;

    /** @param userAgent the client's {@code User-Agent}, one line, cut short */
    public record Webhook(Instant time, String userAgent) {
    }

    /** @param answer Kuma's answer or why the push failed, one line, cut short */
    public record Push(Instant time, KumaStatus status, String result, int tries, String answer) {
    }

    private final String version;
    private final String revision;
    private final Map<String, Push> pushes = new ConcurrentHashMap<>();
    private volatile Webhook lastWebhook;

    public BridgeStatus(String version, String revision) {
        this.version = version;
        this.revision = revision;
    }

    public String version() {
        return version;
    }

    public String revision() {
        return revision;
    }

    /** Notes a webhook as it arrives. */
    public void webhook(String userAgent) {
        lastWebhook = new Webhook(Instant.now(), SafeText.oneLine(userAgent, MAX_USER_AGENT));
    }

    public Optional<Webhook> lastWebhook() {
        return Optional.ofNullable(lastWebhook);
    }

    public Optional<Push> lastPush(String monitor) {
        return Optional.ofNullable(pushes.get(monitor));
    }

    @Override
    public void attempt(Monitor monitor, boolean ok) {
    }

    @Override
    public void pushed(Monitor monitor, KumaStatus status, PushOutcome outcome) {
        pushes.put(monitor.name(), new Push(Instant.now(), status, outcome.result(), outcome.tries(),
                SafeText.oneLine(outcome.answer(), MAX_ANSWER)));
    }

    @Override
    public void joined(Monitor monitor) {
    }
}
