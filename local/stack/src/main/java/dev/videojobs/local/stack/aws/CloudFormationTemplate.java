package dev.videojobs.local.stack.aws;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A CloudFormation / SAM template as data. Intrinsic short tags are kept as their long forms: {@code !Ref X} becomes
 * {@code {"Ref": "X"}}, {@code !GetAtt A.B} becomes {@code {"Fn::GetAtt": ["A", "B"]}}, {@code !Sub s} becomes
 * {@code {"Fn::Sub": s}}, and so on for every {@code Fn::} function; {@link IntrinsicResolver} evaluates them.
 *
 * <p>Immutable: {@link #withParameters} and {@link #withStackName} return copies.
 */
public final class CloudFormationTemplate {

    public static final String DEFAULT_STACK_NAME = "video-jobs-local";

    private static final List<String> FUNCTIONS = List.of("Base64", "Cidr", "FindInMap", "GetAtt", "GetAZs",
            "ImportValue", "Join", "Select", "Split", "Sub", "Transform", "And", "Equals", "If", "Not", "Or",
            "Length", "ToJsonString");

    private final String source;
    private final Map<String, Object> root;
    private final Map<String, String> parameterOverrides;
    private final String stackName;

    private CloudFormationTemplate(String source, Map<String, Object> root, Map<String, String> parameterOverrides,
                                   String stackName) {
        this.source = source;
        this.root = root;
        this.parameterOverrides = parameterOverrides;
        this.stackName = stackName;
    }

    public static CloudFormationTemplate load(Path path) {
        try {
            return parse(Files.readString(path, StandardCharsets.UTF_8), path.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read template " + path, e);
        }
    }

    public static CloudFormationTemplate parse(String yaml, String source) {
        LoaderOptions options = new LoaderOptions();
        Object doc = new Yaml(new CfnConstructor(options)).load(yaml);
        if (!(doc instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("Not a CloudFormation template (top level is not a mapping): " + source);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> root = (Map<String, Object>) map;
        return new CloudFormationTemplate(source, root, Map.of(), DEFAULT_STACK_NAME);
    }

    /** A copy whose parameters take these values instead of their defaults (checked against AllowedValues/Pattern). */
    public CloudFormationTemplate withParameters(Map<String, String> values) {
        Map<String, String> merged = new LinkedHashMap<>(parameterOverrides);
        values.forEach((name, value) -> {
            Map<String, Object> declared = map(parameters().get(name));
            if (declared == null) {
                throw new IllegalArgumentException("Template declares no parameter " + name);
            }
            check(name, value, declared);
            merged.put(name, value);
        });
        return new CloudFormationTemplate(source, root, Collections.unmodifiableMap(merged), stackName);
    }

    public CloudFormationTemplate withStackName(String name) {
        return new CloudFormationTemplate(source, root, parameterOverrides, Objects.requireNonNull(name));
    }

    public String source() {
        return source;
    }

    public String stackName() {
        return stackName;
    }

    /** The whole document, intrinsics in long form. */
    public Map<String, Object> root() {
        return root;
    }

    public Map<String, Object> parameters() {
        return section("Parameters");
    }

    public Map<String, Object> conditions() {
        return section("Conditions");
    }

    public Map<String, Object> mappings() {
        return section("Mappings");
    }

    public Map<String, Object> outputs() {
        return section("Outputs");
    }

    /** {@code Globals.Function} of a SAM template (empty if none). */
    public Map<String, Object> globalFunctionProperties() {
        Map<String, Object> f = map(section("Globals").get("Function"));
        return f == null ? Map.of() : f;
    }

    /** The value of a parameter: the override, else its Default; empty if it has neither. */
    public Optional<String> parameterValue(String name) {
        if (parameterOverrides.containsKey(name)) {
            return Optional.of(parameterOverrides.get(name));
        }
        Map<String, Object> declared = map(parameters().get(name));
        if (declared == null || declared.get("Default") == null) {
            return Optional.empty();
        }
        Object d = declared.get("Default");
        return Optional.of(d instanceof List<?> l ? String.join(",", l.stream().map(String::valueOf).toList())
                : String.valueOf(d));
    }

    public boolean declaresParameter(String name) {
        return parameters().containsKey(name);
    }

    /** Every resource, in template order. */
    public Map<String, Resource> resources() {
        Map<String, Resource> out = new LinkedHashMap<>();
        section("Resources").forEach((id, body) -> {
            Map<String, Object> r = map(body);
            if (r != null) {
                Map<String, Object> props = map(r.get("Properties"));
                out.put(id, new Resource(id, String.valueOf(r.get("Type")), props == null ? Map.of() : props, r));
            }
        });
        return out;
    }

    public Map<String, Resource> resourcesOfType(String type) {
        Map<String, Resource> out = new LinkedHashMap<>();
        resources().forEach((id, r) -> {
            if (r.type().equals(type)) {
                out.put(id, r);
            }
        });
        return out;
    }

    public Optional<Resource> resource(String logicalId) {
        return Optional.ofNullable(resources().get(logicalId));
    }

    @Override
    public String toString() {
        return "CloudFormationTemplate[" + source + ", stack=" + stackName + "]";
    }

    /** One resource: logical id, Type, Properties (intrinsics unresolved) and the whole definition. */
    public record Resource(String logicalId, String type, Map<String, Object> properties, Map<String, Object> definition) {
    }

    // ------------------------------------------------------------------ helpers

    private Map<String, Object> section(String name) {
        Map<String, Object> m = map(root.get(name));
        return m == null ? Map.of() : m;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return o instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    }

    private static void check(String name, String value, Map<String, Object> declared) {
        Object allowed = declared.get("AllowedValues");
        if (allowed instanceof List<?> values && values.stream().map(String::valueOf).noneMatch(value::equals)) {
            throw new IllegalArgumentException("Parameter " + name + "=" + value + " is not one of " + values);
        }
        Object pattern = declared.get("AllowedPattern");
        if (pattern != null && !Pattern.compile(String.valueOf(pattern)).matcher(value).matches()) {
            throw new IllegalArgumentException("Parameter " + name + "=" + value + " does not match " + pattern);
        }
    }

    /** SnakeYAML constructor that turns CloudFormation short tags into their long JSON forms. */
    private static final class CfnConstructor extends SafeConstructor {

        CfnConstructor(LoaderOptions options) {
            super(options);
            // Template dates such as 2010-09-09 stay strings, as CloudFormation reads them.
            this.yamlConstructors.put(Tag.TIMESTAMP, this.yamlConstructors.get(Tag.STR));
            this.yamlConstructors.put(new Tag("!Ref"), new Intrinsic("Ref"));
            this.yamlConstructors.put(new Tag("!Condition"), new Intrinsic("Condition"));
            for (String fn : FUNCTIONS) {
                this.yamlConstructors.put(new Tag("!" + fn), new Intrinsic("Fn::" + fn));
            }
        }

        private final class Intrinsic extends AbstractConstruct {
            private final String key;

            Intrinsic(String key) {
                this.key = key;
            }

            @Override
            public Object construct(Node node) {
                Object value;
                if (node instanceof ScalarNode scalar) {
                    value = constructScalar(scalar);
                    if (key.equals("Fn::GetAtt")) {
                        String s = (String) value;
                        int dot = s.indexOf('.');
                        value = dot < 0 ? List.of(s) : List.of(s.substring(0, dot), s.substring(dot + 1));
                    }
                } else if (node instanceof SequenceNode seq) {
                    value = constructSequence(seq);
                } else {
                    value = constructMapping((MappingNode) node);
                }
                Map<String, Object> out = new LinkedHashMap<>();
                out.put(key, value);
                return out;
            }
        }
    }
}
