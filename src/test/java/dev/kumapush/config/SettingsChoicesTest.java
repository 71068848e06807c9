package dev.kumapush.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The settings that choose between a few values (credentials, METRICS_REQUIRE_AUTH, LOG_LEVEL, LOG_FORMAT), the
 * bounds of sizes at their edges, and what the settings print: every value that is accepted, and the exact message
 * for one that is not.
 */
class SettingsChoicesTest {
    private static final String URL = "https://kuma.example.com/api/push/s3cr3tT0ken";

    private static Settings load(String... pairs) throws ConfigException {
        Map<String, String> env = new HashMap<>();
        env.put("UPTIME_KUMA_URL", URL);
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return Settings.fromEnvironment(env);
    }

    private static void loadFails(String message, String... pairs) {
        assertThatExceptionOfType(ConfigException.class).isThrownBy(() -> load(pairs)).withMessage(message);
    }

    // Webhook credentials

    @Test
    void aBasicAuthUserWithoutPasswordIsRefused() {
        loadFails("WEBHOOK_BASIC_AUTH_PASSWORD: required with WEBHOOK_BASIC_AUTH_USERNAME",
                "WEBHOOK_BASIC_AUTH_USERNAME", "alertmanager");
    }

    @Test
    void aBasicAuthPasswordWithoutUserIsRefused() {
        loadFails("WEBHOOK_BASIC_AUTH_USERNAME: required with WEBHOOK_BASIC_AUTH_PASSWORD",
                "WEBHOOK_BASIC_AUTH_PASSWORD", "s3cret");
    }

    @Test
    void aBasicAuthUserWithAColonIsRefused() {
        loadFails("WEBHOOK_BASIC_AUTH_USERNAME: must not contain ':'",
                "WEBHOOK_BASIC_AUTH_USERNAME", "alert:manager", "WEBHOOK_BASIC_AUTH_PASSWORD", "s3cret");
    }

    @Test
    void aBearerTokenAndBasicAuthTogetherAreRefused() {
        loadFails("WEBHOOK_BEARER_TOKEN and WEBHOOK_BASIC_AUTH_USERNAME/WEBHOOK_BASIC_AUTH_PASSWORD are both set;"
                + " Alertmanager sends one kind, so set only one", "WEBHOOK_BEARER_TOKEN", "t0ken",
                "WEBHOOK_BASIC_AUTH_PASSWORD", "s3cret");
    }

    @Test
    void userAndPasswordMakeBasicAuthAndATokenMakesBearer() throws ConfigException {
        assertThat(load("WEBHOOK_BASIC_AUTH_USERNAME", "alertmanager", "WEBHOOK_BASIC_AUTH_PASSWORD", "s3cret")
                .webhookAuth()).contains(new WebhookAuth.Basic("alertmanager", "s3cret"));
        assertThat(load("WEBHOOK_BEARER_TOKEN", "t0ken").webhookAuth()).contains(new WebhookAuth.Bearer("t0ken"));
        assertThat(load().webhookAuth()).isEmpty();
    }

    @Test
    void credentialsPrintMasked() {
        assertThat(new WebhookAuth.Bearer("t0ken-value")).hasToString("Bearer[****]");
        assertThat(new WebhookAuth.Basic("alertmanager", "s3cret-value"))
                .hasToString("Basic[username=alertmanager, password=****]");
    }

    @Test
    void theSettingsPrintWithoutAnySecret() throws ConfigException {
        String printed = load("WEBHOOK_BASIC_AUTH_USERNAME", "alertmanager", "WEBHOOK_BASIC_AUTH_PASSWORD",
                "s3cret-value", "HTTPS_PROXY", "http://proxy-user:hunter2@proxy:3128").toString();

        assertThat(printed).doesNotContain("s3cret-value").doesNotContain("hunter2").doesNotContain("s3cr3tT0ken")
                .contains("password=****").contains("https://kuma.example.com/api/push/****")
                .contains("http://****@proxy:3128");
        assertThat(load("WEBHOOK_BEARER_TOKEN", "t0ken-value").toString()).doesNotContain("t0ken-value")
                .contains("Bearer[****]");
    }

    // METRICS_REQUIRE_AUTH

    @ParameterizedTest(name = "METRICS_REQUIRE_AUTH={0} is {1}")
    @CsvSource({"true, true", "TRUE, true", "1, true", "yes, true", "false, false", "False, false", "0, false",
        "no, false", "'  ', false"})
    void metricsRequireAuthTakesTrueOrFalseInTheirUsualSpellings(String value, boolean expected)
            throws ConfigException {
        assertThat(load("METRICS_REQUIRE_AUTH", value, "WEBHOOK_BEARER_TOKEN", "t0ken").metricsAuth())
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "METRICS_REQUIRE_AUTH={0} without credentials")
    @CsvSource({"false", "0", "no"})
    void metricsRequireAuthFalseNeedsNoCredentials(String value) throws ConfigException {
        Settings s = load("METRICS_REQUIRE_AUTH", value);

        assertThat(s.metricsAuth()).isFalse();
        assertThat(s.webhookAuth()).isEmpty();
    }

