package dev.kumapush.routing;

import com.google.re2j.Pattern;
import java.util.Map;

/**
 * One Alertmanager label matcher: {@code name="value"}, {@code name!="value"}, {@code name=~"regex"} or
 * {@code name!~"regex"}. Regular expressions use Go's syntax and are anchored at both ends; a missing label has the
 * value "" (as in Alertmanager).
 */
public record Matcher(String name, Type type, String value, Pattern regex) {

    /** The four operators. */
    public enum Type {
        EQUAL("="), NOT_EQUAL("!="), REGEX("=~"), NOT_REGEX("!~");

        private final String operator;

        Type(String operator) {
            this.operator = operator;
        }

        public String operator() {
            return operator;
        }
    }

    static Matcher of(String name, Type type, String value) {
        Pattern regex = type == Type.REGEX || type == Type.NOT_REGEX ? Pattern.compile("^(?:" + value + ")$") : null;
        return new Matcher(name, type, value, regex);
    }

    /** True when the labels satisfy this matcher. */
    public boolean matches(Map<String, String> labels) {
        String actual = labels.getOrDefault(name, "");
        return switch (type) {
            case EQUAL -> actual.equals(value);
            case NOT_EQUAL -> !actual.equals(value);
            case REGEX -> regex.matches(actual);
            case NOT_REGEX -> !regex.matches(actual);
        };
    }

    @Override
    public String toString() {
        return name + type.operator() + '"' + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")
                + '"';
    }
}
