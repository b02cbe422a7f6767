package dev.videojobs.local.bench;

import dev.videojobs.local.stack.runtime.LocalContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The child launchers' class files, copied out of this jar into a directory of their own. A child then runs on
 * {@code -cp function.jar:DIR}: the function's classpath stays its deployment artifact, plus these few classes
 * (which use only what the function jars contain).
 */
final class LauncherClasses {

    private static final List<Class<?>> LAUNCHERS = List.of(ColdStartLauncher.class, ReferenceLauncher.class, MetricsLauncher.class, CopyLauncher.class,
            ChildMarkers.class, LocalContext.class);

    private LauncherClasses() {
    }

    /** Extracts the launchers (nested classes included) into a new temp directory, deleted when this JVM exits. */
    static Path extract() {
        try {
            Path dir = Files.createTempDirectory("bench-launchers-");
            for (Class<?> launcher : LAUNCHERS) {
                for (Class<?> member : launcher.getNestMembers()) {
                    copy(member, dir);
                }
            }
            deleteOnExit(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("could not extract the benchmark launchers", e);
        }
    }

    /** {@code jar:DIR} for a child that runs {@code jar}'s code through a launcher. */
    static String classpath(Path jar, Path launcherDir) {
        return jar.toAbsolutePath() + java.io.File.pathSeparator + launcherDir.toAbsolutePath();
    }

    private static void copy(Class<?> type, Path dir) throws IOException {
        String resource = type.getName().replace('.', '/') + ".class";
        try (InputStream in = LauncherClasses.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException(resource + " is not on the classpath");
            }
            Path target = dir.resolve(resource);
            Files.createDirectories(target.getParent());
            Files.copy(in, target);
        }
    }

    private static void deleteOnExit(Path dir) throws IOException {
        // deleteOnExit runs in reverse registration order: register directories before the files in them
        try (var paths = Files.walk(dir)) {
            paths.forEach(path -> path.toFile().deleteOnExit());
        }
    }
}
