package dev.kumapush.kuma;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/** What one try's HTTP answer means. Only Kuma's own {@code {"ok":true}} counts as success. */
sealed interface KumaAnswer {
    /** Kuma's words for a push token it does not know or a paused monitor. */
    String MONITOR_NOT_FOUND = "Monitor not found or not active.";
    int MAX_MESSAGE = 200;
    ObjectMapper JSON = new ObjectMapper();

    record Ok() implements KumaAnswer {
    }

    /** Kuma knows no active monitor for the token: not worth another try. */
    record MonitorNotFound(String message) implements KumaAnswer {
    }

    /** Anything else: worth another try. */
    record Failure(String reason) implements KumaAnswer {
    }

    static KumaAnswer judge(int status, byte[] body) {
        JsonNode json = parse(body);
        boolean kumaJson = json != null && json.isObject() && json.path("ok").isBoolean();
        String message = kumaJson ? shorten(json.path("msg").asText("")) : "";
        if (kumaJson && message.equals(MONITOR_NOT_FOUND) && (status == 404 || status / 100 == 2)) {
            return new MonitorNotFound(message);
        }
        if (status / 100 != 2) {
            return new Failure("Kuma answered HTTP " + status + (message.isEmpty() ? "" : ": " + message));
        }
        if (!kumaJson) {
            return new Failure("HTTP " + status + " but the answer is not Kuma's JSON (wrong URL, or a proxy page?)");
        }
        if (json.get("ok").booleanValue()) {
            return new Ok();
        }
        return new Failure("Kuma answered ok=false" + (message.isEmpty() ? "" : ": " + message));
    }

    private static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    /** Kuma's message as shown to users: one line, at most {@value #MAX_MESSAGE} characters. */
    static String shorten(String text) {
        String oneLine = text.replaceAll("[\\p{Cntrl}\\u0085\\u2028\\u2029]+", " ").strip();
        if (oneLine.codePointCount(0, oneLine.length()) <= MAX_MESSAGE) {
            return oneLine;
        }
        return oneLine.substring(0, oneLine.offsetByCodePoints(0, MAX_MESSAGE - 1)) + "…";
    }
}
