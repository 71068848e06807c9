package dev.kumapush.kuma;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KumaAnswerTest {
    private static final String NOT_FOUND = "{\"ok\":false,\"msg\":\"Monitor not found or not active.\"}";

    private static KumaAnswer judge(int status, String body) {
        return KumaAnswer.judge(status, body.getBytes(StandardCharsets.UTF_8));
    }

    /** The text an answer carries: the reason of a failure, the message of a missing monitor, "" for success. */
    private static String text(KumaAnswer answer) {
        return switch (answer) {
            case KumaAnswer.Ok ok -> "";
            case KumaAnswer.MonitorNotFound notFound -> notFound.message();
            case KumaAnswer.Failure failure -> failure.reason();
        };
    }

    static Stream<Arguments> answers() {
        return Stream.of(
                Arguments.of(200, "{\"ok\":true}", KumaAnswer.Ok.class, ""),
                Arguments.of(200, "{\"ok\":true,\"msg\":\"OK\"}", KumaAnswer.Ok.class, ""),
                Arguments.of(201, " {\"ok\" : true} \n", KumaAnswer.Ok.class, ""),
                Arguments.of(200, NOT_FOUND, KumaAnswer.MonitorNotFound.class, "Monitor not found or not active."),
                Arguments.of(404, NOT_FOUND, KumaAnswer.MonitorNotFound.class, "Monitor not found or not active."),
                Arguments.of(404, "<html><body>Not Found</body></html>", KumaAnswer.Failure.class,
                        "Kuma answered HTTP 404"),
                Arguments.of(404, "", KumaAnswer.Failure.class, "Kuma answered HTTP 404"),
                Arguments.of(500, NOT_FOUND, KumaAnswer.Failure.class, "Kuma answered HTTP 500"),
                Arguments.of(500, "{\"ok\":false,\"msg\":\"boom\"}", KumaAnswer.Failure.class,
                        "Kuma answered HTTP 500: boom"),
                Arguments.of(503, "Service Unavailable", KumaAnswer.Failure.class, "Kuma answered HTTP 503"),
                Arguments.of(200, "{\"ok\":false,\"msg\":\"Duplicate heartbeat\"}", KumaAnswer.Failure.class,
                        "Kuma answered ok=false: Duplicate heartbeat"),
                Arguments.of(200, "{\"ok\":false}", KumaAnswer.Failure.class, "Kuma answered ok=false"),
                Arguments.of(200, "<html>login</html>", KumaAnswer.Failure.class, "not Kuma's JSON"),
                Arguments.of(200, "", KumaAnswer.Failure.class, "not Kuma's JSON"),
                Arguments.of(200, "   ", KumaAnswer.Failure.class, "not Kuma's JSON"),
                Arguments.of(200, "[]", KumaAnswer.Failure.class, "not Kuma's JSON"),
                Arguments.of(200, "{}", KumaAnswer.Failure.class, "not Kuma's JSON"),
                Arguments.of(200, "true", KumaAnswer.Failure.class, "not Kuma's JSON"),
                Arguments.of(200, "null", KumaAnswer.Failure.class, "not Kuma's JSON"),
                Arguments.of(200, "{\"ok\":\"true\"}", KumaAnswer.Failure.class, "not Kuma's JSON"),
                Arguments.of(200, "{\"ok\":1}", KumaAnswer.Failure.class, "not Kuma's JSON"),
                Arguments.of(200, "{\"ok\":tru", KumaAnswer.Failure.class, "not Kuma's JSON"),
                Arguments.of(200, "{\"ok\":false,\"msg\":\"Monitor not found or not active\"}", KumaAnswer.Failure.class,
                        "Kuma answered ok=false: Monitor not found or not active"),
                Arguments.of(200, "{\"data\":{\"ok\":true},\"ok\":true,\"msg\":[\"a\"]}", KumaAnswer.Ok.class, ""),
                Arguments.of(200, "{\"ok\":{\"ok\":true}}", KumaAnswer.Failure.class, "not Kuma's JSON"),
                Arguments.of(200, "{\"ok\":true,\"ok\":false}", KumaAnswer.Failure.class, "Kuma answered ok=false"),
                Arguments.of(200, "{\"ok\":true,\"msg\":\"OK\",", KumaAnswer.Failure.class, "not Kuma's JSON"),
                Arguments.of(200, "{\"ok\":true,\"extra\":[1,{\"ok\":false}]}", KumaAnswer.Ok.class, ""),
                Arguments.of(500, "{\"ok\":false,\"msg\":{\"text\":\"boom\"}}", KumaAnswer.Failure.class,
                        "Kuma answered HTTP 500"),
                Arguments.of(302, "", KumaAnswer.Failure.class, "Kuma answered HTTP 302"),
                Arguments.of(302, "{\"ok\":true}", KumaAnswer.Failure.class, "Kuma answered HTTP 302"),
                Arguments.of(401, "{\"ok\":false,\"msg\":\"Unauthorized\"}", KumaAnswer.Failure.class,
                        "Kuma answered HTTP 401: Unauthorized"));
    }

    @ParameterizedTest(name = "HTTP {0} {1} -> {2}")
    @MethodSource("answers")
    void judgesKumasAnswer(int status, String body, Class<? extends KumaAnswer> kind, String text) {
        KumaAnswer answer = judge(status, body);

        assertThat(answer).isInstanceOf(kind);
        assertThat(text(answer)).contains(text);
        boolean kumaSaidOkFalse = status / 100 == 2 && body.contains("\"ok\":false");
        if (answer instanceof KumaAnswer.Failure && !kumaSaidOkFalse) {
            assertThat(text(answer)).as("a failure names the HTTP status").contains(Integer.toString(status));
        }
    }

    @Test
    void okFalseInASuccessfulAnswerIsAFailureCarryingKumasMessage() {
        // The HTTP status is not repeated here: Kuma's own ok=false and msg say what went wrong.
        assertThat(judge(200, "{\"ok\":false,\"msg\":\"Duplicate heartbeat\"}"))
                .isEqualTo(new KumaAnswer.Failure("Kuma answered ok=false: Duplicate heartbeat"));
    }

    @Test
    void failureForANonJsonAnswerNamesTheStatus() {
        assertThat(judge(200, "<html>login</html>"))
                .isEqualTo(new KumaAnswer.Failure(
                        "HTTP 200 but the answer is not Kuma's JSON (wrong URL, or a proxy page?)"));
    }

    @Test
    void failureWithoutMessageHasNoTrailingColon() {
        assertThat(judge(502, "")).isEqualTo(new KumaAnswer.Failure("Kuma answered HTTP 502"));
        assertThat(judge(200, "{\"ok\":false,\"msg\":\"\"}")).isEqualTo(new KumaAnswer.Failure("Kuma answered ok=false"));
    }

    @Test
    void monitorNotFoundIsRecognisedDespiteSurroundingWhitespace() {
        assertThat(judge(200, "{\"ok\":false,\"msg\":\"  Monitor not found or not active.\\n\"}"))
                .isEqualTo(new KumaAnswer.MonitorNotFound("Monitor not found or not active."));
    }

    @Test
    void longMessageIsShortenedTo200CodePointsEndingInAnEllipsis() {
        String msg = "x".repeat(300);

        String reason = text(judge(500, "{\"ok\":false,\"msg\":\"" + msg + "\"}"));

        String shown = reason.substring("Kuma answered HTTP 500: ".length());
        assertThat(shown.codePointCount(0, shown.length())).isEqualTo(200);
        assertThat(shown).isEqualTo("x".repeat(199) + "…");
    }

    @Test
    void messageOfExactly200CodePointsIsKept() {
        String msg = "\ud83d\ude00".repeat(200);

        assertThat(KumaAnswer.shorten(msg)).isEqualTo(msg);
    }

    @Test
    void emojiMessageIsCutBetweenCodePointsNeverInsideASurrogatePair() {
        String emoji = "\ud83d\ude00";
        String msg = "a" + emoji.repeat(250);

        String shown = KumaAnswer.shorten(msg);

        assertThat(shown).isEqualTo("a" + emoji.repeat(198) + "…");
        assertThat(shown.codePointCount(0, shown.length())).isEqualTo(200);
        assertThat(shown.codePoints()).doesNotContain(0xd83d, 0xde00);
        assertThat(shown).hasSize(1 + 2 * 198 + 1);
    }

    @Test
    void emojiMessageFromKumasJsonIsCutCleanly() {
        String body = "{\"ok\":false,\"msg\":\"" + "\\ud83d\\udd25".repeat(300) + "\"}";

        String reason = text(judge(200, body));

        assertThat(reason).isEqualTo("Kuma answered ok=false: " + "\ud83d\udd25".repeat(199) + "…");
        assertThat(reason.chars().filter(c -> Character.isSurrogate((char) c)).count() % 2).isZero();
    }

    @Test
    void messageWithLineBreaksAndControlsBecomesOneLine() {
        String reason = text(judge(500, "{\"ok\":false,\"msg\":\"first line\\nsecond\\r\\nthird\\tend\\u0000\"}"));

        assertThat(reason).isEqualTo("Kuma answered HTTP 500: first line second third end");
        assertThat(reason).doesNotContain("\n", "\r", "\t");
    }

    @Test
    void nonStringMessageIsShownAsText() {
        assertThat(judge(500, "{\"ok\":false,\"msg\":42}")).isEqualTo(new KumaAnswer.Failure("Kuma answered HTTP 500: 42"));
        assertThat(judge(500, "{\"ok\":false,\"msg\":null}")).isEqualTo(new KumaAnswer.Failure("Kuma answered HTTP 500"));
    }

    @Test
    void shortenLeavesShortOneLineTextAlone() {
        assertThat(KumaAnswer.shorten("  Monitor not found  ")).isEqualTo("Monitor not found");
        assertThat(KumaAnswer.shorten("")).isEmpty();
    }
}
