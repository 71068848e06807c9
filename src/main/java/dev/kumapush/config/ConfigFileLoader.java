package dev.kumapush.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.kumapush.json.JsonErrors;
import dev.kumapush.kuma.Monitor;
import dev.kumapush.kuma.PushUrl;
import dev.kumapush.routing.Matcher;
import dev.kumapush.routing.MatcherParser;
import dev.kumapush.routing.Route;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/** Reads the YAML file of monitors and routes; every error names the file and the entry at fault. */
final class ConfigFileLoader {
    private static final Pattern MONITOR_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();

    /** The file as written. */
    record FileConfig(Map<String, MonitorEntry> monitors, List<RouteEntry> routes,
            @JsonProperty("default_monitor") String defaultMonitor) {
    }

    record MonitorEntry(String url, @JsonProperty("url_file") String urlFile, String mode) {
    }

    record RouteEntry(List<String> matchers, String monitor, @JsonProperty("continue") Boolean continueMatching) {
    }

    /** What the file defines, checked. */
    record Loaded(Map<String, Monitor> monitors, List<Route> routes, String defaultMonitor) {
    }

    private final Path file;
    private final String where;

    ConfigFileLoader(Path file) {
        this.file = file;
        this.where = "config file " + file + ": ";
    }

    Loaded load() throws ConfigException {
        FileConfig config = parse();
        Map<String, Monitor> monitors = new LinkedHashMap<>();
        if (config.monitors() != null) {
            for (Map.Entry<String, MonitorEntry> e : config.monitors().entrySet()) {
                monitors.put(e.getKey(), monitor(e.getKey(), e.getValue()));
            }
        }
        List<Route> routes = new ArrayList<>();
        if (config.routes() != null) {
            for (int i = 0; i < config.routes().size(); i++) {
                routes.add(route(i, config.routes().get(i)));
            }
        }
        return new Loaded(monitors, routes, config.defaultMonitor());
    }

    private FileConfig parse() throws ConfigException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException(where + "no such file", e);
        } catch (IOException e) {
            throw new ConfigException(where + "cannot read it: " + e.getClass().getSimpleName(), e);
        }
        if (text.isBlank()) {
            throw new ConfigException(where + "the file is empty");
        }
        try {
            FileConfig config = YAML.readValue(text, FileConfig.class);
            if (config == null) {
                throw new ConfigException(where + "the file holds no settings");
            }
            return config;
        } catch (UnrecognizedPropertyException e) {
            String parent = JsonErrors.path(e).replaceFirst("\\.?[^.\\[]*$", "");
            throw new ConfigException(where + (parent.isEmpty() ? "(top level)" : parent) + ": unknown setting \"" + e.getPropertyName() + "\" (known: "
                    + e.getKnownPropertyIds().stream().map(String::valueOf).sorted().collect(Collectors.joining(", "))
                    + ")", e);
        } catch (JsonMappingException e) {
            if (e.getCause() instanceof JsonProcessingException syntax && !(syntax instanceof JsonMappingException)) {
                throw notYaml(syntax);
            }
            String path = JsonErrors.path(e);
            throw new ConfigException(where + (path.isEmpty() ? "(top level)" : path) + ": " + JsonErrors.problem(e)
                    + location(e), e);
        } catch (JsonProcessingException e) {
            throw notYaml(e);
        }
    }

    private ConfigException notYaml(JsonProcessingException e) {
        // The parser's own message quotes the offending lines, which may hold a push token: keep only its words.
        String problem = "cannot parse it";
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MarkedYAMLException marked) {
                problem = (marked.getContext() == null ? "" : marked.getContext() + ": ") + marked.getProblem();
                break;
            }
        }
        return new ConfigException(where + "not valid YAML: " + problem + location(e), e);
    }

    private Monitor monitor(String name, MonitorEntry entry) throws ConfigException {
        String at = where + "monitors." + name + ": ";
        if (!MONITOR_NAME.matcher(name).matches()) {
            throw new ConfigException(where + "monitors: the name \"" + name + "\" must be 1 to 64 letters, digits,"
                    + " '_', '-' or '.', starting with a letter or digit");
        }
        if (entry == null) {
            throw new ConfigException(at + "set url or url_file");
        }
        if ((entry.url() == null) == (entry.urlFile() == null)) {
            throw new ConfigException(at + (entry.url() == null ? "set url or url_file" : "set url or url_file, not both"));
        }
        String url = entry.url() != null ? entry.url() : readUrlFile(at, entry.urlFile());
        PushUrl pushUrl;
        try {
            pushUrl = PushUrl.parse(url);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(at + (entry.url() != null ? "url: the value " : "url_file: the URL in it ")
                    + e.getMessage());
        }
        return new Monitor(name, pushUrl, mode(at, entry.mode()));
    }

    private String readUrlFile(String at, String name) throws ConfigException {
        Path path = file.toAbsolutePath().getParent().resolve(name);
        try {
            String content = Files.readString(path, StandardCharsets.UTF_8).strip();
            if (content.isEmpty()) {
                throw new ConfigException(at + "url_file: the file " + path + " is empty");
            }
            return content;
        } catch (NoSuchFileException e) {
            throw new ConfigException(at + "url_file: no such file: " + path, e);
        } catch (IOException e) {
            throw new ConfigException(at + "url_file: cannot read " + path + ": " + e.getClass().getSimpleName(), e);
        }
    }

    private static Monitor.Mode mode(String at, String text) throws ConfigException {
        if (text == null) {
            return Monitor.Mode.HEARTBEAT;
        }
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "heartbeat" -> Monitor.Mode.HEARTBEAT;
            case "status" -> Monitor.Mode.STATUS;
            default -> throw new ConfigException(at + "mode: expected heartbeat or status, found \"" + text + "\"");
        };
    }

    private Route route(int index, RouteEntry entry) throws ConfigException {
        String at = where + "routes[" + index + "]";
        if (entry == null || entry.monitor() == null || entry.monitor().isBlank()) {
            throw new ConfigException(at + ": monitor: required");
        }
        List<Matcher> matchers = new ArrayList<>();
        List<String> texts = entry.matchers() == null ? List.of() : entry.matchers();
        for (int j = 0; j < texts.size(); j++) {
            try {
                matchers.addAll(MatcherParser.parse(texts.get(j) == null ? "" : texts.get(j)));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(at + ".matchers[" + j + "]: " + e.getMessage());
            }
        }
        return new Route(matchers, entry.monitor(), Boolean.TRUE.equals(entry.continueMatching()));
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
    }
}
