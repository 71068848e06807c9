package dev.kumapush.alertmanager;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The field names of the JSON objects open at one time, so that a name repeated within an object is refused rather
 * than silently replaced. What it holds is bounded however the body is shaped: at most {@value #MAX_NAMES} names of
 * at most {@value #MAX_CHARS} characters in all, over the objects open at once (an alert's names are dropped when
 * the alert ends, so a payload of many alerts costs what one costs).
 */
final class FieldNames {
    static final int MAX_NAMES = 512;
    static final int MAX_CHARS = 16 * 1024;

    /** One set per nesting depth, reused from object to object. */
    private final List<Set<String>> levels = new ArrayList<>();
    private int depth;
    private int names;
    private int chars;

    /** Starts a new object. */
    void open() {
        if (levels.size() == depth) {
            levels.add(new HashSet<>());
        }
        depth++;
    }

    /**
     * Adds a name to the innermost open object.
     *
     * @return false when that object already has it
     * @throws IllegalStateException when the bound on names held at once is reached
     */
    boolean add(String name) {
        Set<String> level = levels.get(depth - 1);
        if (level.contains(name)) {
            return false;
        }
        if (names == MAX_NAMES || chars + name.length() > MAX_CHARS) {
            throw new IllegalStateException("more than " + MAX_NAMES + " field names, or " + MAX_CHARS
                    + " characters of them, in the objects open at once");
        }
        level.add(name);
        names++;
        chars += name.length();
        return true;
    }

    /** Ends the innermost object; its names no longer count. */
    void close() {
        Set<String> level = levels.get(--depth);
        for (String name : level) {
            chars -= name.length();
        }
        names -= level.size();
        level.clear();
    }
}
