package tickets.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The validation rules a CRD writes in CEL ({@code x-kubernetes-validations}), evaluated as the API server does on a
 * create: the object defaulted from its schema first, each rule with {@code self} bound to the value it sits on, a
 * rule that is false or cannot be evaluated refusing the object with its message. Transition rules (those reading
 * {@code oldSelf}) apply to updates only and are left out. The rules use standard CEL and its string extension
 * ({@code split}, {@code upperAscii}), which Google's CEL for Java evaluates; Kubernetes's own extension functions
 * (quantity, url, ip) appear in none of the CRDs we vendor, and a rule that does not compile fails the check.
 */
final class CelRules {

    private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addLibraries(CelExtensions.strings())
            .addVar("self", SimpleType.DYN)
            .build();
    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder()
            .addLibraries(CelExtensions.strings())
            .build();
    private static final Map<String, CelRuntime.Program> PROGRAMS = new ConcurrentHashMap<>();
    /** How many rules were evaluated in this JVM (a check that evaluates none proves nothing). */
    static final AtomicInteger EVALUATED = new AtomicInteger();

    private CelRules() {
    }

    /** What the schema's CEL rules refuse in the manifest (empty when nothing). */
    static List<String> problems(JsonNode schema, ObjectNode manifest) {
        JsonNode defaulted = manifest.deepCopy();
        applyDefaults(schema, defaulted);
        List<String> problems = new ArrayList<>();
        check(schema, defaulted, "", problems);
        return problems;
    }

    private static void check(JsonNode schema, JsonNode value, String path, List<String> problems) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return;
        }
        for (JsonNode validation : schema.path("x-kubernetes-validations")) {
            String rule = validation.path("rule").asText();
            if (rule.contains("oldSelf")) {
                continue;
            }
            String refusal = evaluate(rule, value);
            if (refusal != null) {
                problems.add("CEL at " + (path.isEmpty() ? "/" : path) + ": "
                        + validation.path("message").asText("failed rule: " + rule) + refusal);
            }
        }
        if (value.isObject()) {
            schema.path("properties").fields().forEachRemaining(property ->
                    check(property.getValue(), value.get(property.getKey()), path + "/" + property.getKey(), problems));
            JsonNode extra = schema.path("additionalProperties");
            if (extra.isObject()) {
                value.fields().forEachRemaining(field -> {
                    if (!schema.path("properties").has(field.getKey())) {
                        check(extra, field.getValue(), path + "/" + field.getKey(), problems);
                    }
                });
            }
        } else if (value.isArray() && schema.path("items").isObject()) {
            for (int i = 0; i < value.size(); i++) {
                check(schema.path("items"), value.get(i), path + "/" + i, problems);
            }
        }
    }

    /** Null when the rule holds; otherwise why not (empty for a plain false). */
    private static String evaluate(String rule, JsonNode self) {
        CelRuntime.Program program = PROGRAMS.computeIfAbsent(rule, text -> {
            try {
                CelAbstractSyntaxTree ast = COMPILER.compile(text).getAst();
                return RUNTIME.createProgram(ast);
            } catch (CelValidationException | CelEvaluationException e) {
                throw new IllegalStateException("a CRD rule that does not compile: " + text + ": " + e.getMessage(), e);
            }
        });
        EVALUATED.incrementAndGet();
        try {
            Object result = program.eval(Map.of("self", toCel(self)));
            return Boolean.TRUE.equals(result) ? null : "";
        } catch (CelEvaluationException e) {
            return " (could not be evaluated: " + e.getMessage() + ")";
        }
    }

    /** JSON as CEL's Java runtime takes it: maps, lists, int64, double, string, bool. */
    private static Object toCel(JsonNode node) {
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.fields().forEachRemaining(field -> {
                if (!field.getValue().isNull()) {
                    map.put(field.getKey(), toCel(field.getValue()));
                }
            });
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(item -> list.add(toCel(item)));
            return list;
        }
        if (node.isIntegralNumber()) {
            return node.asLong();
        }
        if (node.isNumber()) {
            return node.asDouble();
        }
        if (node.isBoolean()) {
            return node.asBoolean();
        }
        return node.asText();
    }

    /** The API server's defaulting: a property absent from an object takes its schema's default, at every depth. */
    private static void applyDefaults(JsonNode schema, JsonNode value) {
        if (value instanceof ObjectNode object) {
            schema.path("properties").fields().forEachRemaining(property -> {
                if (!object.has(property.getKey()) && property.getValue().has("default")) {
                    object.set(property.getKey(), property.getValue().get("default").deepCopy());
                }
                if (object.has(property.getKey())) {
                    applyDefaults(property.getValue(), object.get(property.getKey()));
                }
            });
            JsonNode extra = schema.path("additionalProperties");
            if (extra.isObject()) {
                object.fields().forEachRemaining(field -> {
                    if (!schema.path("properties").has(field.getKey())) {
                        applyDefaults(extra, field.getValue());
                    }
                });
            }
        } else if (value != null && value.isArray() && schema.path("items").isObject()) {
            value.forEach(item -> applyDefaults(schema.path("items"), item));
        }
    }
}
