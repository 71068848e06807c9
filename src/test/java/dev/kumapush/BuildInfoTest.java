package dev.kumapush;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the version flag, the User-Agent, kumapush_build_info and the landing page say the build is. */
class BuildInfoTest {

    private static Properties properties(String version, String revision, String built) {
        Properties p = new Properties();
        p.setProperty("version", version);
        p.setProperty("revision", revision);
        p.setProperty("built", built);
        return p;
    }

    @Test
    void whatTheBuildFilledInIsShown() {
        BuildInfo b = BuildInfo.of(properties("1.2.3", "0123abc", "2026-11-24T00:00:00Z"));

        assertThat(b).isEqualTo(new BuildInfo("1.2.3", "0123abc", "2026-11-24T00:00:00Z"));
        assertThat(b.userAgent()).isEqualTo("alertmanager-uptime-kuma-push/1.2.3");
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"${git.commit.id}", "", "  "})
    void whatTheBuildLeftUnfilledIsUnknown(String value) {
        assertThat(BuildInfo.of(properties(value, value, value)))
                .isEqualTo(new BuildInfo("unknown", "unknown", "unknown"));
        assertThat(BuildInfo.of(new Properties())).isEqualTo(new BuildInfo("unknown", "unknown", "unknown"));
    }

    @Test
    void theBuildInformationOfThisBuildIsRead() {
        BuildInfo b = BuildInfo.load();

        assertThat(b.version()).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(b.built()).as("the pom's fixed timestamp").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    }
}
