package dev.kumapush.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.junit.jupiter.api.Test;

/** How a help text is laid out: usage lines, wrapped paragraphs, flags in a column, exit codes. */
class HelpTest {
    private static final String WORDS = "one two three four five six seven eight nine ten eleven twelve thirteen"
            + " fourteen fifteen sixteen seventeen eighteen nineteen twenty twenty-one twenty-two twenty-three";

    private static List<String> lines(String help) {
        return Arrays.asList(help.split("\n", -1));
    }

    private static String help(Options options, String... description) {
        return Help.of(List.of("tool [flags]", "tool push [flags]"), List.of(description), options,
                List.<String[]>of(new String[] {"0", "fine"}, new String[] {"2", "bad usage: " + WORDS}));
    }

    @Test
    void theFirstUsageLineIsLabelledAndTheOthersAlignUnderIt() {
        List<String> lines = lines(help(new Options(), "Does things."));

        assertThat(lines.subList(0, 3)).containsExactly("Usage: tool [flags]", "       tool push [flags]", "");
        assertThat(lines.get(3)).isEqualTo("Does things.");
    }

    @Test
    void noLineIsWiderThan110CharactersAndNoWordIsSplit() {
        String description = (WORDS + " ").repeat(4).trim();
        Options options = new Options().addOption(Option.builder().longOpt("push.retries").hasArg().argName("N")
                .desc(description).get());

        String help = help(options, description);

        assertThat(lines(help)).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(110));
        assertThat(help.replaceAll("\\s+", " ")).contains(description);
    }

    @Test
    void aParagraphFillsItsLinesUpTo110Characters() {
        String exact = "x".repeat(50) + " " + "y".repeat(59);
        assertThat(exact).hasSize(110);

        List<String> lines = lines(help(new Options(), exact + " z"));

        assertThat(lines.get(3)).isEqualTo(exact);
        assertThat(lines.get(4)).isEqualTo("z");
    }

    @Test
    void aFlagsMeaningStartsInItsColumnAndGoesOnUnderIt() {
        Options options = new Options().addOption(Option.builder("h").longOpt("help").desc("Show this help.").get())
                .addOption(Option.builder().longOpt("push.timeout").hasArg().argName("DURATION").desc(WORDS + " "
                        + WORDS).get());

        List<String> lines = lines(help(options, "Does things."));
        int flags = lines.indexOf("Flags:");

        assertThat(lines.get(flags + 1)).isEqualTo("  -h, --help" + " ".repeat(38 - 12) + "Show this help.");
        String timeout = lines.get(flags + 2);
        assertThat(timeout).startsWith("  --push.timeout=DURATION" + " ".repeat(38 - 25) + "one two three");
        assertThat(timeout.length()).isGreaterThan(100);
        assertThat(lines.get(flags + 3)).startsWith(" ".repeat(38)).doesNotStartWith(" ".repeat(39));
    }

    @Test
    void aFlagTooLongForItsColumnHasItsMeaningOnTheNextLines() {
        Options options = new Options().addOption(Option.builder().longOpt("web.shutdown-grace-period").hasArg()
                .argName("DURATION").desc("How long to wait.").get());

        List<String> lines = lines(help(options, "Does things."));
        int flags = lines.indexOf("Flags:");

        assertThat(lines.get(flags + 1)).isEqualTo("  --web.shutdown-grace-period=DURATION");
        assertThat(lines.get(flags + 2)).isEqualTo(" ".repeat(38) + "How long to wait.");
    }

    @Test
    void exitCodesHaveTheirMeaningInAColumnOfTheirOwn() {
        List<String> lines = lines(help(new Options(), "Does things."));
        int codes = lines.indexOf("Exit codes:");

        assertThat(lines.get(codes + 1)).isEqualTo("  0   fine");
        assertThat(lines.get(codes + 2)).startsWith("  2   bad usage: one");
        assertThat(lines.get(codes + 3)).startsWith("      ").doesNotStartWith("       ");
        assertThat(lines.get(lines.size() - 1)).isEmpty();
    }
}
