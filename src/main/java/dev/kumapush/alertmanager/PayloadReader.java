package dev.kumapush.alertmanager;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.kumapush.json.JsonErrors;
import java.io.IOException;
import java.util.regex.Pattern;

/** Turns a webhook body into a {@link Payload}, or says in a few words why it cannot. */
public final class PayloadReader {
    private static final int MAX_REASON = 200;
    /** Where Jackson points into its source; the location is given separately. */
    private static final Pattern SOURCE_REFERENCE = Pattern.compile("\\s*\\(?(start marker at )?\\[Source:.*$");
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");
    private final ObjectMapper json;

    public PayloadReader() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(32).build())
                .build();
        JsonMapper mapper = JsonMapper.builder(factory)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
        for (LogicalType type : new LogicalType[] {LogicalType.Textual, LogicalType.Integer, LogicalType.Enum}) {
            mapper.coercionConfigFor(type)
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        this.json = mapper;
    }

    /**
     * Reads a body; an empty (or all white space) body is {@link Payload#EMPTY}.
     *
     * @throws PayloadException when the body is not JSON or a field has the wrong type
     */
    public Payload read(byte[] body) throws PayloadException {
        if (isBlank(body)) {
            return Payload.EMPTY;
        }
        Payload payload;
        try {
            payload = json.readValue(body, Payload.class);
        } catch (JsonMappingException e) {
            if (e.getCause() instanceof JsonProcessingException syntax && !(syntax instanceof JsonMappingException)) {
                throw notJson(syntax);
            }
            throw new PayloadException(shorten(describe(e)), e);
        } catch (JsonProcessingException e) {
            throw notJson(e);
        } catch (IOException e) {
            throw new PayloadException("cannot read the body: " + e.getClass().getSimpleName(), e);
        }
        if (payload == null) {
            throw new PayloadException("the body is JSON null, not an object");
        }
        return payload;
    }

    private static PayloadException notJson(JsonProcessingException e) {
        return new PayloadException(shorten("not valid JSON: " + firstLine(e.getOriginalMessage()) + location(e)), e);
    }

    private static String describe(JsonMappingException e) {
        String path = JsonErrors.path(e);
        String problem = JsonErrors.problem(e);
        if (problem.startsWith("more than one value")) {
            return "not valid JSON: " + problem;
        }
        return (path.isEmpty() ? "" : "field " + path + ": ") + problem;
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "";
        }
        int cut = text.indexOf('\n');
        String line = cut < 0 ? text : text.substring(0, cut);
        return SOURCE_REFERENCE.matcher(line).replaceAll("");
    }

    private static String shorten(String text) {
        String clean = CONTROL.matcher(text).replaceAll(" ");
        return clean.length() <= MAX_REASON ? clean : clean.substring(0, MAX_REASON - 3) + "...";
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }
}
