package dev.videojobs.core.usecase;

import dev.videojobs.core.error.ClientError;
import dev.videojobs.core.media.ImageInfo;
import dev.videojobs.core.media.ImageInspector;
import dev.videojobs.core.media.ImageRules;
import dev.videojobs.core.media.InvalidImageException;
import dev.videojobs.core.media.MediaKeys;
import dev.videojobs.core.media.MediaStore;
import dev.videojobs.core.model.JobRequest.ImageSlot;
import dev.videojobs.core.url.FetchException;
import dev.videojobs.core.url.FetchTarget;
import dev.videojobs.core.url.UnsafeUrlException;
import dev.videojobs.core.url.UrlFetcher;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns an image reference (https URL, {@code data:} URI, {@code upload:<id>}, or for request files a key in the
 * bucket) into checked bytes. A tenant can only name its own uploads and request files.
 */
public final class ImageResolver {

    public static final long MAX_IMAGE_BYTES = ImageRules.MAX_BYTES;
    private static final Pattern DATA_URI = Pattern.compile("data:(image/[a-z+.-]+)?(;[^,]*)?;base64,(.*)", Pattern.DOTALL);
    private static final Pattern UPLOAD_ID = Pattern.compile("upload:([A-Za-z0-9_-]{8,64})");

    public record ResolvedImage(ImageSlot slot, byte[] bytes, ImageInfo info) {}

    private final UrlFetcher fetcher;
    private final MediaStore media;
    private final String bucket;

    public ImageResolver(UrlFetcher fetcher, MediaStore media, String bucket) {
        this.fetcher = fetcher;
        this.media = media;
        this.bucket = bucket;
    }

    public ResolvedImage resolve(String tenant, ImageSlot slot, boolean bucketKeysAllowed) {
        byte[] bytes = load(tenant, slot, bucketKeysAllowed);
        try {
            return new ResolvedImage(slot, bytes, ImageInspector.inspect(bytes));
        } catch (InvalidImageException e) {
            throw new ClientError(ClientError.Kind.INVALID, "invalid_image", "'" + slot.path() + "': " + e.getMessage(), slot.path());
        }
    }

    private byte[] load(String tenant, ImageSlot slot, boolean bucketKeysAllowed) {
        String source = slot.source();
        Matcher data = DATA_URI.matcher(source);
        if (source.startsWith("data:")) {
            if (!data.matches()) {
                throw new ClientError(ClientError.Kind.INVALID, "invalid_image", "'" + slot.path() + "': a data: URI must be base64 (data:image/png;base64,...)", slot.path());
            }
            if (data.group(3).length() > MAX_IMAGE_BYTES / 3 * 4 + 4) {
                throw new ClientError(ClientError.Kind.INVALID, "invalid_image", "'" + slot.path() + "': image is larger than 10 MB", slot.path());
            }
            try {
                return Base64.getMimeDecoder().decode(data.group(3));
            } catch (IllegalArgumentException e) {
                throw new ClientError(ClientError.Kind.INVALID, "invalid_image", "'" + slot.path() + "': data: URI is not valid base64", slot.path());
            }
        }
        Matcher upload = UPLOAD_ID.matcher(source);
        if (upload.matches()) {
            return readObject(MediaKeys.upload(tenant, upload.group(1)), slot);
        }
        if (source.startsWith("s3://")) {
            String prefix = "s3://" + bucket + "/";
            String key = source.startsWith(prefix) ? source.substring(prefix.length()) : "";
            if (!bucketKeysAllowed || !MediaKeys.tenantMayReference(tenant, key)) {
                throw new ClientError(ClientError.Kind.INVALID, "invalid_image", "'" + slot.path() + "': only s3://" + bucket + "/uploads/" + tenant
                        + "/ or requests/" + tenant + "/ keys may be named, and only in request files", slot.path());
            }
            return readObject(key, slot);
        }
        if (FetchTarget.isHttpUrl(source)) {
            try {
                return fetcher.fetchBytes(FetchTarget.parse(source).uri(), MAX_IMAGE_BYTES).bytes();
            } catch (UnsafeUrlException e) {
                throw new ClientError(ClientError.Kind.INVALID, "unsafe_url", "'" + slot.path() + "': " + e.getMessage(), slot.path());
            } catch (FetchException e) {
                // FetchException's messages are written for the URL's owner (no JDK exception text)
                throw new ClientError(ClientError.Kind.INVALID, "image_unreachable", "could not fetch '" + slot.path() + "': " + e.getMessage(), slot.path());
            } catch (IllegalArgumentException e) {
                throw new ClientError(ClientError.Kind.INVALID, "invalid_image", "'" + slot.path() + "' is not a valid URL", slot.path());
            }
        }
        throw new ClientError(ClientError.Kind.INVALID, "invalid_image", "'" + slot.path() + "' must be an https URL, a data: URI or upload:<id>", slot.path());
    }

    private byte[] readObject(String key, ImageSlot slot) {
        try {
            return media.read(key, MAX_IMAGE_BYTES).orElseThrow(() -> new ClientError(ClientError.Kind.INVALID, "invalid_image",
                    "'" + slot.path() + "': no uploaded image at " + slot.source(), slot.path()));
        } catch (MediaStore.ObjectTooLargeException e) {
            throw new ClientError(ClientError.Kind.INVALID, "invalid_image", "'" + slot.path() + "': image is larger than 10 MB", slot.path());
        }
    }
}
