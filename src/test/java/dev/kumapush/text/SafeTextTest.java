package dev.kumapush.text;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SafeTextTest {
    @ParameterizedTest(name = "U+{0}")
    @ValueSource(ints = {0x00, 0x07, 0x0a, 0x0d, 0x1b, 0x1f, 0x7f, 0x80, 0x85, 0x9b, 0x9f, 0x2028, 0x2029, 0x202a,
        0x202e, 0x2066, 0x2069, 0xd800, 0xdfff})
    void controlsSeparatorsBidiAndLoneSurrogatesAreUnsafe(int c) {
        assertThat(SafeText.unsafe(c)).isTrue();
    }

    @ParameterizedTest(name = "U+{0}")
    @ValueSource(ints = {0x20, 0x41, 0x7e, 0xa0, 0xe9, 0x2027, 0x202f, 0x2065, 0x206a, 0x1f525})
    void printableTextIsSafe(int c) {
        assertThat(SafeText.unsafe(c)).isFalse();
    }

    @Test
    void oneLineTurnsEachRunOfUnsafeCharactersIntoOneSpace() {
        assertThat(SafeText.oneLine("a\r\n\u001bb\u0085c", 100)).isEqualTo("a b c");
        assertThat(SafeText.oneLine("plain", 100)).isSameAs("plain");
    }

    @Test
    void oneLineCutsAfterReplacing() {
        assertThat(SafeText.oneLine("ab\ncdef", 4)).isEqualTo("ab …");
    }

    @Test
    void escapeWritesEveryUnsafeCharacterVisibly() {
        assertThat(SafeText.escape("a\nb\rc\td\\e\"f\u001bg\u0085h\u2028i\ud800j", 100))
                .isEqualTo("a\\nb\\rc\\td\\\\e\\\"f\\x1bg\\x85h\\u2028i\\ud800j");
        assertThat(SafeText.escape("plain 🔥", 100)).isSameAs("plain 🔥");
    }

    @Test
    void escapeCutsTheOriginalNotTheEscapes() {
        assertThat(SafeText.escape("\n\n\n\n\n", 3)).isEqualTo("\\n\\n…");
    }

    @Test
    void cutKeepsWholeCharacters() {
        assertThat(SafeText.cut("🔥🔥🔥", 2)).isEqualTo("🔥…");
        assertThat(SafeText.cut("🔥🔥", 2)).isEqualTo("🔥🔥");
        assertThat(SafeText.cut("abc", 3)).isEqualTo("abc");
        assertThat(SafeText.cut("abcd", 3)).isEqualTo("ab…");
    }
}
