package tickets.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Requests generated from a service's OpenAPI document: for each operation a well-formed request
 * and the variations a hostile client sends (each field missing, null, of the wrong JSON type,
 * fractional, huge, with NUL or a lone surrogate, duplicate keys, odd or missing Content-Type, bad
 * path ids, bad If-Match). Nothing here knows a service: a new operation is covered by its document.
 */
final class HostileRequests {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Non-ASCII escaped as \\uXXXX: a lone surrogate must reach the service as one, not as a '?' of the encoder. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.core.json.JsonWriteFeature.ESCAPE_NON_ASCII.mappedFeature());

    /** One operation of a document. */
    record Operation(String method, String path, List<JsonNode> parameters, JsonNode bodySchema) {

        boolean hasPathParameters() {
            return path.contains("{");
        }

        String describe() {
            return method.toUpperCase() + " " + path;
        }
    }

    /** One request to send: where, how, and what it is a variation of. */
    record Variation(String description, String method, String path, String contentType, String body,
                     Map<String, String> headers) {
    }

    private final JsonNode document;

    HostileRequests(JsonNode document) {
        this.document = document;
    }

    List<Operation> operations() {
        List<Operation> operations = new ArrayList<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(method -> {
            if (!List.of("get", "post", "put", "delete", "patch").contains(method.getKey())) {
                return;
            }
            JsonNode operation = method.getValue();
            List<JsonNode> parameters = new ArrayList<>();
            operation.path("parameters").forEach(parameters::add);
            path.getValue().path("parameters").forEach(parameters::add);
            JsonNode body = operation.path("requestBody").path("content").path("application/json").path("schema");
            operations.add(new Operation(method.getKey(), path.getKey(), parameters, body.isMissingNode() ? null : body));
        }));
        return operations;
    }

    /** A well-formed body for a schema: examples where the document has them, plain values otherwise. */
    JsonNode sample(JsonNode schema, String name) {
        schema = resolve(schema);
        if (schema.has("example")) {
            return schema.get("example");
        }
        if (schema.has("enum")) {
            return schema.get("enum").get(0);
        }
        String type = schema.path("type").asText("object");
        return switch (type) {
            case "object" -> {
                ObjectNode object = NODES.objectNode();
                schema.path("properties").fields().forEachRemaining(p -> object.set(p.getKey(), sample(p.getValue(), p.getKey())));
                yield object;
            }
            case "array" -> NODES.arrayNode().add(sample(schema.path("items"), name));
            case "integer" -> NODES.numberNode(1);
            case "number" -> NODES.numberNode(1);
            case "boolean" -> NODES.booleanNode(true);
            default -> NODES.textNode(sampleText(schema.path("format").asText(""), name));
        };
    }

    /** Plain values a real client would send, by format or (for a few well-known names) by field name. */
    private static String sampleText(String format, String name) {
        return switch (format) {
            case "date-time" -> "2030-06-01T19:30:00Z";
            case "uuid" -> UUID.randomUUID().toString();
            case "email" -> "hostile-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
            default -> switch (name.toLowerCase()) {
                case "currency" -> "EUR";
                case "email" -> "hostile-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
                case "username" -> "hostile-" + UUID.randomUUID().toString().substring(0, 8);
                case "password" -> "hostile-pass-" + UUID.randomUUID().toString().substring(0, 8);
                case "role" -> "customer";
                default -> "hostile " + name;
            };
        };
    }

    /** Every variation of one operation, with {@code pathValues} standing for its path parameters. */
    List<Variation> variations(Operation operation, Map<String, String> pathValues) {
        List<Variation> variations = new ArrayList<>();
        String path = fill(operation.path(), pathValues);
        String method = operation.method();
        JsonNode body = operation.bodySchema() == null ? null : sample(operation.bodySchema(), "body");
        String wellFormed = body == null ? null : write(body);
        String type = body == null ? null : "application/json";

        variations.add(new Variation("well-formed", method, path, type, wellFormed, Map.of()));
        if (body instanceof ObjectNode object) {
            for (List<String> field : fieldPaths(object, List.of())) {
                String name = String.join(".", field);
                for (Map.Entry<String, JsonNode> bad : badValues(valueAt(object, field)).entrySet()) {
                    variations.add(new Variation(name + " " + bad.getKey(), method, path, type,
                            with(object, field, bad.getValue()), Map.of()));
                }
                variations.add(new Variation(name + " missing", method, path, type, without(object, field), Map.of()));
            }
            Iterator<String> names = object.fieldNames();
            if (names.hasNext()) {
                String first = names.next();
                String duplicated = "{\"" + first + "\":" + object.get(first) + "," + wellFormed.substring(1);
                variations.add(new Variation("duplicate key " + first, method, path, type, duplicated, Map.of()));
            }
        }
        if (body != null) {
            for (String[] whole : new String[][] {{"empty array", "[]"}, {"a string", "\"x\""}, {"a number", "42"},
                    {"truncated", wellFormed.substring(0, wellFormed.length() / 2)}, {"trailing garbage", wellFormed + " x"},
                    {"deeply nested", "[".repeat(5000) + "]".repeat(5000)}}) {
                variations.add(new Variation("body " + whole[0], method, path, type, whole[1], Map.of()));
            }
        }
        if (!method.equals("get") && !method.equals("delete")) {
            String payload = wellFormed == null ? "{\"x\":1}" : wellFormed;
            for (String odd : new String[] {"text/plain", "application/x-www-form-urlencoded", "application/xml",
                    "application/json; charset=iso-8859-1"}) {
                variations.add(new Variation("content type " + odd, method, path, odd, payload, Map.of()));
            }
            variations.add(new Variation("no content type", method, path, null, payload, Map.of()));
        }
        for (JsonNode parameter : operation.parameters()) {
            parameter = resolve(parameter);
            String in = parameter.path("in").asText();
            String name = parameter.path("name").asText();
            List<String> badValues = List.of("not-a-uuid", "-1", "1.5", "99999999999999999999", "%00", "%ED%A0%80",
                    "x".repeat(300), UUID.randomUUID().toString());
            switch (in) {
                case "path" -> {
                    for (String bad : badValues) {
                        Map<String, String> values = new LinkedHashMap<>(pathValues);
                        values.put(name, bad);
                        variations.add(new Variation("path " + name + "=" + abbreviate(bad), method,
                                fill(operation.path(), values), type, wellFormed, Map.of()));
                    }
                }
                case "query" -> {
                    for (String bad : badValues) {
                        variations.add(new Variation("query " + name + "=" + abbreviate(bad), method,
                                path + (path.contains("?") ? "&" : "?") + name + "=" + bad, type, wellFormed, Map.of()));
                    }
                }
                case "header" -> {
                    for (String bad : List.of("garbage", "W/\"x\"", "\"99999999999999999999\"", "W/\"1\", W/\"2\"",
                            "has spaces and ünïcode", "x".repeat(200))) {
                        variations.add(new Variation("header " + name + "=" + abbreviate(bad), method, path, type,
                                wellFormed, Map.of(name, bad)));
                    }
                }
                default -> {
                }
            }
        }
        return variations;
    }

    /** The wrong things to send instead of a value of this kind. */
    private static Map<String, JsonNode> badValues(JsonNode value) {
        Map<String, JsonNode> bad = new LinkedHashMap<>();
        bad.put("null", NODES.nullNode());
        bad.put("an object", NODES.objectNode().put("nested", 1));
        bad.put("an array", NODES.arrayNode().add(1));
        bad.put("NUL inside", NODES.textNode("a\u0000b"));
        bad.put("a lone surrogate", NODES.textNode("a\ud800b"));
        bad.put("10k characters", NODES.textNode("x".repeat(10_000)));
        bad.put("a boolean", NODES.booleanNode(true));
        bad.put("a fraction", NODES.numberNode(1.5));
        bad.put("huge", NODES.numberNode(new BigInteger("92233720368547758070")));
        bad.put("near 2^62", NODES.numberNode(4_611_686_018_427_387_903L));
        bad.put("negative", NODES.numberNode(-1));
        bad.put("a number", NODES.numberNode(12345));
        bad.put("a number as text", NODES.textNode("37"));
        bad.put("empty text", NODES.textNode(""));
        bad.put("a huge date", NODES.textNode("+294277-01-01T00:00:00Z"));
        if (value != null && value.isTextual()) {
            bad.remove("10k characters");
            bad.put("10k characters", NODES.textNode(value.asText() + "x".repeat(10_000)));
        }
        return bad;
    }

    private static List<List<String>> fieldPaths(ObjectNode object, List<String> prefix) {
        List<List<String>> paths = new ArrayList<>();
        object.fields().forEachRemaining(field -> {
            List<String> path = new ArrayList<>(prefix);
            path.add(field.getKey());
            paths.add(path);
            JsonNode value = field.getValue();
            if (value.isArray() && !value.isEmpty() && value.get(0).isObject()) {
                List<String> element = new ArrayList<>(path);
                element.add("0");
                paths.addAll(fieldPaths((ObjectNode) value.get(0), element));
            }
        });
        return paths;
    }

    private static JsonNode valueAt(JsonNode root, List<String> path) {
        JsonNode node = root;
        for (String step : path) {
            node = node.isArray() ? node.get(Integer.parseInt(step)) : node.get(step);
        }
        return node;
    }

    private static String with(ObjectNode root, List<String> path, JsonNode value) {
        ObjectNode copy = root.deepCopy();
        JsonNode parent = valueAt(copy, path.subList(0, path.size() - 1));
        String last = path.getLast();
        if (parent instanceof ArrayNode array) {
            array.set(Integer.parseInt(last), value);
        } else {
            ((ObjectNode) parent).set(last, value);
        }
        return write(copy);
    }

    private static String without(ObjectNode root, List<String> path) {
        ObjectNode copy = root.deepCopy();
        JsonNode parent = valueAt(copy, path.subList(0, path.size() - 1));
        if (parent instanceof ObjectNode object) {
            object.remove(path.getLast());
        } else if (parent instanceof ArrayNode array) {
            array.remove(Integer.parseInt(path.getLast()));
        }
        return write(copy);
    }

    private JsonNode resolve(JsonNode schema) {
        while (schema.has("$ref")) {
            String[] parts = schema.get("$ref").asText().replaceFirst("^#/", "").split("/");
            JsonNode target = document;
            for (String part : parts) {
                target = target.path(part);
            }
            schema = target;
        }
        if (schema.has("allOf") && schema.get("allOf").size() == 1) {
            return resolve(schema.get("allOf").get(0));
        }
        return schema;
    }

    private static String fill(String template, Map<String, String> values) {
        String path = template;
        for (Map.Entry<String, String> value : values.entrySet()) {
            path = path.replace("{" + value.getKey() + "}", value.getValue());
        }
        return path;
    }

    private static String abbreviate(String value) {
        return value.length() > 20 ? value.substring(0, 17) + "..." : value;
    }

    static String write(JsonNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            return null;
        }
    }
}
