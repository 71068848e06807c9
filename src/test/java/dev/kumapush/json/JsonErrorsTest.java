package dev.kumapush.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Where a document is wrong and what was expected there, in words, never quoting the value found. */
class JsonErrorsTest {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    enum Colour { RED, GREEN }

    record Item(String name, int count, long size, Boolean on, Colour colour, List<String> tags, String[] more) {
        Item {
            if ("forbidden".equals(name)) {
                throw new IllegalArgumentException("name: \"forbidden\" is not allowed");
            }
        }
    }

    record Doc(Map<String, Item> items, List<Item> list, Item item) {
    }

    private static JsonMappingException error(String json) {
        return catchThrowableOfType(JsonMappingException.class, () -> JSON.readValue(json, Doc.class));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"items\": [1]}                             | items          | expected an object (a mapping)",
        "{\"item\": \"s3cret\"}                       | item           | expected an object (a mapping)",
        "{\"list\": {\"a\": 1}}                       | list           | expected an array (a list)",
        "{\"list\": [{\"tags\": \"s3cret\"}]}         | list[0].tags   | expected an array (a list)",
        "{\"item\": {\"more\": {}}}                   | item.more      | expected an array (a list)",
        "{\"items\": {\"a\": {\"count\": \"s3cret\"}}} | items.a.count  | expected a whole number",
        "{\"item\": {\"size\": [\"s3cret\"]}}         | item.size      | expected a whole number",
        "{\"item\": {\"on\": \"s3cret\"}}             | item.on        | expected true or false",
        "{\"item\": {\"colour\": \"s3cret\"}}         | item.colour    | expected one of \"RED\", \"GREEN\"",
        "{\"item\": {\"name\": {\"s3cret\": 1}}}      | item.name      | expected a string",
        "{\"item\": {\"name\": \"forbidden\"}}        | item           | name: \"forbidden\" is not allowed",
        "{} {\"s3cret\": 1}                           | ''             | more than one value in the document"})
    void anErrorNamesThePathAndTheShapeExpected(String json, String path, String problem) {
        JsonMappingException e = error(json);

        assertThat(JsonErrors.path(e)).isEqualTo(path);
        assertThat(JsonErrors.problem(e)).isEqualTo(problem).doesNotContain("s3cret");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"[] | expected an object (a mapping)"})
    void anErrorAtTheTopHasAnEmptyPath(String json, String problem) {
        JsonMappingException e = error(json);

        assertThat(JsonErrors.path(e)).isEmpty();
        assertThat(JsonErrors.problem(e)).isEqualTo(problem);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"oops | cannot be read"})
    void anErrorOfAnotherKindIsNotQuoted(String message, String problem) {
        assertThat(JsonErrors.problem(new JsonMappingException(null, message))).isEqualTo(problem);
    }
}
