package dev.kumapush.webhook;

import dev.kumapush.http.Exchange;
import dev.kumapush.kuma.Monitor;
import dev.kumapush.status.BridgeStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * {@code /}: what an operator asks first when a heartbeat goes missing. Did the bridge get the webhook, and what did
 * Kuma say? Plain HTML rendered on the server, no script and nothing fetched from elsewhere; every value is escaped,
 * and the page's policy forbids scripts even if one got in.
 */
final class LandingPage {
    private static final String POLICY = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";
    private static final String STYLE = "body{font-family:sans-serif;max-width:72em;margin:2em auto;padding:0 1em}"
            + "table{border-collapse:collapse}th,td{border:1px solid #bbb;padding:.3em .6em;text-align:left;"
            + "vertical-align:top;white-space:nowrap}"
            + "td.answer{white-space:normal;max-width:28em;overflow-wrap:anywhere}";

    private final BridgeStatus status;
    private final List<Monitor> monitors;

    LandingPage(BridgeStatus status, Collection<Monitor> monitors) {
        this.status = status;
        this.monitors = List.copyOf(monitors);
    }

    void show(Exchange exchange) throws IOException {
        if (!exchange.method().equals("GET") && !exchange.method().equals("HEAD")) {
            Responses.text(exchange, 405, "method not allowed", "Allow", "GET, HEAD");
            return;
        }
        exchange.respond(200, "text/html; charset=utf-8", render().getBytes(StandardCharsets.UTF_8),
                "Content-Security-Policy", POLICY, "Cache-Control", "no-store");
    }

    String render() {
        StringBuilder h = new StringBuilder(2048);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>alertmanager-uptime-kuma-push</title><style>").append(STYLE).append("</style></head>")
                .append("<body>\n<h1>alertmanager-uptime-kuma-push</h1>\n<p>Version ").append(esc(status.version()))
                .append(" (commit ").append(esc(status.revision())).append("). Turns Alertmanager webhooks into")
                .append(" Uptime Kuma push heartbeats: a dead man&#39;s switch for the alerting pipeline.</p>\n")
                .append("<h2>Monitors</h2>\n<table><tr><th>monitor</th><th>push URL</th><th>mode</th>")
                .append("<th>last push</th><th>status</th><th>result</th><th>tries</th><th>Kuma&#39;s answer</th>")
                .append("</tr>\n");
        for (Monitor m : monitors) {
            h.append("<tr><td>").append(esc(m.name())).append("</td><td>").append(esc(m.url().redacted()))
                    .append("</td><td>").append(m.mode().name().toLowerCase(Locale.ROOT)).append("</td>");
            status.lastPush(m.name()).ifPresentOrElse(p -> h.append("<td>").append(time(p.time())).append("</td><td>")
                    .append(p.status()).append("</td><td>").append(esc(p.result())).append("</td><td>").append(p.tries())
                    .append("</td><td class=\"answer\">").append(esc(p.answer())).append("</td>"),
                    () -> h.append("<td colspan=\"5\">no push yet</td>"));
            h.append("</tr>\n");
        }
        h.append("</table>\n<h2>Last webhook</h2>\n<p>");
        status.lastWebhook().ifPresentOrElse(w -> h.append(time(w.time())).append(", from ")
                .append(w.userAgent().isEmpty() ? "a client without User-Agent" : esc(w.userAgent())),
                () -> h.append("none yet"));
        h.append("</p>\n<h2>Endpoints</h2>\n<ul><li><a href=\"metrics\">/metrics</a>: Prometheus metrics</li>")
                .append("<li><a href=\"healthz\">/healthz</a>: liveness</li>")
                .append("<li><a href=\"readyz\">/readyz</a>: readiness</li>")
                .append("<li>/push and /push/&lt;monitor&gt;: Alertmanager webhooks</li></ul>\n</body></html>\n");
        return h.toString();
    }

    private static String time(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** Text as HTML shows it, never as markup. */
    static String esc(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
