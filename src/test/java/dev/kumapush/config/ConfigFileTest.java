package dev.kumapush.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kumapush.kuma.Monitor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The YAML file of monitors and routes, as {@link Settings#fromEnvironment} loads it. */
class ConfigFileTest {
    private static final String THREE_CLUSTERS = """
            monitors:
              prod-eu:
                url_file: prod-eu-url
              prod-us:
                url: https://kuma.example.com/api/push/US-TOKEN?status=up&msg=OK&ping=
              staging:
                url: https://kuma.example.com/api/push/STAGING-TOKEN
              db-backup:
                url: https://kuma.example.com/api/push/BACKUP-TOKEN
                mode: status
            routes:
              - matchers: ['alertname="BackupFailed"']
                monitor: db-backup
              - matchers: ['cluster="prod-eu"', 'alertname=~"Watchdog|InfoInhibitor"']
                monitor: prod-eu
              - matchers: ['{cluster="prod-us", alertname="Watchdog"}']
                monitor: prod-us
            default_monitor: staging
            """;

    @TempDir
    Path dir;

    private Settings load(String yaml, Map<String, String> extraEnv) throws Exception {
        Path file = dir.resolve("kuma-push.yml");
        Files.writeString(file, yaml);
        Files.writeString(dir.resolve("prod-eu-url"), "https://kuma.example.com/api/push/EU-TOKEN\n");
        Map<String, String> env = new HashMap<>(extraEnv);
        env.put("CONFIG_FILE", file.toString());
        return Settings.fromEnvironment(env);
    }

    @Test
    void threeClustersAndABackupMonitorLoad() throws Exception {
        Settings s = load(THREE_CLUSTERS, Map.of());

        assertThat(s.monitors()).containsOnlyKeys("prod-eu", "prod-us", "staging", "db-backup");
        assertThat(s.monitors().get("prod-eu").url().redacted()).isEqualTo("https://kuma.example.com/api/push/****");
        assertThat(s.monitors().get("db-backup").mode()).isEqualTo(Monitor.Mode.STATUS);
        assertThat(s.monitors().get("prod-us").mode()).isEqualTo(Monitor.Mode.HEARTBEAT);
        assertThat(s.routes()).hasSize(3);
        assertThat(s.routes().get(1).matchers()).hasSize(2);
        assertThat(s.routes().get(2).matchers()).hasSize(2);
        assertThat(s.defaultMonitor()).contains("staging");
    }

    @Test
    void theEnvironmentsUrlAddsTheMonitorNamedDefaultWhichBecomesTheDefault() throws Exception {
        Settings s = load("""
                monitors:
                  other:
                    url: https://kuma.example.com/api/push/OTHER
                """, Map.of("UPTIME_KUMA_URL", "https://kuma.example.com/api/push/MAIN"));

        assertThat(s.monitors()).containsOnlyKeys("default", "other");
        assertThat(s.defaultMonitor()).contains("default");
    }

    @Test
    void withoutAnyDefaultThereIsNoDefaultMonitor() throws Exception {
        Settings s = load("""
                monitors:
                  a:
                    url: https://kuma.example.com/api/push/A
                """, Map.of());
        assertThat(s.defaultMonitor()).isEmpty();
    }

    @Test
    void aFileMonitorNamedDefaultBesideUptimeKumaUrlIsAnError() {
        assertThatThrownBy(() -> load("""
                monitors:
                  default:
                    url: https://kuma.example.com/api/push/X
                """, Map.of("UPTIME_KUMA_URL", "https://kuma.example.com/api/push/MAIN")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("monitors.default: UPTIME_KUMA_URL already defines the monitor named default");
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = ';', value = {
        "'monitors: {a: {url: https://k/api/push/SECRET1, url_file: f}}'; monitors.a: set url or url_file, not both",
        "'monitors: {a: {mode: status}}'; monitors.a: set url or url_file",
        "'monitors: {a: }'; monitors.a: set url or url_file",
        "'monitors: {a: {url: ftp://k/api/push/SECRET1}}'; monitors.a: url: the value must be an absolute http",
        "'monitors: {a: {url_file: missing-file}}'; monitors.a: url_file: no such file",
        "'monitors: {a: {url: https://k/api/push/SECRET1, mode: loud}}'; monitors.a: mode: expected heartbeat or status, found \"loud\"",
        "'monitors: {a: {urll: https://k/api/push/SECRET1}}'; monitors.a: unknown setting \"urll\" (known: mode, url, url_file)",
        "'monitors: {\"bad name\": {url: https://k/api/push/SECRET1}}'; the name \"bad name\" must be",
        "'monitors: {a: {url: https://k/api/push/SECRET1}}\nroutes: [{matchers: [''x=\"1\"''], monitor: b}]'; routes[0].monitor: unknown monitor \"b\" (defined: a)",
        "'monitors: {a: {url: https://k/api/push/SECRET1}}\nroutes: [{matchers: [''x=\"1\"'']}]'; routes[0]: monitor: required",
        "'monitors: {a: {url: https://k/api/push/SECRET1}}\nroutes: [{matchers: [''x=~\"(\"''], monitor: a}]'; routes[0].matchers[0]: invalid regular expression",
        "'monitors: {a: {url: https://k/api/push/SECRET1}}\nroutes: [{matchers: [''x'' ], monitor: a}]'; routes[0].matchers[0]: expected one of",
        "'monitors: {a: {url: https://k/api/push/SECRET1}}\ndefault_monitor: b'; default_monitor: unknown monitor \"b\" (defined: a)",
        "'monitors: {a: {url: https://k/api/push/SECRET1}}\nrouting: []'; unknown setting \"routing\"",
        "'monitors: [a, b]'; monitors: expected an object",
        "'monitors: https://k/api/push/SECRET1'; monitors: expected an object",
        "'monitors: {a: {url: [https://k/api/push/SECRET1]}}'; monitors.a.url: expected a string",
        "'monitors: {a: {url: https://k/api/push/SECRET1}'; not valid YAML",
        "'monitors: {}'; UPTIME_KUMA_URL: required",
        "'monitors: {a: {url: https://k/api/push/SECRET1}}\\nroutes: [{matchers: [''x=\"1\"''], monitor: a, continue: maybe}]'; routes[0].continue: expected true or false (line 2)",
        "'monitors: {a: {url: https://k/api/push/SECRET1}}\\nroutes: [{matchers: ''x=\"1\"'', monitor: a}]'; routes[0].matchers: expected an array (a list) (line 2)",
        "'monitors:\\n  a:\\n    url: https://k/api/push/SECRET1\\n   mode: status'; not valid YAML: while parsing a block mapping: expected <block end>, but found '<block mapping start>' (line 4)",
        "'monitors: {a: {url: https://k/api/push/SECRET1}}\\nflavour: mint'; (top level): unknown setting \"flavour\" (known: default_monitor, monitors, routes)",
    })
    void mistakesAreNamedPrecisely(String yaml, String message) {
        assertThatThrownBy(() -> load(yaml.replace("\\n", "\n"), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("SECRET1"));
    }

    @Test
    void aMissingOrEmptyFileIsNamed() throws Exception {
        assertThatThrownBy(() -> Settings.fromEnvironment(Map.of("CONFIG_FILE", dir.resolve("nope.yml").toString())))
                .hasMessageContaining("config file " + dir.resolve("nope.yml") + ": no such file");
        Files.writeString(dir.resolve("empty.yml"), "\n");
        assertThatThrownBy(() -> Settings.fromEnvironment(Map.of("CONFIG_FILE", dir.resolve("empty.yml").toString())))
                .hasMessageContaining("the file is empty");
    }
}
