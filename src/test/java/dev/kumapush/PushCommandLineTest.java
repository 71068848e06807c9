package dev.kumapush;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@code push --help} and {@code --version} say, and the exit codes they promise, in-process. */
class PushCommandLineTest {

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.run(args, Map.of(), new PrintWriter(out, true), new PrintWriter(err, true), (port, stop) -> {
            throw new AssertionError("nothing here serves");
        });
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void pushHelpListsOnlyTheFlagsAPushUses() {
        Run help = run("push", "--help");

        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("--monitor", "--status", "--msg", "--config.file", "--kuma.url-file",
                "--push.retries", "--push.timeout", "--push.retry-backoff", "--kuma.ca-file", "--log.level");
        assertThat(help.out()).doesNotContain("--web.");
    }

    @Test
    void pushHelpStatesTheExitCodesThePushCommandReturns() {
        Run help = run("push", "--help");

        assertThat(help.out()).containsPattern("0 +Kuma took the push")
                .containsPattern("1 +the push failed")
                .containsPattern("2 +invalid configuration or usage");
    }

    @Test
    void theServerHelpStillListsTheServerFlags() {
        assertThat(run("--help").out()).contains("--web.listen-address", "--web.shutdown-grace-period");
    }

    @Test
    void aServerFlagGivenToPushIsAUsageError() {
        Run push = run("push", "--web.listen-address=:9999");

        assertThat(push.exit()).isEqualTo(2);
        assertThat(push.err()).contains("--web.listen-address").contains("see push --help");
    }

    @Test
    void aMistypedFlagAnArgumentOrARepeatedFlagIsAUsageError() {
        assertThat(run("--push.retr=3")).satisfies(r -> {
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err()).contains("Unrecognized option: --push.retr=3").contains("see --help");
        });
        assertThat(run("serve")).satisfies(r -> {
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err()).contains("unexpected argument \"serve\"");
        });
        assertThat(run("--push.retries=2", "--push.retries=3")).satisfies(r -> {
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err()).contains("--push.retries given more than once");
        });
        assertThat(run("--push.timeout")).satisfies(r -> {
            assertThat(r.exit()).isEqualTo(2);
            assertThat(r.err()).contains("push.timeout");
        });
    }

    @Test
    void theHelpListsEveryFlagWithItsVariableAndDefault() {
        String help = run("-h").out();
        for (dev.kumapush.cli.SettingsOptions.Flag f : dev.kumapush.cli.SettingsOptions.FLAGS) {
            assertThat(help).contains("--" + f.name() + "=" + f.value()).contains(f.env());
        }
        assertThat(help).contains("--check-config", "Env: GET_RETRIES. Default: 3.");
        assertThat(help.replaceAll("\\s+", " ")).contains("YAML file of monitors and routes. Env: CONFIG_FILE. -");
    }

    @Test
    void aConfigurationErrorIsExitTwoAndCheckConfigOne() {
        Run serve = run();
        assertThat(serve.exit()).isEqualTo(2);
        assertThat(serve.err()).contains("configuration error: UPTIME_KUMA_URL: required");
        assertThat(run("--check-config").exit()).isEqualTo(1);
        Run push = run("push");
        assertThat(push.exit()).isEqualTo(2);
        assertThat(push.err()).contains("UPTIME_KUMA_URL: required");
    }

    @Test
    void anUnknownStatusIsAUsageError() {
        Run push = run("push", "--status", "sideways");

        assertThat(push.exit()).isEqualTo(2);
        assertThat(push.err()).contains("--status: expected up or down");
    }

    @Test
    void pushTakesVersionToo() {
        Run version = run("push", "--version");

        assertThat(version.exit()).isZero();
        assertThat(version.out()).startsWith("alertmanager-uptime-kuma-push ").contains("commit: ");
    }

    @Test
    void versionDoesNotCallTheFixedTimestampABuildTime() {
        Run version = run("--version");

        assertThat(version.exit()).isZero();
        assertThat(version.out()).startsWith("alertmanager-uptime-kuma-push ").contains("commit: ")
                .contains("file times: ").contains("not the build time").doesNotContain("built:")
                .contains("java: " + Runtime.version());
    }
}
