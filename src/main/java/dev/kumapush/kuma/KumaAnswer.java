package dev.kumapush.kuma;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import dev.kumapush.text.SafeText;

/** What one try's HTTP answer means. Only Kuma's own {@code {"ok":true}} counts as success. */
sealed interface KumaAnswer {
    /** Kuma's words for a push token it does not know or a paused monitor. */
    String MONITOR_NOT_FOUND = "Monitor not found or not active.";
    int MAX_MESSAGE = 200;
    /** Jackson's streaming reader: two fields of a small object need no object mapping. */
    JsonFactory JSON = new JsonFactory();

    record Ok() implements KumaAnswer {
    }

    /** Kuma knows no active monitor for the token: not worth another try. */
    record MonitorNotFound(String message) implements KumaAnswer {
    }

    /** Anything else: worth another try. */
    record Failure(String reason) implements KumaAnswer {
    }

    static KumaAnswer judge(int status, byte[] body) {
        Json json = Json.read(body);
        boolean kumaJson = json != null && json.ok() != null;
        String message = kumaJson ? shorten(json.msg()) : "";
        if (kumaJson && message.equals(MONITOR_NOT_FOUND) && (status == 404 || status / 100 == 2)) {
            return new MonitorNotFound(message);
        }
        if (status / 100 != 2) {
            return new Failure("Kuma answered HTTP " + status + (message.isEmpty() ? "" : ": " + message));
        }
        if (!kumaJson) {
            return new Failure("HTTP " + status + " but the answer is not Kuma's JSON (wrong URL, or a proxy page?)");
        }
        if (json.ok()) {
            return new Ok();
        }
        return new Failure("Kuma answered ok=false" + (message.isEmpty() ? "" : ": " + message));
    }

    /**
     * The two fields of Kuma's answer object: {@code ok} when it is a boolean (else null), {@code msg} as text
     * ("" when absent, null or not a scalar). A repeated field counts by its last value.
     */
    record Json(Boolean ok, String msg) {
        /** The fields of a JSON object, or null when the body is empty, not JSON or not an object. */
        static Json read(byte[] body) {
            if (body.length == 0) {
                return null;
            }
            try (JsonParser p = JSON.createParser(body)) {
                if (p.nextToken() != JsonToken.START_OBJECT) {
                    return null;
                }
                Boolean ok = null;
                String msg = "";
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String field = p.currentName();
                    JsonToken value = p.nextToken();
                    switch (field) {
                        case "ok" -> ok = value.isBoolean() ? value == JsonToken.VALUE_TRUE : null;
                        case "msg" -> msg = value.isScalarValue() && value != JsonToken.VALUE_NULL ? p.getText() : "";
                        default -> { }
                    }
                    p.skipChildren();
                }
                return new Json(ok, msg);
            } catch (IOException e) {
                return null;
            }
        }
    }

    /** Kuma's message as shown to users: one line, at most {@value #MAX_MESSAGE} characters. */
    static String shorten(String text) {
        return SafeText.cut(SafeText.oneLine(text, Integer.MAX_VALUE).strip(), MAX_MESSAGE);
    }
}
