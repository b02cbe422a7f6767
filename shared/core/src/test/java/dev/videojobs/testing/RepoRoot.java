package dev.videojobs.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Files of the repository (the README, the sample image) from any module's tests, whatever its depth. */
public final class RepoRoot {

    private RepoRoot() {}

    /** {@code parts} below the directory holding template.yaml, found upwards from the working directory. */
    public static Path resolve(String... parts) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("template.yaml"))) {
                return dir.resolve(Path.of("", parts));
            }
        }
        throw new IllegalStateException("no template.yaml above " + Path.of("").toAbsolutePath());
    }
}