    @Test
    void metricsRequireAuthTrueWithoutCredentialsIsRefused() {
        loadFails("METRICS_REQUIRE_AUTH: true needs credentials to require; set WEBHOOK_BEARER_TOKEN or"
                + " WEBHOOK_BASIC_AUTH_USERNAME and WEBHOOK_BASIC_AUTH_PASSWORD", "METRICS_REQUIRE_AUTH", "yes");
    }

    @Test
    void metricsRequireAuthOfAnotherWordIsRefused() {
        loadFails("METRICS_REQUIRE_AUTH: expected true or false, found \"maybe\"", "METRICS_REQUIRE_AUTH", "maybe",
                "WEBHOOK_BEARER_TOKEN", "t0ken");
    }

    // LOG_LEVEL and LOG_FORMAT

    @ParameterizedTest(name = "LOG_LEVEL={0}")
    @CsvSource({"debug, DEBUG", "DEBUG, DEBUG", "info, INFO", "warn, WARNING", "warning, WARNING", "Warn, WARNING",
        "error, ERROR", "'', INFO"})
    void logLevelTakesTheFourLevels(String value, System.Logger.Level expected) throws ConfigException {
        assertThat(load("LOG_LEVEL", value).logLevel()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "LOG_LEVEL={0}")
    @CsvSource({"trace", "fatal", "off", "2"})
    void anotherLogLevelIsRefusedNamingTheLevels(String value) {
        loadFails("LOG_LEVEL: expected debug, info, warn or error, found \"" + value + "\"", "LOG_LEVEL", value);
    }

    @ParameterizedTest(name = "LOG_FORMAT={0}")
    @CsvSource({"text, false", "TEXT, false", "json, true", "Json, true", "'', false"})
    void logFormatIsTextOrJson(String value, boolean json) throws ConfigException {
        assertThat(load("LOG_FORMAT", value).logJson()).isEqualTo(json);
    }

    @Test
    void anotherLogFormatIsRefused() {
        loadFails("LOG_FORMAT: expected text or json, found \"logfmt\"", "LOG_FORMAT", "logfmt");
    }

    // Sizes at their bounds

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({"MAX_REQUEST_LINE_SIZE, 64", "MAX_REQUEST_LINE_SIZE, 1MiB", "MAX_HEADER_SIZE, 256",
        "MAX_HEADER_SIZE, 1048576", "MAX_BODY_SIZE, 1", "MAX_BODY_SIZE, 2147483639"})
    void aSizeAtItsBoundIsAccepted(String name, String value) throws ConfigException {
        load(name, value);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "MAX_REQUEST_LINE_SIZE | 63       | from 64 bytes to 1MiB",
        "MAX_REQUEST_LINE_SIZE | 1048577  | from 64 bytes to 1MiB",
        "MAX_HEADER_SIZE       | 255      | from 256 bytes to 1MiB",
        "MAX_BODY_SIZE         | 0        | from 1 byte to 2147483639 bytes",
        "MAX_BODY_SIZE         | 2GiB     | from 1 byte to 2147483639 bytes"})
    void aSizeBeyondItsBoundIsRefusedWithTheBoundInWords(String name, String value, String bounds) {
        loadFails(name + ": must be a size " + bounds + ", in bytes or with a unit (such as 512KiB or 1MiB), found \""
                + value + "\"", name, value);
    }

    // What the settings imply

    @ParameterizedTest(name = "{0} tries of {1}, first pause {2}: at most {3}")
    @CsvSource({
        "1, 3s, 1s, 3s",
        "3, 3s, 1s, 12s",
        "3, 3s, 0, 9s",
        "4, 1s, 10s, 1m4s",
        "8, 1s, 10s, 3m8s"})
    void theLongestAPushCanTakeCountsEveryTryAndEveryPauseCappedAt30s(int tries, String timeout, String backoff,
            String longest) throws ConfigException {
        Settings s = load("GET_RETRIES", String.valueOf(tries), "PUSH_TIMEOUT", timeout, "RETRY_BACKOFF", backoff);

        assertThat(s.maxPushDuration()).isEqualTo(Durations.parse(longest));
    }

    @Test
    void withoutProxiesOrCaFileTheClientIsTheJdksPlainOne() throws Exception {
        try (var client = load().httpClient()) {
            assertThat(client.proxy()).isEmpty();
            assertThat(client.authenticator()).isEmpty();
            assertThat(client.connectTimeout()).contains(Duration.ofSeconds(3));
        }
        try (var client = load("HTTPS_PROXY", "http://user:pw@proxy:3128").httpClient()) {
            assertThat(client.proxy()).isPresent();
            assertThat(client.authenticator()).isPresent();
        }
        try (var client = load("HTTPS_PROXY", "http://proxy:3128").httpClient()) {
            assertThat(client.proxy()).isPresent();
            assertThat(client.authenticator()).as("no credentials, no authenticator").isEqualTo(Optional.empty());
        }
    }
}
