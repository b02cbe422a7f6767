package dev.videojobs.local.sim;

import java.util.List;

/**
 * What a task has to produce, independent of the provider's wording.
 *
 * @param kind            a video, or ai-multi-shot's still images
 * @param images          input images in display order (for a video with an end frame: first, then last)
 * @param durationSeconds video length
 * @param aspectRatio     "16:9" etc. for multi-image models; null = the first image's own ratio
 * @param prompt          the prompt, for fault rules and NSFW flags; may be null
 * @param mode            Kling "std" or "pro", for the unit deduction; null for WaveSpeed
 */
record TaskSpec(Kind kind, List<ImageRef> images, int durationSeconds, String aspectRatio, String prompt,
        String mode) {

    enum Kind { VIDEO, SHOTS }

    /** One input image: the request field it came from (for error messages) and its URL or base64 text. */
    record ImageRef(String field, String value) {
    }

    static TaskSpec shots(ImageRef image) {
        return new TaskSpec(Kind.SHOTS, List.of(image), 0, null, null, null);
    }
}
