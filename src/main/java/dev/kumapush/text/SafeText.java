package dev.kumapush.text;

/**
 * The one definition of text that must not travel as it came: C0 and C1 control characters, DEL, the line and
 * paragraph separators U+2028 and U+2029, and the bidirectional controls that can make text read other than it is
 * (U+202A to U+202E, U+2066 to U+2069), and a lone half of a surrogate pair. What a client sends passes through here before it reaches a log line, an
 * answer, or Kuma.
 */
public final class SafeText {
    private static final String ELLIPSIS = "…";

    private SafeText() {
    }

    /** True for a code point that must not pass unchanged. */
    public static boolean unsafe(int c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == 0x2028 || c == 0x2029
                || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069) || (c >= 0xd800 && c <= 0xdfff);
    }

    /**
     * One line of at most {@code max} code points: every run of unsafe characters becomes one space, and a longer
     * text is cut between characters and ends with {@code …}.
     */
    public static String oneLine(String text, int max) {
        StringBuilder out = null;
        boolean lastReplaced = false;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            int next = i + Character.charCount(c);
            if (unsafe(c)) {
                if (out == null) {
                    out = new StringBuilder(text.length()).append(text, 0, i);
                }
                if (!lastReplaced) {
                    out.append(' ');
                }
                lastReplaced = true;
            } else {
                if (out != null) {
                    out.appendCodePoint(c);
                }
                lastReplaced = false;
            }
            i = next;
        }
        return cut(out == null ? text : out.toString(), max);
    }

    /**
     * Text fit for a log line: every unsafe character and the backslash written as an escape ({@code \n},
     * {@code \r}, {@code \t}, {@code \\}, {@code \x1b}, {@code \u0085}), a double quote as {@code \"}, and at most
     * {@code max} code points of the original kept (then {@code …}).
     */
    public static String escape(String text, int max) {
        String kept = cut(text, max);
        StringBuilder out = null;
        for (int i = 0; i < kept.length(); ) {
            int c = kept.codePointAt(i);
            String escaped = switch (c) {
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                case '\t' -> "\\t";
                case '\\' -> "\\\\";
                case '"' -> "\\\"";
                default -> !unsafe(c) ? null : c < 0x100 ? String.format("\\x%02x", c) : String.format("\\u%04x", c);
            };
            if (escaped != null && out == null) {
                out = new StringBuilder(kept.length() + 16).append(kept, 0, i);
            }
            if (out != null) {
                if (escaped != null) {
                    out.append(escaped);
                } else {
                    out.appendCodePoint(c);
                }
            }
            i += Character.charCount(c);
        }
        return out == null ? kept : out.toString();
    }

    /** At most {@code max} code points, cut between characters, never inside one; a cut text ends with {@code …}. */
    public static String cut(String text, int max) {
        if (text.length() <= max || text.codePointCount(0, text.length()) <= max) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, max - 1)) + ELLIPSIS;
    }
}
