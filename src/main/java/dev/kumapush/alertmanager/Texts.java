package dev.kumapush.alertmanager;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.util.regex.Pattern;

/** The parser's complaints and the client's names, put into messages that are short, safe and quote nothing long. */
final class Texts {
    static final String NOT_UTF8 = "not valid JSON: the body is not valid UTF-8";
    private static final int MAX_NAME_SHOWN = 64;
    private static final int MAX_REASON = 200;
    /** Where Jackson points into its source; the location is given separately. */
    private static final Pattern SOURCE_REFERENCE = Pattern.compile("\\s*\\(?(start marker at )?\\[Source:.*$");
    private static final Pattern NOT_PRINTABLE = Pattern.compile("[\\p{Cntrl}\\u0080-\\u009f\\u2028\\u2029]");

    private Texts() {
    }

    /** A field name from the body as a message shows it: control characters replaced, long names cut. */
    static String shortName(String name) {
        String clean = NOT_PRINTABLE.matcher(name).replaceAll("?");
        return clean.length() <= MAX_NAME_SHOWN ? clean : clean.substring(0, MAX_NAME_SHOWN) + "...";
    }

    /** A syntax error: the parser's first line, without its source reference, and where it is. */
    static String notJson(JsonProcessingException e) {
        String text = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        int cut = text.indexOf('\n');
        String line = SOURCE_REFERENCE.matcher(cut < 0 ? text : text.substring(0, cut)).replaceAll("");
        String where = e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
        String message = "not valid JSON: " + NOT_PRINTABLE.matcher(line).replaceAll("?") + where;
        return message.length() <= MAX_REASON ? message : message.substring(0, MAX_REASON - 3) + "...";
    }

    /** Which of the reader's bounds a value broke. */
    static String limit(StreamConstraintsException e) {
        String text = String.valueOf(e.getOriginalMessage());
        if (text.startsWith("String value length")) {
            return "a string longer than " + PayloadReader.MAX_TEXT + " characters";
        }
        if (text.startsWith("Name length")) {
            return "a field name longer than " + PayloadReader.MAX_NAME + " characters";
        }
        if (text.startsWith("Document nesting depth")) {
            return "nested deeper than " + PayloadReader.MAX_DEPTH + " levels";
        }
        if (text.startsWith("Number value length")) {
            return "a number with too many digits";
        }
        return "beyond the bounds of the payload reader";
    }
}
