package dev.videojobs.local.stack.runtime;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One API Gateway resource + method, bound to a function: path templates with {@code {param}} segments and
 * {@code {proxy+}} greedy tails, matched most-specific first (literal segments before parameters), as API Gateway
 * does.
 */
record ApiRoute(String method, String pathTemplate, List<String> segments, boolean apiKeyRequired,
                LambdaFunction function, String eventName) {

    static ApiRoute of(String method, String pathTemplate, boolean apiKeyRequired, LambdaFunction function,
                       String eventName) {
        return new ApiRoute(method.toUpperCase(Locale.ROOT), pathTemplate, split(pathTemplate), apiKeyRequired,
                function, eventName);
    }

    /** Orders routes so that the first match is the most specific. */
    static final Comparator<ApiRoute> SPECIFIC_FIRST = (a, b) -> {
        int n = Math.min(a.segments.size(), b.segments.size());
        for (int i = 0; i < n; i++) {
            int c = Integer.compare(rank(a.segments.get(i)), rank(b.segments.get(i)));
            if (c != 0) {
                return c;
            }
        }
        int c = Integer.compare(b.segments.size(), a.segments.size());
        return c != 0 ? c : Boolean.compare("ANY".equals(a.method), "ANY".equals(b.method));
    };

    boolean acceptsMethod(String requestMethod) {
        return method.equals("ANY") || method.equals(requestMethod);
    }

    /** Path parameters (URL-decoded) if {@code rawPath} matches this template, else null. */
    Map<String, String> match(String rawPath) {
        List<String> parts = split(rawPath);
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < segments.size(); i++) {
            String seg = segments.get(i);
            if (seg.startsWith("{") && seg.endsWith("+}")) {
                if (i >= parts.size()) {
                    return null;
                }
                List<String> rest = new ArrayList<>();
                for (String p : parts.subList(i, parts.size())) {
                    rest.add(decode(p));
                }
                params.put(seg.substring(1, seg.length() - 2), String.join("/", rest));
                return params;
            }
            if (i >= parts.size()) {
                return null;
            }
            if (seg.startsWith("{") && seg.endsWith("}")) {
                params.put(seg.substring(1, seg.length() - 1), decode(parts.get(i)));
            } else if (!seg.equals(parts.get(i))) {
                return null;
            }
        }
        return parts.size() == segments.size() ? params : null;
    }

    private static int rank(String segment) {
        if (segment.endsWith("+}")) {
            return 2;
        }
        return segment.startsWith("{") ? 1 : 0;
    }

    private static List<String> split(String path) {
        List<String> out = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
