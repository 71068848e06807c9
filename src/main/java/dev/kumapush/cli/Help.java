package dev.kumapush.cli;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/** A command's help text, made from its options: usage, what it does, each flag with its meaning, exit codes. */
public final class Help {
    private static final int WIDTH = 110;
    private static final int FLAG_COLUMN = 38;

    private Help() {
    }

    /**
     * @param usage       the usage lines
     * @param description what the command does, one paragraph per element
     * @param exitCodes   code, meaning pairs
     */
    public static String of(List<String> usage, List<String> description, Options options, List<String[]> exitCodes) {
        StringBuilder h = new StringBuilder();
        for (int i = 0; i < usage.size(); i++) {
            h.append(i == 0 ? "Usage: " : "       ").append(usage.get(i)).append('\n');
        }
        h.append('\n');
        for (String paragraph : description) {
            wrap(h, "", paragraph, 0);
        }
        h.append("\nFlags:\n");
        for (Option o : options.getOptions()) {
            String flag = "  " + (o.getOpt() == null ? "" : "-" + o.getOpt() + ", ") + "--" + o.getLongOpt()
                    + (o.hasArg() ? "=" + o.getArgName() : "");
            wrap(h, flag, o.getDescription(), FLAG_COLUMN);
        }
        h.append("\nExit codes:\n");
        for (String[] code : exitCodes) {
            wrap(h, "  " + code[0], code[1], 6);
        }
        return h.toString();
    }

    /** Appends {@code text} wrapped at the width, its first line after {@code first} padded to {@code column}. */
    private static void wrap(StringBuilder h, String first, String text, int column) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (!line.isEmpty() && column + line.length() + 1 + word.length() > WIDTH) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.isEmpty() ? "" : " ").append(word);
        }
        lines.add(line.toString());
        String pad = " ".repeat(column);
        if (first.length() >= column && column > 0) {
            h.append(first).append('\n');
        } else {
            h.append(first).append(" ".repeat(column - first.length())).append(lines.remove(0)).append('\n');
        }
        for (String l : lines) {
            h.append(pad).append(l).append('\n');
        }
    }
}
