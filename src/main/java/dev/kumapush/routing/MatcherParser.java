package dev.kumapush.routing;

import com.google.re2j.PatternSyntaxException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads matchers as Alertmanager's configuration writes them: one or more comma-separated matchers, optionally inside
 * braces ({@code {cluster="prod", alertname=~"Watchdog|InfoInhibitor"}}); values double-quoted with {@code \"},
 * {@code \\} and {@code \n} escapes, or bare words.
 */
public final class MatcherParser {
    private final String text;
    private int pos;

    private MatcherParser(String text) {
        this.text = text;
    }

    /**
     * Parses one matcher string.
     *
     * @throws IllegalArgumentException saying what is wrong and where
     */
    public static List<Matcher> parse(String text) {
        return new MatcherParser(text).all();
    }

    private List<Matcher> all() {
        skipSpace();
        boolean braces = peek('{');
        if (braces) {
            pos++;
        }
        List<Matcher> matchers = new ArrayList<>();
        skipSpace();
        while (pos < text.length() && !(braces && peek('}'))) {
            matchers.add(one());
            skipSpace();
            if (peek(',')) {
                pos++;
                skipSpace();
            } else {
                break;
            }
        }
        if (braces) {
            expect('}', "a closing '}'");
            skipSpace();
        }
        if (pos < text.length()) {
            throw error("unexpected \"" + text.substring(pos) + "\"");
        }
        if (matchers.isEmpty()) {
            throw error("no matcher");
        }
        return matchers;
    }

    private Matcher one() {
        int start = pos;
        while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
            pos++;
        }
        String name = text.substring(start, pos);
        if (name.isEmpty() || Character.isDigit(name.charAt(0))) {
            throw error("expected a label name");
        }
        skipSpace();
        Matcher.Type type = operator();
        skipSpace();
        String value = peek('"') ? quoted() : bare();
        try {
            return Matcher.of(name, type, value);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("invalid regular expression in " + name + type.operator() + "\""
                    + value + "\": " + e.getDescription());
        }
    }

    private Matcher.Type operator() {
        for (Matcher.Type type : new Matcher.Type[] {Matcher.Type.REGEX, Matcher.Type.NOT_REGEX, Matcher.Type.NOT_EQUAL,
                Matcher.Type.EQUAL}) {
            if (text.startsWith(type.operator(), pos)) {
                pos += type.operator().length();
                return type;
            }
        }
        throw error("expected one of =, !=, =~, !~");
    }

    private String quoted() {
        pos++;
        StringBuilder value = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '"') {
                return value.toString();
            }
            if (c == '\\') {
                if (pos >= text.length()) {
                    break;
                }
                char escaped = text.charAt(pos++);
                switch (escaped) {
                    case 'n' -> value.append('\n');
                    case '\\', '"' -> value.append(escaped);
                    default -> value.append('\\').append(escaped);
                }
            } else {
                value.append(c);
            }
        }
        throw error("unterminated quoted value");
    }

    private String bare() {
        int start = pos;
        while (pos < text.length() && ",}\"".indexOf(text.charAt(pos)) < 0) {
            pos++;
        }
        return text.substring(start, pos).strip();
    }

    private boolean peek(char c) {
        return pos < text.length() && text.charAt(pos) == c;
    }

    private void expect(char c, String what) {
        if (!peek(c)) {
            throw error("expected " + what);
        }
        pos++;
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private IllegalArgumentException error(String problem) {
        return new IllegalArgumentException(problem + " at character " + (pos + 1) + " of '" + text + "'");
    }
}
