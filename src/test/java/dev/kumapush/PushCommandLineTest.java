package dev.kumapush;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What {@code push --help} and {@code --version} say, and the exit codes they promise, in-process. */
class PushCommandLineTest {

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine(Map.of(), (port, stop) -> { });
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
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
        assertThat(push.err()).contains("--web.listen-address");
    }

    @Test
    void anUnknownStatusIsAUsageError() {
        Run push = run("push", "--status", "sideways");

        assertThat(push.exit()).isEqualTo(2);
        assertThat(push.err()).contains("--status: expected up or down");
    }

    @Test
    void versionDoesNotCallTheFixedTimestampABuildTime() {
        Run version = run("--version");

        assertThat(version.exit()).isZero();
        assertThat(version.out()).contains("commit: ").contains("file times: ")
                .contains("not the build time").doesNotContain("built:");
    }
}
