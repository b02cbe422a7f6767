package dev.videojobs.local.stack.runtime;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** What the test handlers saw, by channel; handlers run in the test JVM, so the test reads it directly. */
final class Recorder {

    private static final Map<String, List<Object>> SEEN = new ConcurrentHashMap<>();

    private Recorder() {
    }

    static void record(String channel, Object value) {
        SEEN.computeIfAbsent(channel, k -> new CopyOnWriteArrayList<>()).add(value);
    }

    static List<Object> seen(String channel) {
        return SEEN.getOrDefault(channel, List.of());
    }

    static void clear() {
        SEEN.clear();
    }
}
