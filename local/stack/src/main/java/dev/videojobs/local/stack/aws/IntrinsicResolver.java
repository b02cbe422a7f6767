package dev.videojobs.local.stack.aws;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Evaluates CloudFormation intrinsic functions in template values: Ref, Fn::GetAtt, Fn::Sub, Fn::Join, Fn::Select,
 * Fn::Split, Fn::If (with the template's Conditions: Fn::Equals, Fn::Not, Fn::And, Fn::Or, Condition),
 * Fn::FindInMap, Fn::Base64, Fn::GetAZs, and AWS::NoValue. References resolve against, in order: parameters
 * (override, else Default), pseudo parameters, then resources through a {@link ResourceLookup}. A resource of the
 * template that the lookup does not know (an API, a function...) refers to {@code <stack>-<LogicalId>}.
 */
public final class IntrinsicResolver {

    /** Marker for AWS::NoValue: the key or list element holding it is dropped. */
    private static final Object NO_VALUE = new Object();
    private static final Pattern SUB_VAR = Pattern.compile("\\$\\{([^}]*)}");

    private final CloudFormationTemplate template;
    private final Map<String, String> pseudo;
    private final ResourceLookup resources;

    /** What provisioned resources answer to Ref and Fn::GetAtt. */
    public interface ResourceLookup {
        Optional<String> ref(String logicalId);

        Optional<String> getAtt(String logicalId, String attribute);

        static ResourceLookup none() {
            return new ResourceLookup() {
                @Override
                public Optional<String> ref(String logicalId) {
                    return Optional.empty();
                }

                @Override
                public Optional<String> getAtt(String logicalId, String attribute) {
                    return Optional.empty();
                }
            };
        }
    }

    public IntrinsicResolver(CloudFormationTemplate template, String region, String accountId, ResourceLookup resources) {
        this.template = Objects.requireNonNull(template);
        this.resources = Objects.requireNonNull(resources);
        Map<String, String> p = new LinkedHashMap<>();
        p.put("AWS::AccountId", accountId);
        p.put("AWS::Region", region);
        p.put("AWS::URLSuffix", "amazonaws.com");
        p.put("AWS::Partition", "aws");
        p.put("AWS::StackName", template.stackName());
        p.put("AWS::StackId", "arn:aws:cloudformation:" + region + ":" + accountId + ":stack/" + template.stackName()
                + "/00000000-0000-0000-0000-000000000000");
        this.pseudo = Map.copyOf(p);
    }

    public Map<String, String> pseudoParameters() {
        return pseudo;
    }

    /** Resolves every intrinsic inside {@code value}; maps and lists are copied, scalars returned as they are. */
    public Object resolve(Object value) {
        Object r = eval(value);
        return r == NO_VALUE ? null : r;
    }

    /** Resolves {@code value} to a string (numbers and booleans as CloudFormation prints them). */
    public String resolveString(Object value) {
        Object r = resolve(value);
        if (r == null) {
            return null;
        }
        if (r instanceof Map<?, ?> || r instanceof List<?>) {
            throw new IllegalArgumentException("Expected a string, got " + r);
        }
        return String.valueOf(r);
    }

    @SuppressWarnings("unchecked")
    private Object eval(Object value) {
        if (value instanceof Map<?, ?> raw) {
            Map<String, Object> m = (Map<String, Object>) raw;
            if (m.size() == 1) {
                Map.Entry<String, Object> e = m.entrySet().iterator().next();
                String k = e.getKey();
                if (k.equals("Ref") || k.startsWith("Fn::") || k.equals("Condition") && !(e.getValue() instanceof Map)) {
                    return function(k, e.getValue());
                }
            }
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> {
                Object r = eval(v);
                if (r != NO_VALUE) {
                    out.put(k, r);
                }
            });
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (Object v : list) {
                Object r = eval(v);
                if (r != NO_VALUE) {
                    out.add(r);
                }
            }
            return out;
        }
        return value;
    }

    private Object function(String name, Object arg) {
        switch (name) {
            case "Ref":
                return ref(str(eval(arg)));
            case "Fn::GetAtt": {
                List<?> a = arg instanceof String s ? splitOnce(s) : list(eval(arg));
                return getAtt(str(a.get(0)), str(a.get(1)));
            }
            case "Fn::Sub":
                return sub(arg);
            case "Fn::Join": {
                List<?> a = list(arg);
                String delimiter = str(eval(a.get(0)));
                List<String> parts = new ArrayList<>();
                for (Object o : list(eval(a.get(1)))) {
                    parts.add(str(o));
                }
                return String.join(delimiter, parts);
            }
            case "Fn::Select": {
                List<?> a = list(arg);
                int index = Integer.parseInt(str(eval(a.get(0))));
                return list(eval(a.get(1))).get(index);
            }
            case "Fn::Split": {
                List<?> a = list(arg);
                String delimiter = str(eval(a.get(0)));
                return List.of(str(eval(a.get(1))).split(Pattern.quote(delimiter), -1));
            }
            case "Fn::If": {
                List<?> a = list(arg);
                return condition(str(a.get(0))) ? eval(a.get(1)) : eval(a.get(2));
            }
            case "Fn::Equals": case "Fn::Not": case "Fn::And": case "Fn::Or": case "Condition":
                return test(Map.of(name, arg));
            case "Fn::FindInMap": {
                List<?> a = list(eval(arg));
                Map<String, Object> top = CloudFormationTemplate.map(template.mappings().get(str(a.get(0))));
                Map<String, Object> second = top == null ? null : CloudFormationTemplate.map(top.get(str(a.get(1))));
                if (second == null || !second.containsKey(str(a.get(2)))) {
                    throw new IllegalArgumentException("Fn::FindInMap: no value for " + a);
                }
                return second.get(str(a.get(2)));
            }
            case "Fn::Base64":
                return Base64.getEncoder().encodeToString(str(eval(arg)).getBytes(StandardCharsets.UTF_8));
            case "Fn::GetAZs": {
                String region = pseudo.get("AWS::Region");
                return List.of(region + "a", region + "b", region + "c");
            }
            default:
                throw new UnsupportedOperationException(name + " is not supported locally");
        }
    }

    private Object ref(String name) {
        if (name.equals("AWS::NoValue")) {
            return NO_VALUE;
        }
        if (template.declaresParameter(name)) {
            return template.parameterValue(name).orElseThrow(() -> new IllegalStateException(
                    "Template parameter " + name + " has no Default: give it a value with "
                            + "CloudFormationTemplate.withParameters(Map.of(\"" + name + "\", ...))"));
        }
        if (pseudo.containsKey(name)) {
            return pseudo.get(name);
        }
        Optional<String> r = resources.ref(name);
        if (r.isPresent()) {
            return r.get();
        }
        if (template.resources().containsKey(name)) {
            return template.stackName() + "-" + name;
        }
        throw new IllegalArgumentException("Ref to unknown name " + name);
    }

    private Object getAtt(String logicalId, String attribute) {
        Optional<String> r = resources.getAtt(logicalId, attribute);
        if (r.isPresent()) {
            return r.get();
        }
        if (template.resources().containsKey(logicalId)) {
            return template.stackName() + "-" + logicalId + "." + attribute;
        }
        throw new IllegalArgumentException("Fn::GetAtt on unknown resource " + logicalId);
    }

    private String sub(Object arg) {
        String text;
        Map<String, Object> vars = Map.of();
        if (arg instanceof List<?> l) {
            text = str(l.get(0));
            Map<String, Object> m = CloudFormationTemplate.map(eval(l.get(1)));
            vars = m == null ? Map.of() : m;
        } else {
            text = str(arg);
        }
        Matcher m = SUB_VAR.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String expr = m.group(1);
            String replacement;
            if (expr.startsWith("!")) {
                replacement = "${" + expr.substring(1) + "}";
            } else if (vars.containsKey(expr)) {
                replacement = str(vars.get(expr));
            } else if (expr.contains(".") && !pseudo.containsKey(expr)) {
                List<String> parts = splitOnce(expr);
                replacement = str(getAtt(parts.get(0), parts.get(1)));
            } else {
                replacement = str(ref(expr));
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private boolean condition(String name) {
        Object body = template.conditions().get(name);
        if (body == null) {
            throw new IllegalArgumentException("Unknown condition " + name);
        }
        return test(body);
    }

    private boolean test(Object expr) {
        Map<String, Object> m = CloudFormationTemplate.map(expr);
        if (m == null || m.size() != 1) {
            return Boolean.parseBoolean(str(eval(expr)));
        }
        Map.Entry<String, Object> e = m.entrySet().iterator().next();
        switch (e.getKey()) {
            case "Fn::Equals": {
                List<?> a = list(e.getValue());
                return Objects.equals(String.valueOf(eval(a.get(0))), String.valueOf(eval(a.get(1))));
            }
            case "Fn::Not":
                return !test(list(e.getValue()).get(0));
            case "Fn::And":
                return list(e.getValue()).stream().allMatch(this::test);
            case "Fn::Or":
                return list(e.getValue()).stream().anyMatch(this::test);
            case "Condition":
                return condition(str(e.getValue()));
            default:
                return Boolean.parseBoolean(str(eval(expr)));
        }
    }

    private static List<String> splitOnce(String s) {
        int dot = s.indexOf('.');
        if (dot < 0) {
            throw new IllegalArgumentException("Expected Resource.Attribute, got " + s);
        }
        return List.of(s.substring(0, dot), s.substring(dot + 1));
    }

    private static List<?> list(Object o) {
        if (o instanceof List<?> l) {
            return l;
        }
        throw new IllegalArgumentException("Expected a list, got " + o);
    }

    private static String str(Object o) {
        if (o instanceof Map<?, ?> || o instanceof List<?> || o == null || o == NO_VALUE) {
            throw new IllegalArgumentException("Expected a string, got " + o);
        }
        return String.valueOf(o);
    }
}
