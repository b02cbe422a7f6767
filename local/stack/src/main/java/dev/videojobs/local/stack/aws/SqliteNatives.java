package dev.videojobs.local.stack.aws;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;

/**
 * Makes sqlite4java's native library (used by DynamoDB Local) loadable: the build copies the natives into
 * {@code native/} on the classpath (target/classes and the shaded jar); this extracts the ones for this OS into a
 * temporary directory and points {@code sqlite4java.library.path} at it. A value already set is left alone.
 */
final class SqliteNatives {

    static final String PROPERTY = "sqlite4java.library.path";
    private static final List<String> LIBRARIES = List.of(
            "libsqlite4java-linux-amd64.so",
            "libsqlite4java-osx.dylib",
            "sqlite4java-win32-x64.dll");

    private static Path extractedTo;

    private SqliteNatives() {
    }

    static synchronized Path ensureAvailable() {
        String preset = System.getProperty(PROPERTY);
        if (preset != null && !preset.isBlank()) {
            return Path.of(preset);
        }
        if (extractedTo != null) {
            return extractedTo;
        }
        String suffix = System.mapLibraryName("x").substring(System.mapLibraryName("x").lastIndexOf('.'));
        try {
            Path dir = Files.createTempDirectory("video-jobs-sqlite4java");
            dir.toFile().deleteOnExit();
            int found = 0;
            for (String name : LIBRARIES) {
                if (!name.endsWith(suffix)) {
                    continue;
                }
                try (InputStream in = SqliteNatives.class.getResourceAsStream("/native/" + name)) {
                    if (in == null) {
                        continue;
                    }
                    Path target = dir.resolve(name);
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    target.toFile().deleteOnExit();
                    found++;
                }
            }
            if (found == 0) {
                throw new IllegalStateException("No sqlite4java native library for " + System.getProperty("os.name")
                        + "/" + System.getProperty("os.arch") + " on the classpath under native/ (expected one of "
                        + LIBRARIES + "); DynamoDB Local cannot start. Set -D" + PROPERTY + " to a directory holding it.");
            }
            String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
            if (arch.contains("aarch64") || arch.contains("arm")) {
                System.err.println("[EmbeddedAws] sqlite4java 1.0.392 ships no native library for " + arch
                        + "; DynamoDB Local will likely fail to start on this machine.");
            }
            System.setProperty(PROPERTY, dir.toString());
            extractedTo = dir;
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot extract sqlite4java natives", e);
        }
    }
}
