package dev.kumapush.kuma;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PushUrlTest {
    private static final String TOKEN = "s3cr3tT0ken";
    private static final String PASTED = "https://kuma.example.com/api/push/" + TOKEN + "?status=up&msg=OK&ping=";

    /** The query of a URI as decoded name=value pairs, in order. */
    private static List<String> params(URI uri) {
        List<String> out = new ArrayList<>();
        for (String pair : uri.getRawQuery().split("&", -1)) {
            String[] nv = pair.split("=", 2);
            out.add(URLDecoder.decode(nv[0], StandardCharsets.UTF_8) + "="
                    + (nv.length < 2 ? "" : URLDecoder.decode(nv[1], StandardCharsets.UTF_8)));
        }
        return out;
    }

    private static String basic(String userColonPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userColonPassword.getBytes(StandardCharsets.UTF_8));
    }

    // The heartbeat address

    @Test
    void pastedKumaUrlGetsExactlyOneStatusMsgAndPingWithTheBridgesValues() {
        URI uri = PushUrl.parse(PASTED).withHeartbeat("down", "Watchdog resolved");

        assertThat(uri.getScheme()).isEqualTo("https");
        assertThat(uri.getHost()).isEqualTo("kuma.example.com");
        assertThat(uri.getRawPath()).isEqualTo("/api/push/" + TOKEN);
        assertThat(params(uri)).containsExactly("status=down", "msg=Watchdog resolved", "ping=");
    }

    @Test
    void urlWithoutQueryGetsStatusMsgAndPing() {
        URI uri = PushUrl.parse("http://kuma:3001/api/push/" + TOKEN).withHeartbeat("up", "OK");

        assertThat(uri).isEqualTo(URI.create("http://kuma:3001/api/push/" + TOKEN + "?status=up&msg=OK&ping="));
    }

    @Test
    void otherParametersAreKeptInOrderBeforeTheBridgesOwn() {
        URI uri = PushUrl.parse("https://kuma.example.com/api/push/" + TOKEN
                + "?foo=bar&status=down&zeta=1&msg=old&alpha=a%20b&ping=12&flag").withHeartbeat("up", "OK");

        assertThat(params(uri)).containsExactly("foo=bar", "zeta=1", "alpha=a b", "flag=", "status=up", "msg=OK",
                "ping=");
        assertThat(uri.getRawQuery()).startsWith("foo=bar&zeta=1&alpha=a%20b&flag&");
    }

    @Test
    void ownParametersAreRecognisedEvenWhenEncodedOrRepeated() {
        URI uri = PushUrl.parse("https://kuma.example.com/api/push/" + TOKEN
                + "?stat%75s=down&msg=a&msg=b&ping=1&ping=2&&keep=1").withHeartbeat("up", "OK");

        assertThat(params(uri)).containsExactly("keep=1", "status=up", "msg=OK", "ping=");
    }

    @ParameterizedTest(name = "msg \"{0}\"")
    @ValueSource(strings = {"OK", "two words", "a&b=c", "50% #1 ?x", "a+b", "Grüße, Zürich", "\u00e9\u00e8\u4e2d\u6587",
            "\ud83d\udd25 on fire \ud83d\ude00", "slash/and\\back", "quote\"'<>", "", "  spaces  "})
    void messageIsEncodedSoThatItDecodesBackExactly(String msg) {
        URI uri = PushUrl.parse(PASTED).withHeartbeat("up", msg);

        assertThat(params(uri)).containsExactly("status=up", "msg=" + msg, "ping=");
        assertThat(uri.getRawQuery()).doesNotContain("+").doesNotContain(" ").doesNotContain("#");
        assertThat(uri.getRawFragment()).isNull();
        assertThat(uri.toString()).isASCII();
    }

    @Test
    void spacesAreEncodedAsPercent20NotPlus() {
        URI uri = PushUrl.parse(PASTED).withHeartbeat("up", "all good now");

        assertThat(uri.getRawQuery()).isEqualTo("status=up&msg=all%20good%20now&ping=");
    }

    @Test
    void fragmentIsDropped() {
        PushUrl url = PushUrl.parse("https://kuma.example.com/api/push/" + TOKEN + "?foo=bar#section");
        URI uri = url.withHeartbeat("up", "OK");

        assertThat(uri.getRawFragment()).isNull();
        assertThat(uri.toString()).doesNotContain("section");
        assertThat(params(uri)).containsExactly("foo=bar", "status=up", "msg=OK", "ping=");
        assertThat(url).isEqualTo(PushUrl.parse("https://kuma.example.com/api/push/" + TOKEN + "?foo=bar"));
    }

    @Test
    void portAndSubPathAreKept() {
        URI uri = PushUrl.parse("http://10.0.0.5:3001/kuma/api/push/" + TOKEN).withHeartbeat("up", "OK");

        assertThat(uri).hasToString("http://10.0.0.5:3001/kuma/api/push/" + TOKEN + "?status=up&msg=OK&ping=");
    }

    // Redaction

    @ParameterizedTest(name = "{0} is shown as {1}")
    @CsvSource({
            "https://kuma.example.com/api/push/" + TOKEN + "?status=up&msg=OK&ping=, https://kuma.example.com/api/push/****",
            "https://kuma.example.com:8443/api/push/" + TOKEN + ", https://kuma.example.com:8443/api/push/****",
            "http://kuma.example.com/kuma/api/push/" + TOKEN + ", http://kuma.example.com/kuma/api/push/****",
            "https://kuma.example.com/hook/" + TOKEN + ", https://kuma.example.com/****",
            "https://kuma.example.com, https://kuma.example.com/****",
            "https://user:hunter2@kuma.example.com/api/push/" + TOKEN + ", https://****@kuma.example.com/api/push/****",
            "https://user@kuma.example.com:444/api/push/" + TOKEN + ", https://****@kuma.example.com:444/api/push/****",
            "HTTPS://kuma.example.com/api/push/" + TOKEN + ", https://kuma.example.com/api/push/****",
            "http://[::1]:3001/api/push/" + TOKEN + ", http://[::1]:3001/api/push/****",
            "https://kuma.example.com/api/push/" + TOKEN + "/extra#frag, https://kuma.example.com/api/push/****",
            "https://kuma.example.com/push/" + TOKEN + ", https://kuma.example.com/push/****",
            "https://kuma.example.com:0/api/push/" + TOKEN + ", https://kuma.example.com:0/api/push/****"})
    void redactedShowsWhereButNotTheSecrets(String text, String redacted) {
        PushUrl url = PushUrl.parse(text);

        assertThat(url.redacted()).isEqualTo(redacted);
        assertThat(url).hasToString(redacted);
        assertThat(url.toString()).doesNotContain(TOKEN).doesNotContain("hunter2").doesNotContain("user");
    }

    @Test
    void secretsListTheTokenTheUserInfoAndTheKeptQuery() {
        PushUrl url = PushUrl.parse("https://user:p%40ss@kuma.example.com/api/push/" + TOKEN
                + "?status=up&api_key=k3y&msg=OK");

        assertThat(url.secrets()).containsExactlyInAnyOrder(TOKEN, "user:p%40ss", "api_key=k3y");
    }

    @Test
    void secretsOfAUrlWithoutPushSegmentIsTheWholePath() {
        assertThat(PushUrl.parse("https://kuma.example.com/hook/" + TOKEN).secrets())
                .containsExactly("hook/" + TOKEN);
        assertThat(PushUrl.parse("https://kuma.example.com/").secrets()).isEmpty();
    }

    // Credentials in the URL

    @Test
    void userInfoBecomesBasicAuthorizationWithPercentEscapesDecoded() {
        PushUrl url = PushUrl.parse("https://user:p%40ss@host/api/push/T");

        assertThat(url.basicAuthorization()).contains(basic("user:p@ss"));
        assertThat(url.basicAuthorization()).contains("Basic dXNlcjpwQHNz");
    }

    @Test
    void plusInUserInfoIsAPlusNotASpace() {
        // In a URL's user info '+' is an ordinary character; only form encoding reads it as a space.
        assertThat(PushUrl.parse("https://user:p+ss@host/api/push/T").basicAuthorization())
                .contains(basic("user:p+ss"));
    }

    @Test
    void nonAsciiUserInfoIsSentAsUtf8() {
        assertThat(PushUrl.parse("https://j%C3%B6rg:p%C3%A4ss@host/api/push/T").basicAuthorization())
                .contains(basic("jörg:päss"));
    }

    @Test
    void userWithoutPasswordIsSentWithAnEmptyPassword() {
        // RFC 7617 user-pass is user-id ":" password; Go's client sends "user:" too.
        assertThat(PushUrl.parse("https://user@host/api/push/T").basicAuthorization()).contains(basic("user:"));
    }

    @Test
    void passwordWithoutUserIsSentWithAnEmptyUser() {
        assertThat(PushUrl.parse("https://:pa55@host/api/push/T").basicAuthorization()).contains(basic(":pa55"));
    }

    @Test
    void anInvalidUrlSaysWhatAndAtWhichCharacterCountingFromOne() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> PushUrl.parse("https://kuma.example.com/api/push/tok en"))
                .withMessage("is not a valid URL (Illegal character in path at character 38)");
    }

    @Test
    void noUserInfoMeansNoAuthorization() {
        assertThat(PushUrl.parse(PASTED).basicAuthorization()).isEmpty();
    }

    @Test
    void userInfoIsKeptInTheHeartbeatAddress() {
        URI uri = PushUrl.parse("https://user:p%40ss@host/api/push/T").withHeartbeat("up", "OK");

        assertThat(uri.getRawUserInfo()).isEqualTo("user:p%40ss");
    }

    // Rejected URLs

    @ParameterizedTest(name = "\"{0}\": {1}")
    @CsvSource(delimiter = '|', value = {
            "ftp://kuma.example.com/api/push/" + TOKEN + " | must be an absolute http:// or https:// URL",
            "/api/push/" + TOKEN + " | must be an absolute http:// or https:// URL",
            "kuma.example.com/api/push/" + TOKEN + " | must be an absolute http:// or https:// URL",
            "mailto:" + TOKEN + "@example.com | must be an absolute http:// or https:// URL",
            "https:///api/push/" + TOKEN + " | has no host name",
            "https:" + TOKEN + " | has no host name",
            "https://kuma.example.com/api/push/" + TOKEN + " x | is not a valid URL",
            "https://kuma.example.com/api/push/" + TOKEN + "%zz | is not a valid URL"})
    void rejectsWhatIsNotAnHttpUrlWithoutRepeatingIt(String text, String reason) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> PushUrl.parse(text))
                .withMessageStartingWith(reason)
                .withMessageNotContaining(TOKEN);
    }

    @Test
    void surroundingWhitespaceIsIgnored() {
        assertThat(PushUrl.parse("  " + PASTED + "\n")).isEqualTo(PushUrl.parse(PASTED));
    }

    // Equality

    @Test
    void equalUrlsAreEqualAndHashAlike() {
        PushUrl a = PushUrl.parse(PASTED);
        PushUrl b = PushUrl.parse(PASTED);

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isEqualTo(a);
        assertThat(PushUrl.parse("https://KUMA.example.com/api/push/T"))
                .isEqualTo(PushUrl.parse("https://kuma.example.com/api/push/T"))
                .hasSameHashCodeAs(PushUrl.parse("https://kuma.example.com/api/push/T"));
    }

    @Test
    void differentTokensHostsOrCredentialsAreNotEqual() {
        PushUrl a = PushUrl.parse("https://kuma.example.com/api/push/T1");

        assertThat(a).isNotEqualTo(PushUrl.parse("https://kuma.example.com/api/push/T2"));
        assertThat(a).isNotEqualTo(PushUrl.parse("https://kuma2.example.com/api/push/T1"));
        assertThat(a).isNotEqualTo(PushUrl.parse("https://u:p@kuma.example.com/api/push/T1"));
        assertThat(a).isNotEqualTo(PushUrl.parse("http://kuma.example.com/api/push/T1"));
        assertThat(a).isNotEqualTo("https://kuma.example.com/api/push/T1");
        assertThat(a).isNotEqualTo(null);
    }
}
