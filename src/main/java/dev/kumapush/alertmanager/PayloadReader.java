package dev.kumapush.alertmanager;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Reads Alertmanager's webhook payload (version 4) as a stream of alerts, so that a webhook of many alerts takes no
 * more memory than a webhook of one: nothing of an alert is kept but what routing and the heartbeat's message need.
 * Text is bounded too: a string the bridge keeps (a label value routes look at, a summary) is at most
 * {@value #MAX_TEXT} characters, a field name at most {@value #MAX_NAME}; strings it does not need are skipped
 * without being decoded.
 */
public final class PayloadReader {
    static final int MAX_TEXT = 8 * 1024;
    static final int MAX_NAME = 1024;
    static final int MAX_DEPTH = 16;
    /** Parsers' buffers kept for reuse; parses beyond these many at once allocate their own. */
    private static final int POOLED_BUFFERS = 16;

    private final JsonFactory json = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_DEPTH)
                    .maxStringLength(MAX_TEXT)
                    .maxNameLength(MAX_NAME)
                    .maxNumberLength(64)
                    .build())
            // Names come from clients: not kept in the factory's shared symbol table.
            .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            .recyclerPool(JsonRecyclerPools.newBoundedPool(POOLED_BUFFERS))
            .build();

    /**
     * Starts reading a body.
     *
     * @param body       the request body; it is read as far as the payload goes, and checked to end there
     * @param labelNames the labels to keep of each alert (those routes look at); {@code alertname} is always kept
     * @throws PayloadException when the body does not start as a payload
     * @throws IOException      when reading the body fails
     */
    public PayloadStream open(InputStream body, Set<String> labelNames) throws PayloadException, IOException {
        // A strict UTF-8 reader: malformed bytes are an error, not a replacement character. (Jackson's own byte
        // parser needs the shared symbol table, which would keep names from clients; its fallback reader repairs.)
        Reader text = new InputStreamReader(body, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
        return new PayloadStream(json.createParser(text), labelNames);
    }
}
