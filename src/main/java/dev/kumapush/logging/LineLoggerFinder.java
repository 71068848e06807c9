package dev.kumapush.logging;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.kumapush.text.SafeText;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.io.StringWriter;
import java.text.MessageFormat;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.function.Supplier;

/**
 * The bridge's logging: every {@link System.Logger} (the JDK's own included) writes one line per event to standard
 * error, as text or JSON. Found by the JDK through {@code META-INF/services}; configured once by {@code Main}.
 *
 * <p>This is the edge of the log: every parameter of a message, which is where anything from a request goes, is
 * escaped ({@link SafeText#escape}: no control character, line or paragraph separator, or bidirectional control gets
 * through, in text and JSON lines alike) and cut to {@value #MAX_PARAMETER} code points, unless it is marked
 * {@link #whole}. So no client can forge a line or make one long.
 */
public final class LineLoggerFinder extends System.LoggerFinder {
    /** The longest a message parameter is logged, in code points of the original. */
    static final int MAX_PARAMETER = 256;
    /** Jackson's streaming writer only: a line needs no object mapping, and start-up stays short. */
    private static final JsonFactory JSON = new JsonFactory();
    /**
     * Standard error as UTF-8, whatever the locale says: in a container without one, Java would print every
     * character outside ASCII (an alert name, the {@code …} of a cut value) as {@code ?}. The bytes go through
     * {@link System#err}, so whatever stands there (a test runner's capture) still gets them.
     */
    private static final PrintStream OUT = new PrintStream(System.err, true, StandardCharsets.UTF_8);
    private static volatile System.Logger.Level threshold = System.Logger.Level.INFO;
    private static volatile boolean json;

    /** Sets the level and format of every logger; called once at start-up. */
    public static void configure(System.Logger.Level level, boolean jsonLines) {
        threshold = level;
        json = jsonLines;
    }

    /** A parameter the bridge wrote itself (such as the start-up line's monitors): escaped, but not cut. */
    public static Object whole(String text) {
        return new Whole(text);
    }

    private record Whole(String text) {
    }

    /** A parameter as it appears in a line. */
    static String parameter(Object value) {
        Object v = value instanceof Supplier<?> s ? s.get() : value;
        return v instanceof Whole w ? SafeText.escape(w.text(), Integer.MAX_VALUE)
                : SafeText.escape(String.valueOf(v), MAX_PARAMETER);
    }

    @Override
    public System.Logger getLogger(String name, Module module) {
        return new LineLogger(name);
    }

    private record LineLogger(String name) implements System.Logger {

        @Override
        public String getName() {
            return name;
        }

        @Override
        public boolean isLoggable(Level level) {
            Level min = ownCode() ? threshold : Level.WARNING;
            return level != Level.OFF && level.getSeverity() >= min.getSeverity();
        }

        /** The JDK's own loggers speak only of warnings, whatever LOG_LEVEL says: their debug output may hold URLs. */
        private boolean ownCode() {
            return name.startsWith("dev.kumapush");
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            if (isLoggable(level)) {
                write(level, msg == null ? "" : SafeText.escape(msg, Integer.MAX_VALUE), thrown);
            }
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            if (!isLoggable(level)) {
                return;
            }
            String text = format;
            if (params != null && params.length > 0) {
                Object[] plain = new Object[params.length];
                for (int i = 0; i < params.length; i++) {
                    plain[i] = parameter(params[i]);
                }
                text = MessageFormat.format(format.replace("'", "''"), plain);
            }
            write(level, text, null);
        }

        private void write(Level level, String message, Throwable thrown) {
            String line;
            String error = thrown == null ? null : thrown.getClass().getName();
            if (json) {
                line = jsonLine(level, message, error);
            } else {
                line = Instant.now().truncatedTo(ChronoUnit.MILLIS) + " " + levelName(level) + " " + message
                        + (error == null ? "" : " (" + error + ")");
            }
            OUT.println(line);
        }

        private String jsonLine(Level level, String message, String error) {
            StringWriter out = new StringWriter(96 + message.length());
            try (JsonGenerator g = JSON.createGenerator(out)) {
                g.writeStartObject();
                g.writeStringField("time", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
                g.writeStringField("level", level.getName().toLowerCase(Locale.ROOT));
                g.writeStringField("logger", name.substring(name.lastIndexOf('.') + 1));
                g.writeStringField("msg", message);
                if (error != null) {
                    g.writeStringField("error", error);
                }
                g.writeEndObject();
            } catch (IOException e) {
                return "{\"msg\":\"unloggable event\"}";
            }
            return out.toString();
        }

        private static String levelName(Level level) {
            return switch (level) {
                case ERROR -> "ERROR";
                case WARNING -> "WARN ";
                case INFO -> "INFO ";
                default -> "DEBUG";
            };
        }
    }
}
