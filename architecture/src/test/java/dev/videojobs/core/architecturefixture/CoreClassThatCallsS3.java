package dev.videojobs.core.architecturefixture;

import software.amazon.awssdk.services.s3.S3Client;

/** Breaks the core's dependency rule on purpose, so DependencyRulesTest can show that the rule fails. */
public final class CoreClassThatCallsS3 {

    private CoreClassThatCallsS3() {}

    static void deleteEverything(S3Client s3) {
        s3.deleteBucket(delete -> delete.bucket("media"));
    }
}
