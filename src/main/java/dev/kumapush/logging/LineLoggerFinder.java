package dev.kumapush.logging;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ResourceBundle;

/**
 * The bridge's logging: every {@link System.Logger} (the JDK's own included) writes one line per event to standard
 * error, as text or JSON ({@link LogLines} says how, and escapes every value from a request). Found by the JDK through
 * {@code META-INF/services}; configured once by {@code Main}.
 */
public final class LineLoggerFinder extends System.LoggerFinder {
    private static volatile System.Logger.Level threshold = System.Logger.Level.INFO;
    private static volatile boolean json;

    private final PrintStream out;

    /**
     * Writes to standard error as UTF-8, whatever the locale says: in a container without one, Java would print
     * every character outside ASCII (an alert name, the {@code …} of a cut value) as {@code ?}. The bytes go through
     * {@link System#err}, so whatever stands there (a test runner's capture) still gets them. The JDK calls this.
     */
    public LineLoggerFinder() {
        this(new PrintStream(System.err, true, StandardCharsets.UTF_8));
    }

    /** Writes to {@code out} (tests read the lines there). */
    LineLoggerFinder(PrintStream out) {
        this.out = out;
    }

    /** Sets the level and format of every logger; called once at start-up. */
    public static void configure(System.Logger.Level level, boolean jsonLines) {
        threshold = level;
        json = jsonLines;
    }

    /** A parameter the bridge wrote itself (such as the start-up line's monitors): escaped, but not cut. */
    public static Object whole(String text) {
        return new LogLines.Whole(text);
    }

    @Override
    public System.Logger getLogger(String name, Module module) {
        return new LineLogger(name, out);
    }

    private record LineLogger(String name, PrintStream out) implements System.Logger {

        @Override
        public String getName() {
            return name;
        }

        @Override
        public boolean isLoggable(Level level) {
            return LogLines.loggable(name, level, threshold);
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            if (isLoggable(level)) {
                write(level, LogLines.message(msg), thrown);
            }
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            if (isLoggable(level)) {
                write(level, LogLines.message(format, params), null);
            }
        }

        private void write(Level level, String message, Throwable thrown) {
            Instant now = Instant.now();
            out.println(json ? LogLines.json(now, level, name, message, thrown)
                    : LogLines.text(now, level, message, thrown));
        }
    }
}
