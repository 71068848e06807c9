package dev.kumapush.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Answers on the wire: the status line, Date, the fields given, and never a field that could split the head. */
class ResponsesTest {

    private static String text(byte[] answer) {
        return new String(answer, StandardCharsets.ISO_8859_1);
    }

    @Test
    void anAnswerHasItsStatusLineDateTypeLengthAndBody() {
        String answer = text(Responses.encode(404, "text/plain; charset=utf-8", "not found".getBytes(
                StandardCharsets.UTF_8), false, true, "X-Test", "1"));

        assertThat(answer).startsWith("HTTP/1.1 404 Not Found\r\nDate: ")
                .contains("\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 9\r\n"
                        + "X-Content-Type-Options: nosniff\r\nX-Test: 1\r\nConnection: close\r\n\r\n")
                .endsWith("\r\n\r\nnot found");
    }

    @Test
    void theDateIsNowInHttpsFormat() {
        String answer = text(Responses.text(200, "OK", false));
        String date = answer.substring(answer.indexOf("Date: ") + 6, answer.indexOf("\r\n", answer.indexOf("Date: ")));

        Instant sent = ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();

        assertThat(Duration.between(sent, Instant.now()).abs()).isLessThan(Duration.ofSeconds(5));
        assertThat(answer).doesNotContain("Connection: close");
    }

    @Test
    void theDateMovesOnWithTheClock() throws Exception {
        String first = date(text(Responses.text(200, "OK", false)));
        Thread.sleep(1100);
        String second = date(text(Responses.text(200, "OK", false)));

        assertThat(ZonedDateTime.parse(second, DateTimeFormatter.RFC_1123_DATE_TIME))
                .isAfter(ZonedDateTime.parse(first, DateTimeFormatter.RFC_1123_DATE_TIME));
    }

    private static String date(String answer) {
        return answer.substring(answer.indexOf("Date: ") + 6, answer.indexOf("\r\n", answer.indexOf("Date: ")));
    }

    @Test
    void aHeadAnswerDescribesTheBodyWithoutSendingIt() {
        String answer = text(Responses.encode(200, "text/plain", "OK".getBytes(StandardCharsets.US_ASCII), true,
                false));

        assertThat(answer).contains("Content-Length: 2\r\n").endsWith("\r\n\r\n");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "a name with a space | X Test   | v",
        "a name with a colon | X:Test   | v",
        "a name with a CR    | X\rTest | v"})
    void aFieldNameThatIsNotATokenIsRefused(String what, String name, String value) {
        assertThatIllegalArgumentException().isThrownBy(() -> Responses.text(200, "OK", false, name, value))
                .withMessage("not a header field name: " + name);
    }

    @ParameterizedTest(name = "U+{0}")
    @CsvSource({"000d", "000a", "0000", "001f", "007f", "0100"})
    void aFieldValueWithAControlCharacterOrBeyondLatin1IsRefused(String hex) {
        String value = "a" + (char) Integer.parseInt(hex, 16) + "b";

        assertThatIllegalArgumentException().isThrownBy(() -> Responses.text(200, "OK", false, "X-Test", value))
                .withMessage("a header field value with a control character: X-Test");
    }

    @ParameterizedTest(name = "U+{0}")
    @CsvSource({"0009", "0020", "007e", "0080", "00ff"})
    void aFieldValueWithTabsSpacesAndLatin1IsSent(String hex) {
        String value = "a" + (char) Integer.parseInt(hex, 16) + "b";

        assertThat(text(Responses.text(200, "OK", false, "X-Test", value))).contains("\r\nX-Test: " + value + "\r\n");
    }

    @Test
    void fieldsComeInPairs() {
        assertThatIllegalArgumentException().isThrownBy(() -> Responses.text(200, "OK", false, "X-Test"))
                .withMessage("header fields come in name, value pairs");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"200, OK", "400, Bad Request", "401, Unauthorized", "404, Not Found", "405, Method Not Allowed",
        "408, Request Timeout", "413, Content Too Large", "414, URI Too Long", "417, Expectation Failed",
        "422, Unprocessable Content", "431, Request Header Fields Too Large", "500, Internal Server Error",
        "501, Not Implemented", "503, Service Unavailable", "505, HTTP Version Not Supported", "299, Unknown"})
    void everyStatusTheBridgeSendsHasItsReason(int status, String reason) {
        assertThat(text(Responses.text(status, "x", false))).startsWith("HTTP/1.1 " + status + " " + reason + "\r\n");
    }
}
