package io.kboot.bundle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

/**
 * Writes an image as an OCI image layout archive, the format {@code ctr images import} reads: a
 * tar holding {@code oci-layout}, {@code index.json} and {@code blobs/sha256/*} (one layer, the
 * image config, the manifest). The index names the image in containerd's annotation
 * ({@code io.containerd.image.name}, the full reference: ctr tags the import with it) and in the
 * OCI one ({@code org.opencontainers.image.ref.name}, the tag, as {@code ctr images export}
 * writes it). Nothing depends on time or the machine: the same spec gives the same digests.
 */
final class OciImage {
    static final String INDEX = "application/vnd.oci.image.index.v1+json";
    static final String MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String CONFIG = "application/vnd.oci.image.config.v1+json";
    static final String PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    /** A fixed creation time, the Unix epoch, as reproducible image builds (ko, distroless) write it. */
    static final String CREATED = "1970-01-01T00:00:00Z";

    /** How the layer blob is stored. */
    enum Compression {
        /** A plain tar: nothing to decompress on slow nodes; the digest is the diff_id. */
        NONE("application/vnd.oci.image.layer.v1.tar"),
        GZIP("application/vnd.oci.image.layer.v1.tar+gzip");

        final String mediaType;

        Compression(String mediaType) {
            this.mediaType = mediaType;
        }
    }

    /** What was written: the manifest digest is what containerd lists for the imported image. */
    record Written(String ref, String manifestDigest, String diffId, String layerDigest, long layerSize, long archiveSize) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private OciImage() {}

    /**
     * Writes {@code spec} to {@code archive}. The layer goes to a temporary file beside it first:
     * its digest and size must be known before the index and manifest can be written.
     */
    static Written write(ImageSpec spec, Compression compression, Path archive) throws IOException {
        Path layerFile = Files.createTempFile(archive.toAbsolutePath().getParent(), ".layer-", ".tmp");
        try {
            String[] digests = writeLayer(spec, compression, layerFile);
            String diffId = "sha256:" + digests[0];
            String layerDigest = "sha256:" + digests[1];
            long layerSize = Files.size(layerFile);
            byte[] config = json(config(spec, diffId));
            String configDigest = Sha256.ociDigest(config);
            byte[] manifest = json(manifest(configDigest, config.length, compression, layerDigest, layerSize));
            String manifestDigest = Sha256.ociDigest(manifest);
            byte[] index = json(index(spec, manifestDigest, manifest.length));

            // Blobs in digest order, then index.json and oci-layout: a fixed order for fixed bytes.
            Map<String, Object> blobs = new TreeMap<>();
            blobs.put(hex(configDigest), config);
            blobs.put(hex(manifestDigest), manifest);
            blobs.put(hex(layerDigest), layerFile);
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(archive), 1 << 16);
                    TarWriter tar = new TarWriter(out)) {
                tar.directory("blobs", 0755);
                tar.directory("blobs/sha256", 0755);
                for (Map.Entry<String, Object> blob : blobs.entrySet()) {
                    String name = "blobs/sha256/" + blob.getKey();
                    if (blob.getValue() instanceof byte[] bytes) {
                        tar.bytes(name, 0644, bytes);
                    } else {
                        tar.file(name, 0644, (Path) blob.getValue());
                    }
                }
                tar.bytes("index.json", 0644, index);
                tar.bytes("oci-layout", 0644, json(Map.of("imageLayoutVersion", "1.0.0")));
            }
            return new Written(spec.ref(), manifestDigest, diffId, layerDigest, layerSize, Files.size(archive));
        } finally {
            Files.deleteIfExists(layerFile);
        }
    }

    /** Writes the layer tar; returns {hex diff_id (uncompressed), hex digest (as stored)}. */
    private static String[] writeLayer(ImageSpec spec, Compression compression, Path file) throws IOException {
        try (OutputStream raw = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            Sha256.Counting stored = new Sha256.Counting(raw);
            // GZIPOutputStream writes a header without a name and with mtime 0: deterministic.
            OutputStream compressed = compression == Compression.GZIP ? new GZIPOutputStream(stored, 1 << 16) : stored;
            Sha256.Counting uncompressed = compression == Compression.GZIP ? new Sha256.Counting(compressed) : stored;
            TarWriter tar = new TarWriter(uncompressed);
            for (LayerEntry entry : spec.entries()) {
                if (entry instanceof LayerEntry.File f) {
                    tar.file(f.path(), f.mode(), f.source());
                } else if (entry instanceof LayerEntry.Dir d) {
                    tar.directory(d.path(), d.mode());
                } else if (entry instanceof LayerEntry.Symlink s) {
                    tar.symlink(s.path(), s.target());
                }
            }
            tar.finish();
            uncompressed.flush();
            if (compressed instanceof GZIPOutputStream gzip) {
                gzip.finish();
            }
            stored.flush();
            String diffId = uncompressed.hex();
            return new String[] {diffId, compression == Compression.GZIP ? stored.hex() : diffId};
        }
    }

    private static Map<String, Object> config(ImageSpec spec, String diffId) {
        Map<String, Object> runtime = new LinkedHashMap<>();
        runtime.put("Env", List.of(PATH));
        if (!spec.entrypoint().isEmpty()) {
            runtime.put("Entrypoint", spec.entrypoint());
        }
        spec.user().ifPresent(user -> runtime.put("User", user));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("created", CREATED);
        config.put("architecture", "amd64");
        config.put("os", "linux");
        config.put("config", runtime);
        config.put("rootfs", ordered("type", "layers", "diff_ids", List.of(diffId)));
        config.put("history", List.of(ordered("created", CREATED, "created_by", "kboot bundle create")));
        return config;
    }

    private static Map<String, Object> manifest(String configDigest, long configSize, Compression compression,
            String layerDigest, long layerSize) {
        return ordered("schemaVersion", 2, "mediaType", MANIFEST,
                "config", ordered("mediaType", CONFIG, "digest", configDigest, "size", configSize),
                "layers", List.of(ordered("mediaType", compression.mediaType, "digest", layerDigest, "size", layerSize)));
    }

    private static Map<String, Object> index(ImageSpec spec, String manifestDigest, long manifestSize) {
        Map<String, Object> descriptor = ordered("mediaType", MANIFEST, "digest", manifestDigest, "size", manifestSize,
                "annotations", ordered("io.containerd.image.name", spec.ref(), "org.opencontainers.image.ref.name", spec.tag()),
                "platform", ordered("architecture", "amd64", "os", "linux"));
        return ordered("schemaVersion", 2, "mediaType", INDEX, "manifests", List.of(descriptor));
    }

    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    private static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write image JSON", e);
        }
    }

    private static String hex(String digest) {
        return digest.substring("sha256:".length());
    }
}
