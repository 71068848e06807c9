package dev.kumapush.logging;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.kumapush.text.SafeText;
import java.io.IOException;
import java.io.StringWriter;
import java.text.MessageFormat;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * How an event becomes one line, as text or JSON. This is the edge of the log: every parameter of a message, which is
 * where anything from a request goes, is escaped ({@link SafeText#escape}) and cut to {@value #MAX_PARAMETER} code
 * points unless it is marked {@link #whole}; a message without parameters is escaped too.
 */
final class LogLines {
    /** The longest a message parameter is logged, in code points of the original. */
    static final int MAX_PARAMETER = 256;
    /** Jackson's streaming writer only: a line needs no object mapping, and start-up stays short. */
    private static final JsonFactory JSON = new JsonFactory();

    private LogLines() {
    }

    /** A parameter the bridge wrote itself (such as the start-up line's monitors): escaped, but not cut. */
    record Whole(String text) {
    }

    /** The message with its parameters filled in, each escaped and cut. */
    static String message(String format, Object... params) {
        if (params == null || params.length == 0) {
            return SafeText.escape(format == null ? "" : format, Integer.MAX_VALUE);
        }
        Object[] plain = new Object[params.length];
        for (int i = 0; i < params.length; i++) {
            plain[i] = parameter(params[i]);
        }
        // The formats are the bridge's own; an apostrophe in one is text, not MessageFormat's quote.
        return MessageFormat.format(format.replace("'", "''"), plain);
    }

    /** A parameter as it appears in a line. */
    static String parameter(Object value) {
        Object v = value instanceof Supplier<?> s ? s.get() : value;
        return v instanceof Whole w ? SafeText.escape(w.text(), Integer.MAX_VALUE)
                : SafeText.escape(String.valueOf(v), MAX_PARAMETER);
    }

    /** Whether a logger writes an event of this level: the bridge's at the threshold, the JDK's only warnings. */
    static boolean loggable(String logger, System.Logger.Level level, System.Logger.Level threshold) {
        // The JDK's own loggers speak only of warnings, whatever LOG_LEVEL says: their debug output may hold URLs.
        System.Logger.Level min = logger.startsWith("dev.kumapush") ? threshold : System.Logger.Level.WARNING;
        return level != System.Logger.Level.OFF && level.getSeverity() >= min.getSeverity();
    }

    /** {@code 2026-11-24T12:00:00.123Z INFO  message (java.io.IOException)}. */
    static String text(Instant time, System.Logger.Level level, String message, Throwable thrown) {
        return time.truncatedTo(ChronoUnit.MILLIS) + " " + levelName(level) + " " + message
                + (thrown == null ? "" : " (" + thrown.getClass().getName() + ")");
    }

    /** One JSON object: {@code time}, {@code level}, {@code logger} (the class's simple name), {@code msg}, {@code error}. */
    static String json(Instant time, System.Logger.Level level, String logger, String message, Throwable thrown) {
        StringWriter out = new StringWriter(96 + message.length());
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("time", time.truncatedTo(ChronoUnit.MILLIS).toString());
            g.writeStringField("level", level.getName().toLowerCase(Locale.ROOT));
            g.writeStringField("logger", logger.substring(logger.lastIndexOf('.') + 1));
            g.writeStringField("msg", message);
            if (thrown != null) {
                g.writeStringField("error", thrown.getClass().getName());
            }
            g.writeEndObject();
        } catch (IOException e) {
            return "{\"msg\":\"unloggable event\"}";
        }
        return out.toString();
    }

    private static String levelName(System.Logger.Level level) {
        return switch (level) {
            case ERROR -> "ERROR";
            case WARNING -> "WARN ";
            case INFO -> "INFO ";
            default -> "DEBUG";
        };
    }
}
