package dev.videojobs.core.provider;

import java.util.List;
import java.util.Optional;

/** A provider task's state in our vocabulary; outputs are URLs or, for base64 output, the encoded content. */
public record TaskState(String taskId, Phase phase, List<String> outputs, List<Boolean> nsfw, String error,
        Optional<String> costUnits) {

    public enum Phase { PENDING, RUNNING, SUCCEEDED, FAILED }

    public boolean finished() {
        return phase == Phase.SUCCEEDED || phase == Phase.FAILED;
    }
}
