package dev.kumapush.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LogLinesTest {
    private static final Instant T = Instant.parse("2026-11-24T12:00:00.123456Z");
    private static final System.Logger.Level INFO = System.Logger.Level.INFO;

    @Test
    void parametersAreEscapedAndCut() {
        String message = LogLines.message("webhook path={0} answer={1}", "/push\r\nINFO forged\u001b[0m" + "y".repeat(500),
                404);
        assertThat(message).startsWith("webhook path=/push\\r\\nINFO forged\\x1b[0myyy").endsWith("y… answer=404")
                .doesNotContain("\n").doesNotContain("\u001b");
        assertThat(message.codePointCount(0, message.indexOf(" answer"))).isEqualTo("webhook path=".length()
                + LogLines.MAX_PARAMETER + "\\r\\n\\x1b".length() - 3);
    }

    @Test
    void aWholeParameterIsEscapedButNotCut() {
        String long1 = "m".repeat(1000);
        assertThat(LogLines.message("monitors: {0}", new LogLines.Whole(long1 + "\n"))).isEqualTo("monitors: " + long1
                + "\\n");
    }

    @Test
    void aSupplierIsAskedForItsValue() {
        Supplier<String> lazy = () -> "late\u0085";
        assertThat(LogLines.message("value={0}", lazy)).isEqualTo("value=late\\x85");
    }

    @Test
    void aMessageWithoutParametersIsEscapedToo() {
        assertThat(LogLines.message("a\u2028b")).isEqualTo("a\\u2028b");
        assertThat(LogLines.message(null)).isEmpty();
    }

    @Test
    void anApostropheInAFormatIsKept() {
        assertThat(LogLines.message("Kuma''s answer: {0}".replace("''", "'"), "ok")).isEqualTo("Kuma's answer: ok");
    }

    @Test
    void numbersAreWrittenWithoutGrouping() {
        assertThat(LogLines.message("{0} alerts", 1234567)).isEqualTo("1234567 alerts");
    }

    @Test
    void aTextLineHasTimeLevelMessageAndErrorType() {
        assertThat(LogLines.text(T, System.Logger.Level.WARNING, "push failed", new IOException("secret detail")))
                .isEqualTo("2026-11-24T12:00:00.123Z WARN  push failed (java.io.IOException)");
        assertThat(LogLines.text(T, INFO, "m", null)).isEqualTo("2026-11-24T12:00:00.123Z INFO  m");
        assertThat(LogLines.text(T, System.Logger.Level.DEBUG, "m", null)).contains(" DEBUG m");
        assertThat(LogLines.text(T, System.Logger.Level.ERROR, "m", null)).contains(" ERROR m");
    }

    @Test
    void aJsonLineIsOneObjectWithoutTheErrorsMessage() throws Exception {
        String line = LogLines.json(T, System.Logger.Level.ERROR, "dev.kumapush.webhook.PushHandler",
                LogLines.message("path={0}", "/push\n\"x\""), new IllegalStateException("token=abc"));
        JsonNode event = new ObjectMapper().readTree(line);
        assertThat(line).doesNotContain("\n").doesNotContain("token=abc");
        assertThat(event.get("time").asText()).isEqualTo("2026-11-24T12:00:00.123Z");
        assertThat(event.get("level").asText()).isEqualTo("error");
        assertThat(event.get("logger").asText()).isEqualTo("PushHandler");
        assertThat(event.get("msg").asText()).isEqualTo("path=/push\\n\\\"x\\\"");
        assertThat(event.get("error").asText()).isEqualTo("java.lang.IllegalStateException");
        assertThat(new ObjectMapper().readTree(LogLines.json(T, INFO, "x", "m", null)).has("error")).isFalse();
    }

    @ParameterizedTest(name = "{0} at {1} with threshold {2}: {3}")
    @CsvSource({
        "dev.kumapush.Main, DEBUG, DEBUG, true",
        "dev.kumapush.Main, DEBUG, INFO, false",
        "dev.kumapush.Main, INFO, INFO, true",
        "dev.kumapush.Main, WARNING, ERROR, false",
        "dev.kumapush.Main, ERROR, ERROR, true",
        "dev.kumapush.Main, OFF, DEBUG, false",
        "jdk.internal.httpclient.debug, INFO, DEBUG, false",
        "jdk.internal.httpclient.debug, WARNING, DEBUG, true",
        "jdk.internal.httpclient.debug, ERROR, ERROR, true"})
    void theBridgesLoggersFollowTheThresholdAndTheJdksReportOnlyWarnings(String logger, System.Logger.Level level,
            System.Logger.Level threshold, boolean written) {
        assertThat(LogLines.loggable(logger, level, threshold)).isEqualTo(written);
    }
}
