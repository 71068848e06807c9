package dev.kumapush.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.kumapush.kuma.Monitor;
import dev.kumapush.kuma.ProxySettings;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssertAlternative;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SettingsLoaderTest {
    private static final String TOKEN = "s3cr3tT0ken";
    private static final String URL = "https://kuma.example.com/api/push/" + TOKEN + "?status=up&msg=OK&ping=";

    @TempDir
    Path dir;

    /** The environment with a valid push URL plus the given pairs; an empty value stands for a variable set to "". */
    private static Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>();
        env.put("UPTIME_KUMA_URL", URL);
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] == null) {
                env.remove(pairs[i]);
            } else {
                env.put(pairs[i], pairs[i + 1]);
            }
        }
        return env;
    }

    private static Settings load(String... pairs) throws ConfigException {
        return Settings.fromEnvironment(env(pairs));
    }

    private static ThrowableAssertAlternative<ConfigException> loadFails(Map<String, String> env) {
        return assertThatExceptionOfType(ConfigException.class).isThrownBy(() -> Settings.fromEnvironment(env));
    }

    private static ThrowableAssertAlternative<ConfigException> loadFails(String... pairs) {
        return loadFails(env(pairs));
    }

    // Defaults

    @Test
    void onlyThePushUrlIsNeededAndEverythingElseHasItsDefault() throws ConfigException {
        Settings s = Settings.fromEnvironment(Map.of("UPTIME_KUMA_URL", URL));

        assertThat(s.listen()).isEqualTo(new ListenAddress("", 8081));
        assertThat(s.listen()).hasToString(":8081");
        assertThat(s.getRetries()).isEqualTo(3);
        assertThat(s.pushTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(s.retryBackoff()).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.maxBodySize()).isEqualTo(1_048_576L);
        assertThat(s.caFile()).isEmpty();
        assertThat(s.proxies()).isEqualTo(ProxySettings.NONE);
        assertThat(s.shutdownGrace()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.httpLimits()).isEqualTo(new dev.kumapush.http.HttpLimits(256, 4096, 8192, 64, 1_048_576L,
                Duration.ofSeconds(10), Duration.ofSeconds(30)));
        assertThat(s.maxConcurrentWebhooks()).isEqualTo(32);
    }

    @Test
    void theServersBoundsAreRead() throws ConfigException {
        Settings s = load("MAX_CONNECTIONS", "100", "MAX_REQUEST_LINE_SIZE", "2KiB", "MAX_HEADER_SIZE", "16KiB",
                "MAX_HEADERS", "20", "IDLE_TIMEOUT", "5s", "READ_TIMEOUT", "1500ms", "MAX_BODY_SIZE", "64KiB");
        assertThat(s.httpLimits()).isEqualTo(new dev.kumapush.http.HttpLimits(100, 2048, 16384, 20, 65_536L,
                Duration.ofMillis(1500), Duration.ofSeconds(5)));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "MAX_CONNECTIONS, 0, 'MAX_CONNECTIONS: must be a whole number from 1 to 100000 (open connections at once), found \"0\"'",
        "MAX_CONNECTIONS, many, 'MAX_CONNECTIONS: must be a whole number from 1 to 100000 (open connections at once), found \"many\"'",
        "MAX_HEADERS, 0, 'MAX_HEADERS: must be a whole number from 1 to 10000 (header lines of a request), found \"0\"'",
        "MAX_REQUEST_LINE_SIZE, 10, 'MAX_REQUEST_LINE_SIZE: must be a size from 64 bytes to 1MiB, in bytes or with a unit (such as 512KiB or 1MiB), found \"10\"'",
        "MAX_HEADER_SIZE, 2MiB, 'MAX_HEADER_SIZE: must be a size from 256 bytes to 1MiB, in bytes or with a unit (such as 512KiB or 1MiB), found \"2MiB\"'",
        "IDLE_TIMEOUT, 0s, 'IDLE_TIMEOUT: must be more than zero, found \"0s\"'",
        "READ_TIMEOUT, never, 'READ_TIMEOUT: '"})
    void aBadBoundIsNamedWithItsRule(String name, String value, String message) {
        loadFails(name, value).withMessageStartingWith(message);
    }

    @Test
    void blankValuesCountAsUnset() throws ConfigException {
        Settings s = load("LISTEN_ADDRESS", "  ", "GET_RETRIES", "", "PUSH_TIMEOUT", " ", "MAX_BODY_SIZE", "",
                "HTTPS_PROXY", " ", "NO_PROXY", "");

        assertThat(s.listen()).hasToString(":8081");
        assertThat(s.getRetries()).isEqualTo(3);
        assertThat(s.pushTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(s.maxBodySize()).isEqualTo(1_048_576L);
        assertThat(s.proxies()).isEqualTo(ProxySettings.NONE);
    }

    @Test
    void theDefaultMonitorIsNamedDefaultWithHeartbeatModeAndThePushUrl() throws ConfigException {
        Settings s = load();

        assertThat(s.monitors()).containsOnlyKeys("default");
        Monitor m = s.monitors().get(Settings.DEFAULT_MONITOR);
        assertThat(m.name()).isEqualTo("default");
        assertThat(m.mode()).isEqualTo(Monitor.Mode.HEARTBEAT);
        assertThat(m.url().redacted()).isEqualTo("https://kuma.example.com/api/push/****");
        assertThat(m.url()).isEqualTo(dev.kumapush.kuma.PushUrl.parse(URL));
    }

    @Test
    void thePushUrlIsStrippedOfSurroundingWhitespace() throws ConfigException {
        Settings s = load("UPTIME_KUMA_URL", "  " + URL + "\n");

        assertThat(s.monitors().get("default").url()).isEqualTo(dev.kumapush.kuma.PushUrl.parse(URL));
    }

    // Valid values

    @Test
    void validValuesAreRead(@TempDir Path caDir) throws ConfigException, IOException {
        Path ca = Files.writeString(caDir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
        Settings s = load("LISTEN_ADDRESS", "127.0.0.1:9095", "GET_RETRIES", "100", "PUSH_TIMEOUT", "1m30s",
                "RETRY_BACKOFF", "0", "MAX_BODY_SIZE", "512KiB", "UPTIME_KUMA_CA_FILE", ca.toString(),
                "SHUTDOWN_GRACE_PERIOD", "0s");

        assertThat(s.listen()).isEqualTo(new ListenAddress("127.0.0.1", 9095));
        assertThat(s.getRetries()).isEqualTo(100);
        assertThat(s.pushTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(s.retryBackoff()).isZero();
        assertThat(s.maxBodySize()).isEqualTo(512 * 1024L);
        assertThat(s.caFile()).contains(ca);
        assertThat(s.shutdownGrace()).isZero();
    }

    @ParameterizedTest(name = "GET_RETRIES={0}")
    @ValueSource(strings = {"1", "3", "100"})
    void getRetriesFromOneToHundredIsAccepted(String value) throws ConfigException {
        assertThat(load("GET_RETRIES", value).getRetries()).isEqualTo(Integer.parseInt(value));
    }

    @ParameterizedTest(name = "MAX_BODY_SIZE={0} is {1} bytes")
    @CsvSource({
            "1, 1",
            "1048576, 1048576",
            "1B, 1",
            "2KB, 2000",
            "2KiB, 2048",
            "1MB, 1000000",
            "1MiB, 1048576",
            "1mib, 1048576",
            "1 MiB, 1048576",
            "1GB, 1000000000",
            "1GiB, 1073741824"})
    void maxBodySizeAcceptsBytesAndUnits(String value, long bytes) throws ConfigException {
        assertThat(load("MAX_BODY_SIZE", value).maxBodySize()).isEqualTo(bytes);
    }

    // Bad values: the message names the setting and the value

    @ParameterizedTest(name = "GET_RETRIES={0}")
    @ValueSource(strings = {"0", "-1", "abc", "101", "1.5", "99999999999"})
    void getRetriesOutOfRangeIsRejectedNamingTheSettingAndValue(String value) {
        loadFails("GET_RETRIES", value)
                .withMessageStartingWith("GET_RETRIES: ")
                .withMessageContaining("from 1 to 100")
                .withMessageContaining("\"" + value + "\"");
    }

    @ParameterizedTest(name = "PUSH_TIMEOUT={0}")
    @ValueSource(strings = {"0s", "0", "-1s", "fast", "3", "2562048h"})
    void pushTimeoutMustBeAPositiveDuration(String value) {
        loadFails("PUSH_TIMEOUT", value)
                .withMessageStartingWith("PUSH_TIMEOUT: ")
                .withMessageContaining("\"" + value + "\"");
    }

    @Test
    void pushTimeoutOfZeroSaysItMustBeMoreThanZero() {
        loadFails("PUSH_TIMEOUT", "0s").withMessage("PUSH_TIMEOUT: must be more than zero, found \"0s\"");
    }

    @Test
    void retryBackoffMayBeZeroButNotNegative() {
        loadFails("RETRY_BACKOFF", "-1s").withMessage("RETRY_BACKOFF: must be zero or more, found \"-1s\"");
    }

    @ParameterizedTest(name = "SHUTDOWN_GRACE_PERIOD={0}")
    @ValueSource(strings = {"-1s", "soon"})
    void shutdownGracePeriodMustBeZeroOrMore(String value) {
        loadFails("SHUTDOWN_GRACE_PERIOD", value)
                .withMessageStartingWith("SHUTDOWN_GRACE_PERIOD: ")
                .withMessageContaining("\"" + value + "\"");
    }

    @ParameterizedTest(name = "MAX_BODY_SIZE={0}")
    @ValueSource(strings = {"0", "0MiB", "1XB", "3GiB", "-1", "1.5MiB", "MiB", "99999999999999999999"})
    void maxBodySizeOutOfRangeIsRejectedNamingTheSettingAndValue(String value) {
        loadFails("MAX_BODY_SIZE", value)
                .withMessageStartingWith("MAX_BODY_SIZE: ")
                .withMessageContaining("\"" + value + "\"");
    }

    @ParameterizedTest(name = "LISTEN_ADDRESS={0}")
    @ValueSource(strings = {"8081", ":99999", "::1:80"})
    void badListenAddressIsRejectedNamingTheSettingAndValue(String value) {
        loadFails("LISTEN_ADDRESS", value)
                .withMessageStartingWith("LISTEN_ADDRESS: ")
                .withMessageContaining("\"" + value + "\"");
    }

    @Test
    void missingCaFileIsRejectedNamingTheSetting() {
        Path missing = dir.resolve("no-such-ca.pem");
        loadFails("UPTIME_KUMA_CA_FILE", missing.toString())
                .withMessage("UPTIME_KUMA_CA_FILE: cannot read " + missing);
    }

    // The push URL

    @Test
    void missingPushUrlIsRejectedNamingBothWaysToSetIt() {
        loadFails(Map.of())
                .withMessageStartingWith("UPTIME_KUMA_URL: required")
                .withMessageContaining("UPTIME_KUMA_URL_FILE");
        loadFails("UPTIME_KUMA_URL", "   ").withMessageStartingWith("UPTIME_KUMA_URL: required");
    }

    @ParameterizedTest(name = "UPTIME_KUMA_URL={0}")
    @CsvSource(delimiter = '|', value = {
            "ftp://x/y | must be an absolute http:// or https:// URL",
            "not a url | is not a valid URL",
            "/relative | must be an absolute http:// or https:// URL",
            "https:///api/push/x | has no host name"})
    void badPushUrlIsRejectedNamingTheSetting(String value, String reason) {
        loadFails("UPTIME_KUMA_URL", value).withMessageStartingWith("UPTIME_KUMA_URL: the value " + reason);
    }

    @ParameterizedTest(name = "UPTIME_KUMA_URL={0}")
    @ValueSource(strings = {
            "ftp://kuma.example.com/api/push/" + TOKEN,
            "kuma.example.com/api/push/" + TOKEN,
            "https://kuma.example.com/api/push/" + TOKEN + " x",
            "https://kuma.example.com/api/push/" + TOKEN + "%zz",
            "https://kuma.example.com/api/push/" + TOKEN + "|",
            "https://user:" + TOKEN + "@/api/push/x",
            "https:" + TOKEN,
            "https://" + TOKEN + "_/api/push/x",
            "https://kuma.example.com:99999999999/api/push/" + TOKEN})
    void badPushUrlErrorNeverContainsTheToken(String value) {
        loadFails("UPTIME_KUMA_URL", value)
                .withMessageStartingWith("UPTIME_KUMA_URL: ")
                .withMessageNotContaining(TOKEN);
    }

    @Test
    void pushUrlAndPushUrlFileTogetherAreRejected() throws IOException {
        Path file = Files.writeString(dir.resolve("url"), URL);
        loadFails("UPTIME_KUMA_URL_FILE", file.toString())
                .withMessage("UPTIME_KUMA_URL and UPTIME_KUMA_URL_FILE are both set; set only one of them");
    }

    @Test
    void pushUrlIsReadFromTheFileWithSurroundingWhitespaceStripped() throws IOException, ConfigException {
        Path file = Files.writeString(dir.resolve("url"), "\n  " + URL + " \r\n\t");
        Settings s = load("UPTIME_KUMA_URL", null, "UPTIME_KUMA_URL_FILE", file.toString());

        assertThat(s.monitors().get("default").url()).isEqualTo(dev.kumapush.kuma.PushUrl.parse(URL));
    }

    @Test
    void pushUrlFileIsReadAsUtf8() throws IOException, ConfigException {
        String url = "https://kuma.example.com/api/push/t\u00f6ken";
        Path file = Files.write(dir.resolve("url"), url.getBytes(StandardCharsets.UTF_8));
        Settings s = load("UPTIME_KUMA_URL", null, "UPTIME_KUMA_URL_FILE", file.toString());

        assertThat(s.monitors().get("default").url()).isEqualTo(dev.kumapush.kuma.PushUrl.parse(url));
    }

    @Test
    void missingPushUrlFileIsRejectedNamingTheSettingAndPath() {
        Path missing = dir.resolve("missing");
        loadFails("UPTIME_KUMA_URL", null, "UPTIME_KUMA_URL_FILE", missing.toString())
                .withMessage("UPTIME_KUMA_URL_FILE: no such file: " + missing);
    }

    @Test
    void emptyPushUrlFileIsRejectedNamingTheSetting() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty"), " \n\t\n");
        loadFails("UPTIME_KUMA_URL", null, "UPTIME_KUMA_URL_FILE", empty.toString())
                .withMessage("UPTIME_KUMA_URL_FILE: the file " + empty + " is empty");
    }

    @Test
    void unreadablePushUrlFileIsRejectedNamingTheSetting() {
        loadFails("UPTIME_KUMA_URL", null, "UPTIME_KUMA_URL_FILE", dir.toString())
                .withMessageStartingWith("UPTIME_KUMA_URL_FILE: cannot read " + dir);
    }

    @Test
    void badUrlInThePushUrlFileIsRejectedWithoutTheToken() throws IOException {
        Path file = Files.writeString(dir.resolve("url"), "ftp://kuma.example.com/api/push/" + TOKEN + "\n");
        loadFails("UPTIME_KUMA_URL", null, "UPTIME_KUMA_URL_FILE", file.toString())
                .withMessageContaining("must be an absolute http:// or https:// URL")
                .withMessageNotContaining(TOKEN);
    }

    // Proxies

    @Test
    void upperCaseProxyVariablesWinOverLowerCase() throws ConfigException {
        ProxySettings p = load("HTTPS_PROXY", "http://upper:3128", "https_proxy", "http://lower:3128",
                "HTTP_PROXY", "http://upper-plain:3128", "http_proxy", "http://lower-plain:3128",
                "NO_PROXY", "upper.example", "no_proxy", "lower.example").proxies();

        assertThat(p.httpsProxy()).contains(URI.create("http://upper:3128"));
        assertThat(p.httpProxy()).contains(URI.create("http://upper-plain:3128"));
        assertThat(p.noProxy()).containsExactly("upper.example");
    }

    @Test
    void lowerCaseProxyVariablesAreReadWhenUpperCaseIsUnset() throws ConfigException {
        ProxySettings p = load("https_proxy", "http://lower:3128", "http_proxy", "http://lower-plain:3128",
                "no_proxy", "lower.example").proxies();

        assertThat(p.httpsProxy()).contains(URI.create("http://lower:3128"));
        assertThat(p.httpProxy()).contains(URI.create("http://lower-plain:3128"));
        assertThat(p.noProxy()).containsExactly("lower.example");
    }

    @Test
    void proxyWithoutSchemeIsHttp() throws ConfigException {
        ProxySettings p = load("HTTPS_PROXY", "proxy:3128", "HTTP_PROXY", "user:pa55@proxy.internal:8080").proxies();

        assertThat(p.httpsProxy()).contains(URI.create("http://proxy:3128"));
        assertThat(p.httpProxy()).contains(URI.create("http://user:pa55@proxy.internal:8080"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
            "HTTPS_PROXY, https://proxy:3128, https",
            "HTTPS_PROXY, socks5://proxy:1080, socks5",
            "HTTP_PROXY, https://proxy:3128, https",
            "HTTP_PROXY, socks5://proxy:1080, socks5",
            "https_proxy, https://proxy:3128, https",
            "https_proxy, socks5://proxy:1080, socks5",
            "http_proxy, socks5h://proxy:1080, socks5h"})
    void proxyOtherThanHttpIsRejectedNamingTheVariable(String variable, String value, String scheme) {
        loadFails(variable, value)
                .withMessageStartingWith(variable + ": only http:// proxies are supported")
                .withMessageContaining("\"" + scheme + "\"");
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
            "HTTPS_PROXY, http://proxy:3128/a b",
            "https_proxy, http://proxy:3128/a b",
            "HTTP_PROXY, 'http://'",
            "http_proxy, http:///path"})
    void malformedProxyIsRejectedNamingTheVariable(String variable, String value) {
        loadFails(variable, value).withMessageStartingWith(variable + ": ");
    }

    @Test
    void proxyErrorDoesNotRepeatTheProxyPassword() {
        loadFails("HTTPS_PROXY", "socks5://user:hunter2@proxy:1080").withMessageNotContaining("hunter2");
        loadFails("HTTPS_PROXY", "http://user:hunter2@proxy:3128/a b").withMessageNotContaining("hunter2");
    }

    @Test
    void noProxyIsSplitTrimmedAndLowerCased() throws ConfigException {
        ProxySettings p = load("NO_PROXY", " Kuma.Example.COM , .Internal.Example,,10.0.0.0/8 ,*.LAN, [::1]:8080,")
                .proxies();

        assertThat(p.noProxy())
                .containsExactly("kuma.example.com", ".internal.example", "10.0.0.0/8", "*.lan", "[::1]:8080");
        assertThat(p.httpsProxy()).isEmpty();
        assertThat(p.httpProxy()).isEmpty();
    }

    @Test
    void proxySettingsPrintWithoutCredentials() throws ConfigException {
        ProxySettings p = load("HTTPS_PROXY", "http://user:hunter2@proxy:3128", "NO_PROXY", "a").proxies();

        assertThat(p.toString()).doesNotContain("hunter2").contains("http://****@proxy:3128");
        assertThat(p.forScheme("https")).isEqualTo(p.httpsProxy());
        assertThat(p.forScheme("http")).isEqualTo(Optional.empty());
        assertThat(p.noProxy()).isEqualTo(List.of("a"));
    }
}
