package dev.videojobs.local.bench;

import dev.videojobs.local.stack.LocalStack;
import dev.videojobs.local.stack.aws.CloudFormationTemplate;
import dev.videojobs.local.stack.runtime.FunctionDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One function of template.yaml as deployed: its CodeUri jar, handler class and memory. {@link #jar} is a copy taken
 * when the benchmark starts, so that a rebuild running meanwhile cannot swap the artifact under a child JVM.
 */
record FunctionArtifact(String logicalId, String artifactName, Path jar, long jarBytes, String handlerClass, int memoryMb) {

    /** The template in the working directory (the repository root) or above it, as LocalStack finds it. */
    static Path templateFile() throws IOException {
        for (Path candidate : LocalStack.TEMPLATE_CANDIDATES) {
            if (Files.isRegularFile(candidate)) {
                return candidate.toRealPath();
            }
        }
        throw new IllegalStateException("template.yaml not found: run the benchmark from the repository root");
    }

    /** Every function of the template, in template order, with its jar copied into {@code snapshotDir}. */
    static List<FunctionArtifact> load(Path template, Path snapshotDir) throws IOException {
        CloudFormationTemplate parsed = CloudFormationTemplate.load(template);
        Map<String, Object> globals = parsed.globalFunctionProperties();
        Map<Path, Path> copies = new HashMap<>();
        List<FunctionArtifact> artifacts = new ArrayList<>();
        for (var entry : parsed.resourcesOfType(FunctionDefinition.TYPE).entrySet()) {
            Map<String, Object> properties = entry.getValue().properties();
            Path jar = template.getParent().resolve(String.valueOf(properties.get("CodeUri"))).normalize();
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " is missing: build first (mvn -q -o install -DskipTests)");
            }
            Path copy = copies.computeIfAbsent(jar, original -> snapshot(original, snapshotDir));
            String handler = String.valueOf(properties.get("Handler"));
            Object memory = properties.getOrDefault("MemorySize", globals.getOrDefault("MemorySize", 128));
            String artifactName = jar.getFileName().toString().replace("-function.jar", "");
            artifacts.add(new FunctionArtifact(entry.getKey(), artifactName, copy, Files.size(jar),
                    handler.contains("::") ? handler.substring(0, handler.indexOf("::")) : handler,
                    Integer.parseInt(String.valueOf(memory))));
        }
        return artifacts;
    }

    private static Path snapshot(Path jar, Path dir) {
        try {
            return Files.copy(jar, dir.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("could not copy " + jar, e);
        }
    }
}
