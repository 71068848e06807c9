package dev.kumapush.json;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Jackson's errors in a user's words. Jackson's own messages name Java classes and may quote the input, which can
 * hold a secret, so only the path and the expected shape are kept.
 */
public final class JsonErrors {

    private JsonErrors() {
    }

    /** Where in the document the error is: {@code alerts[0].labels.cluster}; "" at the top. */
    public static String path(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining());
        return path.startsWith(".") ? path.substring(1) : path;
    }

    /** What was wrong with the value, without quoting it. */
    public static String problem(JsonMappingException e) {
        if (e.getCause() instanceof IllegalArgumentException invalid) {
            return invalid.getMessage();
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return String.valueOf(e.getOriginalMessage()).startsWith("Trailing token")
                    ? "more than one value in the document"
                    : "expected " + expected(mismatch.getTargetType());
        }
        return "cannot be read";
    }

    /** The shape a Java type is read from, in words. */
    private static String expected(Class<?> type) {
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object (a mapping)";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array (a list)";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "a whole number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.stream(type.getEnumConstants()).map(c -> "\"" + c + "\"")
                    .collect(Collectors.joining(", "));
        }
        return "a string";
    }
}
