package dev.videojobs.local.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.videojobs.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** What the figures were measured on: they mean little without it. */
final class Machine {

    private Machine() {
    }

    static ObjectNode describe() {
        ObjectNode machine = Json.object();
        machine.put("date", OffsetDateTime.now(ZoneOffset.UTC).withNano(0).toString());
        machine.put("nproc", Runtime.getRuntime().availableProcessors());
        machine.put("memory_gib", Math.round(totalMemoryKb() / 1024.0 / 1024.0 * 10) / 10.0);
        machine.put("cpu", cpuModel());
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        machine.put("java_version", System.getProperty("java.runtime.version"));
        machine.put("java_vendor", System.getProperty("java.vendor"));
        return machine;
    }

    static String summary(ObjectNode machine) {
        return machine.path("nproc").asInt() + " cores, " + machine.path("memory_gib").asDouble() + " GiB, JDK "
                + machine.path("java_version").asText() + ", " + machine.path("date").asText();
    }

    private static long totalMemoryKb() {
        return procLine(Path.of("/proc/meminfo"), "MemTotal:").map(line -> Long.parseLong(line.replaceAll("[^0-9]", ""))).orElse(-1L);
    }

    private static String cpuModel() {
        return procLine(Path.of("/proc/cpuinfo"), "model name").map(line -> line.substring(line.indexOf(':') + 1).strip()).orElse("unknown");
    }

    private static java.util.Optional<String> procLine(Path file, String prefix) {
        try (var lines = Files.lines(file)) {
            return lines.filter(line -> line.startsWith(prefix)).findFirst();
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }
}
