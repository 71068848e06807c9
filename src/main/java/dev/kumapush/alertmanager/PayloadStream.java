package dev.kumapush.alertmanager;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * One payload being read: {@link #next()} gives its alerts one by one, and once it returns null the whole body has
 * been read and checked, and {@link #payload()} says what the payload says besides. A body that is not empty must be
 * a JSON object with {@code status} ({@code firing} or {@code resolved}) and an {@code alerts} array of objects;
 * labels and annotations are objects of strings, known fields have their types, no object repeats a name, and
 * nothing follows the object. Anything else is a {@link PayloadException} naming the field.
 */
public final class PayloadStream implements AutoCloseable {
    private final JsonParser p;
    private final Set<String> labelNames;
    private final FieldNames names = new FieldNames();
    private final boolean empty;
    /** Where the reader is, for messages such as {@code alerts[3].labels.cluster}: the alert (or -1), field, key. */
    private long atAlert = -1;
    private String atField;
    private String atKey;
    private boolean inAlerts;
    private boolean ended;
    private long alerts;
    private AlertStatus status;
    private boolean sawAlerts;
    private long truncated;
    private String commonSummary;

    PayloadStream(JsonParser parser, Set<String> labelNames) throws PayloadException, IOException {
        this.p = parser;
        this.labelNames = labelNames;
        JsonToken first = token();
        this.empty = first == null;
        if (first == JsonToken.START_OBJECT) {
            names.open();
        } else if (first == JsonToken.VALUE_NULL) {
            throw new PayloadException("the body is JSON null, not an object");
        } else if (!empty) {
            throw new PayloadException("the body is not a JSON object");
        }
    }

    /**
     * The next alert, or null once the payload has been read to its end and found complete.
     *
     * @throws PayloadException when the body is not a valid payload
     * @throws IOException      when reading the body fails (the body's own errors, such as its limit, included)
     */
    public Alert next() throws PayloadException, IOException {
        if (empty || ended) {
            return null;
        }
        while (true) {
            if (inAlerts) {
                JsonToken t = token();
                if (t == JsonToken.END_ARRAY) {
                    inAlerts = false;
                    atAlert = -1;
                    continue;
                }
                atAlert = alerts;
                atField = null;
                if (t != JsonToken.START_OBJECT) {
                    throw field("expected an object");
                }
                alerts++;
                return alert();
            }
            JsonToken t = token();
            if (t == JsonToken.END_OBJECT) {
                end();
                return null;
            }
            String name = name();
            atField = name;
            switch (name) {
                case "status" -> status = status(token());
                case "alerts" -> {
                    if (token() != JsonToken.START_ARRAY) {
                        throw field("expected an array of alerts");
                    }
                    inAlerts = true;
                    sawAlerts = true;
                }
                case "truncatedAlerts" -> truncated = count(token());
                case "version", "groupKey", "receiver", "externalURL" -> string(token());
                case "groupLabels", "commonLabels" -> strings(token(), Set.of(), null);
                case "commonAnnotations" -> {
                    Map<String, String> kept = new HashMap<>(1);
                    strings(token(), Set.of("summary"), kept);
                    commonSummary = kept.get("summary");
                }
                default -> skip(token());
            }
            atField = null;
        }
    }

    /** What the payload says besides its alerts; only once {@link #next()} has returned null. */
    public Payload payload() {
        if (empty) {
            return Payload.EMPTY;
        }
        if (!ended) {
            throw new IllegalStateException("the payload has not been read to its end");
        }
        return new Payload(status, alerts, truncated, commonSummary);
    }

    private void end() throws PayloadException, IOException {
        names.close();
        if (status == null) {
            throw new PayloadException("status: required (\"firing\" or \"resolved\")");
        }
        if (!sawAlerts) {
            throw new PayloadException("alerts: required (an array of alerts)");
        }
        if (token() != null) {
            throw new PayloadException("not valid JSON: more than one value in the body");
        }
        ended = true;
    }

    private Alert alert() throws PayloadException, IOException {
        names.open();
        AlertStatus alertStatus = null;
        Map<String, String> labels = new HashMap<>(4);
        Map<String, String> annotations = new HashMap<>(1);
        JsonToken t;
        while ((t = token()) != JsonToken.END_OBJECT) {
            String name = name();
            atField = name;
            switch (name) {
                case "status" -> alertStatus = status(token());
                case "labels" -> strings(token(), labelNames, labels);
                case "annotations" -> strings(token(), Set.of("summary"), annotations);
                case "startsAt", "endsAt", "generatorURL", "fingerprint" -> string(token());
                default -> skip(token());
            }
            atField = null;
        }
        names.close();
        return new Alert(alertStatus, labels, annotations.get("summary"));
    }

    /**
     * An object of strings (labels, annotations); keeps the values of {@code keep} (and {@code alertname}) in
     * {@code into}. JSON null counts as no entries.
     */
    private void strings(JsonToken t, Set<String> keep, Map<String, String> into)
            throws PayloadException, IOException {
        if (t == JsonToken.VALUE_NULL) {
            return;
        }
        if (t != JsonToken.START_OBJECT) {
            throw field("expected an object of strings");
        }
        names.open();
        while (token() != JsonToken.END_OBJECT) {
            String key = name();
            atKey = key;
            if (token() != JsonToken.VALUE_STRING) {
                throw field("expected a string");
            }
            if (into != null && (keep.contains(key) || key.equals("alertname"))) {
                into.put(key, text());
            }
            atKey = null;
        }
        names.close();
    }

    private AlertStatus status(JsonToken t) throws PayloadException, IOException {
        AlertStatus s = t == JsonToken.VALUE_STRING ? AlertStatus.of(text()) : null;
        if (s == null) {
            throw field("expected \"firing\" or \"resolved\"");
        }
        return s;
    }

    private long count(JsonToken t) throws PayloadException, IOException {
        try {
            if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER
                    && p.getLongValue() >= 0) {
                return p.getLongValue();
            }
        } catch (JsonProcessingException e) {
            // reported below, with the rule
        }
        throw field("expected a whole number from 0 to " + Long.MAX_VALUE);
    }

    /** The current string value, which must be within the bound on kept text. */
    private String text() throws PayloadException, IOException {
        return parse(p::getText);
    }

    private void string(JsonToken t) throws PayloadException {
        if (t != JsonToken.VALUE_STRING) {
            throw field("expected a string");
        }
    }

    /** Skips a value the bridge does not use, still refusing repeated names in its objects. */
    private void skip(JsonToken t) throws PayloadException, IOException {
        if (t != JsonToken.START_OBJECT && t != JsonToken.START_ARRAY) {
            return;
        }
        int depth = 0;
        do {
            if (t == JsonToken.START_OBJECT) {
                names.open();
                depth++;
            } else if (t == JsonToken.START_ARRAY) {
                depth++;
            } else if (t == JsonToken.END_OBJECT) {
                names.close();
                depth--;
            } else if (t == JsonToken.END_ARRAY) {
                depth--;
            } else if (t == JsonToken.FIELD_NAME) {
                name();
            }
            if (depth > 0) {
                t = token();
            }
        } while (depth > 0);
    }

    /** The current field's name, refused when its object already has one like it. */
    private String name() throws PayloadException, IOException {
        String name = p.currentName();
        boolean added;
        try {
            added = names.add(name);
        } catch (IllegalStateException e) {
            throw field(e.getMessage());
        }
        if (!added) {
            throw field("the field \"" + Texts.shortName(name) + "\" appears twice");
        }
        return name;
    }

    /** The next token; the parser's errors become messages that say where and what, without quoting the body. */
    private JsonToken token() throws PayloadException, IOException {
        return parse(p::nextToken);
    }

    /** One step of the parser. */
    private interface Step<T> {
        T run() throws IOException;
    }

    /** Runs a step, turning the parser's complaints into messages that say where and what. */
    private <T> T parse(Step<T> step) throws PayloadException, IOException {
        try {
            return step.run();
        } catch (StreamConstraintsException e) {
            throw field(Texts.limit(e));
        } catch (JsonProcessingException e) {
            throw new PayloadException(Texts.notJson(e), e);
        } catch (CharacterCodingException e) {
            throw new PayloadException(Texts.NOT_UTF8, e);
        }
    }

    private PayloadException field(String problem) {
        StringBuilder where = new StringBuilder();
        if (atAlert >= 0) {
            where.append("alerts[").append(atAlert).append(']');
        }
        if (atField != null) {
            where.append(where.isEmpty() ? "" : ".").append(Texts.shortName(atField));
        }
        if (atKey != null) {
            where.append('.').append(Texts.shortName(atKey));
        }
        return new PayloadException((where.isEmpty() ? "" : where + ": ") + problem);
    }

    @Override
    public void close() throws IOException {
        p.close();
    }
}
