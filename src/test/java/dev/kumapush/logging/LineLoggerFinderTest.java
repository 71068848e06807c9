package dev.kumapush.logging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a logger of the bridge writes, one line per event, as the settings say: level, format, escaping. */
class LineLoggerFinderTest {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final LineLoggerFinder finder = new LineLoggerFinder(new PrintStream(bytes, true, StandardCharsets.UTF_8));

    @AfterEach
    void backToTheDefaults() {
        LineLoggerFinder.configure(System.Logger.Level.INFO, false);
    }

    private System.Logger logger(String name) {
        return finder.getLogger(name, LineLoggerFinderTest.class.getModule());
    }

    private List<String> lines() {
        String text = bytes.toString(StandardCharsets.UTF_8);
        return text.isEmpty() ? List.of() : Arrays.asList(text.split(System.lineSeparator()));
    }

    @Test
    void anEventIsOneTextLineWithItsValuesEscaped() {
        System.Logger log = logger("dev.kumapush.webhook.PushHandler");

        log.log(System.Logger.Level.INFO, "webhook path={0} answer={1}", "/push\r\nINFO forged", 200);

        assertThat(log.getName()).isEqualTo("dev.kumapush.webhook.PushHandler");
        assertThat(lines()).singleElement().satisfies(line -> assertThat(line)
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,3})?Z INFO  webhook path=/push\\\\r\\\\nINFO"
                        + " forged answer=200"));
    }

    @Test
    void aMessageWithAnErrorNamesItsTypeButNotItsWords() {
        logger("dev.kumapush.http.Connection").log(System.Logger.Level.ERROR, "connection failed unexpectedly",
                new IOException("token=abc"));

        assertThat(lines()).singleElement().satisfies(line -> assertThat(line)
                .endsWith(" ERROR connection failed unexpectedly (java.io.IOException)").doesNotContain("token=abc"));
    }

    @Test
    void theBridgesLoggersWriteFromTheConfiguredLevel() {
        System.Logger log = logger("dev.kumapush.kuma.KumaClient");
        log.log(System.Logger.Level.DEBUG, "hidden at info");
        assertThat(log.isLoggable(System.Logger.Level.DEBUG)).isFalse();

        LineLoggerFinder.configure(System.Logger.Level.DEBUG, false);
        log.log(System.Logger.Level.DEBUG, "try {0} failed", 1);
        LineLoggerFinder.configure(System.Logger.Level.ERROR, false);
        log.log(System.Logger.Level.WARNING, "hidden at error", (Throwable) null);

        assertThat(lines()).singleElement().satisfies(line -> assertThat(line).endsWith(" DEBUG try 1 failed"));
    }

    @Test
    void theJdksLoggersWriteOnlyWarningsWhateverTheLevel() {
        LineLoggerFinder.configure(System.Logger.Level.DEBUG, false);
        System.Logger jdk = logger("jdk.internal.httpclient.debug");

        jdk.log(System.Logger.Level.INFO, "GET https://kuma.example.com/api/push/s3cr3t");
        jdk.log(System.Logger.Level.WARNING, "something the operator should know");

        assertThat(lines()).singleElement().satisfies(line -> assertThat(line)
                .endsWith(" WARN  something the operator should know"));
    }

    @Test
    void jsonLinesAreOneObjectEach() throws Exception {
        LineLoggerFinder.configure(System.Logger.Level.INFO, true);

        logger("dev.kumapush.Main").log(System.Logger.Level.INFO, "monitors: {0}",
                LineLoggerFinder.whole("default=" + "m".repeat(400)));

        assertThat(lines()).hasSize(1);
        JsonNode event = new ObjectMapper().readTree(lines().get(0));
        assertThat(event.get("level").asText()).isEqualTo("info");
        assertThat(event.get("logger").asText()).isEqualTo("Main");
        assertThat(event.get("msg").asText()).as("a whole value is not cut")
                .isEqualTo("monitors: default=" + "m".repeat(400));
    }
}
