package dev.kumapush.kuma;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Text about a push (an exception's message, Kuma's answer) is scrubbed of the URL's secrets before it reaches a log,
 * an answer or the landing page. Masking an empty secret would put {@code ****} between every character, so no
 * secret is ever empty; a token of one character is masked like any other, wherever its character appears.
 */
class ScrubTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "empty user info      | https://@kuma.example.com/api/push/T0ken",
        "empty token          | https://kuma.example.com/api/push/",
        "empty pairs in query | https://kuma.example.com/api/push/T0ken?&&status=up&",
        "no path at all       | https://kuma.example.com",
        "only a slash         | https://kuma.example.com/"})
    void noSecretIsEverEmpty(String what, String url) {
        assertThat(PushUrl.parse(url).secrets()).as(what).doesNotContain("");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "empty user info      | https://@kuma.example.com/api/push/T0ken",
        "empty token          | https://kuma.example.com/api/push/",
        "only a slash         | https://kuma.example.com/"})
    void aUrlWithEmptyPartsLeavesTextAsItWas(String what, String url) {
        String message = "cannot reach Kuma: ConnectException: Connection refused";

        assertThat(KumaClient.scrub(message, PushUrl.parse(url))).as(what).isEqualTo(message);
    }

    @Test
    void everySecretOfTheUrlIsMasked() {
        PushUrl url = PushUrl.parse("https://user:p%40ss@kuma.example.com/api/push/T0ken?team=sre&status=up");

        assertThat(KumaClient.scrub("GET https://user:p%40ss@kuma.example.com/api/push/T0ken?team=sre failed", url))
                .isEqualTo("GET https://****@kuma.example.com/api/push/****?**** failed");
    }

    @Test
    void aOneCharacterTokenIsMaskedWhereverItsCharacterAppears() {
        // A token of one character cannot be told from the same letter elsewhere: the secret wins over readability.
        PushUrl url = PushUrl.parse("https://kuma.example.com/api/push/x");

        assertThat(url.secrets()).containsExactly("x");
        assertThat(KumaClient.scrub("ConnectException at /api/push/x", url))
                .isEqualTo("ConnectE****ception at /api/push/****");
    }

    @Test
    void aOneCharacterPathWithoutPushSegmentIsMaskedToo() {
        assertThat(PushUrl.parse("https://kuma.example.com/k").secrets()).containsExactly("k");
    }
}
