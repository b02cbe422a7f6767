package dev.videojobs.local.stack.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.videojobs.json.Json;
import dev.videojobs.local.stack.aws.CloudFormationTemplate;
import dev.videojobs.local.stack.aws.IntrinsicResolver;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * API Gateway's own error answers, as the template's {@code AWS::Serverless::Api} {@code GatewayResponses} declare
 * them, so that the local front door answers what the deployed API answers. As API Gateway does: a type's own entry,
 * else DEFAULT_4XX or DEFAULT_5XX by the type's status, else API Gateway's built-in {@code {"message": ...}}. An
 * entry's StatusCode replaces the type's status; its {@code application/json} template is the body.
 *
 * <p>Templates may use {@code $context.error.messageString}, {@code $context.error.message} and
 * {@code $context.requestId}; anything else is refused when the template is read, so that a template the front door
 * cannot render fails the local stack's start instead of answering differently from AWS.
 */
final class GatewayResponses {

    /**
     * A gateway response type (API Gateway's name) with API Gateway's default status, x-amzn-ErrorType and message;
     * the constants are the ones the front door produces.
     */
    record Type(String name, int status, String errorType, String message) {
        /** No resource or method for the request's path and method. */
        static final Type MISSING_AUTHENTICATION_TOKEN = new Type("MISSING_AUTHENTICATION_TOKEN", 403,
                "MissingAuthenticationTokenException", "Missing Authentication Token");
        /** No API key, or one API Gateway does not know, on a method that requires one. */
        static final Type INVALID_API_KEY = new Type("INVALID_API_KEY", 403, "ForbiddenException", "Forbidden");
        static final Type REQUEST_TOO_LARGE = new Type("REQUEST_TOO_LARGE", 413, "RequestTooLongException",
                "Request Too Long");
        static final Type INTEGRATION_TIMEOUT = new Type("INTEGRATION_TIMEOUT", 504, "IntegrationTimeout",
                "Endpoint request timed out");
        /** A function that failed or answered no proxy response: a 502 with no type of its own. */
        static final Type INTEGRATION_ERROR = new Type("DEFAULT_5XX", 502, "InternalServerErrorException",
                "Internal server error");
        /** The front door itself failed. */
        static final Type INTERNAL_ERROR = new Type("DEFAULT_5XX", 500, "InternalServerErrorException",
                "Internal server error");
    }

    /** One answer: status, headers (besides Content-Type and x-amzn-RequestId) and body. */
    record Answer(int status, Map<String, String> headers, byte[] body) {
    }

    /** API Gateway's answer for a type with no entry of its own and no default entry. */
    private static final String BUILT_IN_TEMPLATE = "{\"message\":$context.error.messageString}";
    private static final Pattern VARIABLE = Pattern.compile("\\$(?:\\{([^}]*)}|([A-Za-z][A-Za-z0-9_.]*))");
    private static final Set<String> RENDERED_VARIABLES =
            Set.of("context.error.messageString", "context.error.message", "context.requestId");
    private static final Pattern STATIC_HEADER = Pattern.compile("^'(.*)'$");

    private record Entry(Integer statusCode, String template, Map<String, String> headers) {
    }

    private final Map<String, Entry> entries;

    private GatewayResponses(Map<String, Entry> entries) {
        this.entries = Map.copyOf(entries);
    }

    /** API Gateway's built-in answers only. */
    static GatewayResponses none() {
        return new GatewayResponses(Map.of());
    }

    /** The GatewayResponses of the template's AWS::Serverless::Api resources (the same type twice must agree). */
    static GatewayResponses of(CloudFormationTemplate template, IntrinsicResolver resolver) {
        Map<String, Entry> entries = new LinkedHashMap<>();
        template.resourcesOfType("AWS::Serverless::Api").values().forEach(api -> {
            Map<String, Object> declared = FunctionDefinition.asMap(api.properties().get("GatewayResponses"));
            if (declared == null) {
                return;
            }
            declared.forEach((type, body) -> {
                Entry entry = entry(api.logicalId() + ".GatewayResponses." + type, FunctionDefinition.asMap(body), resolver);
                Entry other = entries.putIfAbsent(type, entry);
                if (other != null && !other.equals(entry)) {
                    throw new IllegalArgumentException("The local front door serves one set of gateway responses, but "
                            + type + " differs between APIs");
                }
            });
        });
        return new GatewayResponses(entries);
    }

    private static Entry entry(String where, Map<String, Object> body, IntrinsicResolver resolver) {
        if (body == null) {
            throw new IllegalArgumentException(where + " is not a mapping");
        }
        Object status = body.get("StatusCode");
        Integer statusCode = status == null ? null : Integer.valueOf(resolver.resolveString(status));
        Map<String, Object> templates = FunctionDefinition.asMap(body.get("ResponseTemplates"));
        String template = templates == null || templates.get("application/json") == null ? null
                : resolver.resolveString(templates.get("application/json"));
        if (template != null) {
            Matcher m = VARIABLE.matcher(template);
            while (m.find()) {
                String name = m.group(1) != null ? m.group(1) : m.group(2);
                if (!RENDERED_VARIABLES.contains(name)) {
                    throw new IllegalArgumentException(where + ": the local front door cannot render $" + name);
                }
            }
        }
        Map<String, String> headers = new LinkedHashMap<>();
        Map<String, Object> parameters = FunctionDefinition.asMap(body.get("ResponseParameters"));
        Map<String, Object> declaredHeaders = parameters == null ? null : FunctionDefinition.asMap(parameters.get("Headers"));
        if (declaredHeaders != null) {
            declaredHeaders.forEach((name, value) -> {
                Matcher literal = STATIC_HEADER.matcher(resolver.resolveString(value));
                if (!literal.matches()) {
                    throw new IllegalArgumentException(where + ": the local front door renders only static headers ('value'), not "
                            + name + ": " + value);
                }
                headers.put(name, literal.group(1));
            });
        }
        return new Entry(statusCode, template, Map.copyOf(headers));
    }

    /** What API Gateway answers for this type of error. */
    Answer answer(Type type, String requestId) {
        Entry entry = entries.get(type.name());
        if (entry == null) {
            entry = entries.get(type.status() < 500 ? "DEFAULT_4XX" : "DEFAULT_5XX");
        }
        int status = entry == null || entry.statusCode() == null ? type.status() : entry.statusCode();
        Map<String, String> headers = new LinkedHashMap<>(entry == null ? Map.of() : entry.headers());
        headers.put("x-amzn-ErrorType", type.errorType());
        String template = entry == null || entry.template() == null ? BUILT_IN_TEMPLATE : entry.template();
        Matcher m = VARIABLE.matcher(template);
        StringBuilder body = new StringBuilder();
        while (m.find()) {
            String value = switch (m.group(1) != null ? m.group(1) : m.group(2)) {
                case "context.error.messageString" -> quoted(type.message());
                case "context.error.message" -> type.message();
                default -> requestId; // context.requestId, the only other one allowed
            };
            m.appendReplacement(body, Matcher.quoteReplacement(value));
        }
        m.appendTail(body);
        return new Answer(status, headers, body.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String quoted(String text) {
        try {
            return Json.MAPPER.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
