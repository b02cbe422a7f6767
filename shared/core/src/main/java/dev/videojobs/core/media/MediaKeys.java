package dev.videojobs.core.media;

import dev.videojobs.core.tenant.TenantRegistry;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bucket's layout, in one place: every key a job's objects live under. Tenants' keys start with their id, so a
 * tenant's objects can be listed, expired or deleted together.
 */
public final class MediaKeys {

    /** A provider output that is content rather than a URL, kept in our bucket until it is copied: this prefix and its key. */
    public static final String STAGED = "staged:";

    private static final Pattern REQUEST_FILE = Pattern.compile("requests/(" + TenantRegistry.ID + ")/(.+\\.json)");

    private MediaKeys() {}

    /** {@code inputs/{tenant}/{job}/{field}.{png|jpg}}: an input image as the provider is given it. */
    public static String input(String tenant, String jobId, String field, String format) {
        return "inputs/" + tenant + "/" + jobId + "/" + field + "." + (format.equals("png") ? "png" : "jpg");
    }

    /** {@code outputs/{tenant}/{job}/{index}.{extension}}: a copied output. */
    public static String output(String tenant, String jobId, int index, String extension) {
        return "outputs/" + tenant + "/" + jobId + "/" + index + "." + extension;
    }

    /** {@code uploads/{tenant}/{id}}: an image the client uploaded with a presigned PUT. */
    public static String upload(String tenant, String uploadId) {
        return "uploads/" + tenant + "/" + uploadId;
    }

    /** {@code staging/{job}/{index}.b64}: an output the provider returned inline (base64), until it is copied. */
    public static String staging(String jobId, int index) {
        return "staging/" + jobId + "/" + index + ".b64";
    }

    /** The tenant of a request file key {@code requests/{tenant}/{name}.json}, or empty when the key is not one. */
    public static Optional<String> requestFileTenant(String key) {
        Matcher matcher = REQUEST_FILE.matcher(key);
        return matcher.matches() && !key.contains("..") ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    /** {@code results/{tenant}/{name}.json}: the answer to the request file {@code requests/{tenant}/{name}.json}. */
    public static String resultOf(String requestFileKey) {
        return "results/" + requestFileKey.substring("requests/".length());
    }

    /** Whether a job of {@code tenant} may name this key as an image: its own uploads and request files only. */
    public static boolean tenantMayReference(String tenant, String key) {
        return (key.startsWith("uploads/" + tenant + "/") || key.startsWith("requests/" + tenant + "/")) && !key.contains("..");
    }
}
