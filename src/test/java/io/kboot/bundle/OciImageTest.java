package io.kboot.bundle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OCI archives parsed back: index, manifest, config, layer, as containerd reads them. */
class OciImageTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** An image like kube-proxy's: a binary, a directory tree with a symlink, /tmp. */
    private ImageSpec spec() throws IOException {
        Path bin = dir.resolve("src/kube-proxy");
        Files.createDirectories(bin.getParent());
        FakeBuild.executable(bin, "#!fake kube-proxy\n");
        Path lib = dir.resolve("src/libxt.so");
        Files.writeString(lib, "library");
        return new ImageSpec("registry.k8s.io/kube-proxy:v1.36.3", List.of(
                new LayerEntry.File("usr/local/bin/kube-proxy", bin, 0755),
                new LayerEntry.Symlink("usr/sbin/iptables", "iptables-nft"),
                new LayerEntry.File("usr/lib/xtables/libxt.so", lib, 0644),
                new LayerEntry.Dir("tmp", 01777)),
                List.of("/usr/local/bin/kube-proxy"), Optional.empty());
    }

    /** The archive's entries by name. */
    record Archive(List<FakeBuild.Entry> entries) {
        byte[] blob(String digest) {
            return FakeBuild.bytes(entries, "blobs/sha256/" + digest.substring("sha256:".length()));
        }

        JsonNode json(String name) throws IOException {
            return JSON.readTree(FakeBuild.bytes(entries, name));
        }
    }

    @Test
    void indexManifestConfigAndLayerAgree() throws IOException {
        Path archive = dir.resolve("kube-proxy.tar");
        OciImage.Written written = OciImage.write(spec(), OciImage.Compression.NONE, archive);
        Archive oci = new Archive(FakeBuild.read(archive));

        assertEquals(List.of("blobs/", "blobs/sha256/"),
                oci.entries().subList(0, 2).stream().map(FakeBuild.Entry::name).toList());
        assertEquals("{\"imageLayoutVersion\":\"1.0.0\"}", new String(FakeBuild.bytes(oci.entries(), "oci-layout")));
        JsonNode index = oci.json("index.json");
        assertEquals(2, index.get("schemaVersion").asInt());
        assertEquals(OciImage.INDEX, index.get("mediaType").asText());
        assertEquals(1, index.get("manifests").size());
        JsonNode descriptor = index.get("manifests").get(0);
        assertEquals("registry.k8s.io/kube-proxy:v1.36.3", descriptor.at("/annotations/io.containerd.image.name").asText());
        assertEquals("v1.36.3", descriptor.at("/annotations/org.opencontainers.image.ref.name").asText());
        assertEquals("amd64", descriptor.at("/platform/architecture").asText());
        assertEquals(written.manifestDigest(), descriptor.get("digest").asText());

        byte[] manifestBytes = oci.blob(written.manifestDigest());
        assertEquals(written.manifestDigest(), Sha256.ociDigest(manifestBytes), "manifest blob digest");
        assertEquals(manifestBytes.length, descriptor.get("size").asLong());
        JsonNode manifest = JSON.readTree(manifestBytes);
        assertEquals(OciImage.MANIFEST, manifest.get("mediaType").asText());

        byte[] configBytes = oci.blob(manifest.at("/config/digest").asText());
        assertEquals(manifest.at("/config/digest").asText(), Sha256.ociDigest(configBytes));
        assertEquals(configBytes.length, manifest.at("/config/size").asLong());
        JsonNode config = JSON.readTree(configBytes);
        assertEquals("amd64", config.get("architecture").asText());
        assertEquals("linux", config.get("os").asText());
        assertEquals("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", config.at("/config/Env/0").asText());
        assertEquals("/usr/local/bin/kube-proxy", config.at("/config/Entrypoint/0").asText());
        assertEquals("layers", config.at("/rootfs/type").asText());

        JsonNode layer = manifest.get("layers").get(0);
        assertEquals(1, manifest.get("layers").size());
        assertEquals("application/vnd.oci.image.layer.v1.tar", layer.get("mediaType").asText());
        byte[] layerBytes = oci.blob(layer.get("digest").asText());
        assertEquals(layer.get("digest").asText(), Sha256.ociDigest(layerBytes));
        assertEquals(layerBytes.length, layer.get("size").asLong());
        assertEquals(Sha256.ociDigest(layerBytes), config.at("/rootfs/diff_ids/0").asText(), "diff_id of an uncompressed layer");
        assertEquals(written.diffId(), config.at("/rootfs/diff_ids/0").asText());
    }

    @Test
    void theLayerIsSortedWithParentsAndFixedMetadata() throws IOException {
        Path archive = dir.resolve("kube-proxy.tar");
        OciImage.Written written = OciImage.write(spec(), OciImage.Compression.NONE, archive);
        byte[] layer = new Archive(FakeBuild.read(archive)).blob(written.layerDigest());
        List<FakeBuild.Entry> entries = FakeBuild.read(new ByteArrayInputStream(layer));
        assertEquals(
                List.of("tmp/", "usr/", "usr/lib/", "usr/lib/xtables/", "usr/lib/xtables/libxt.so", "usr/local/",
                        "usr/local/bin/",
                        "usr/local/bin/kube-proxy", "usr/sbin/", "usr/sbin/iptables"),
                entries.stream().map(FakeBuild.Entry::name).toList());
        for (FakeBuild.Entry e : entries) {
            assertEquals(0, e.header().getModTime().getTime(), e.name());
            assertEquals(0, e.header().getLongUserId(), e.name());
            assertEquals("", e.header().getUserName(), e.name());
            assertEquals("", e.header().getGroupName(), e.name());
        }
        assertEquals(01777, entry(entries, "tmp/").header().getMode());
        assertEquals(0755, entry(entries, "usr/local/bin/kube-proxy").header().getMode());
        assertEquals("#!fake kube-proxy\n", entry(entries, "usr/local/bin/kube-proxy").text());
        assertEquals(0644, entry(entries, "usr/lib/xtables/libxt.so").header().getMode());
        assertTrue(entry(entries, "usr/sbin/iptables").header().isSymbolicLink());
        assertEquals("iptables-nft", entry(entries, "usr/sbin/iptables").header().getLinkName());
    }

    @Test
    void gzipLayersHaveTheUncompressedDigestAsDiffId() throws IOException {
        Path archive = dir.resolve("kube-proxy.tar");
        OciImage.Written written = OciImage.write(spec(), OciImage.Compression.GZIP, archive);
        Archive oci = new Archive(FakeBuild.read(archive));
        JsonNode manifest = JSON.readTree(oci.blob(written.manifestDigest()));
        assertEquals("application/vnd.oci.image.layer.v1.tar+gzip", manifest.at("/layers/0/mediaType").asText());
        byte[] stored = oci.blob(written.layerDigest());
        byte[] plain = new GZIPInputStream(new ByteArrayInputStream(stored)).readAllBytes();
        JsonNode config = JSON.readTree(oci.blob(manifest.at("/config/digest").asText()));
        assertEquals(Sha256.ociDigest(plain), config.at("/rootfs/diff_ids/0").asText());
        assertFalse(written.diffId().equals(written.layerDigest()));
    }

    @Test
    void theSameInputsGiveTheSameBytesWhateverTheFileTimes() throws IOException {
        ImageSpec spec = spec();
        Path first = dir.resolve("a/img.tar");
        Path second = dir.resolve("b/img.tar");
        Files.createDirectories(first.getParent());
        Files.createDirectories(second.getParent());
        OciImage.Written one = OciImage.write(spec, OciImage.Compression.GZIP, first);
        FakeBuild.touchAll(dir.resolve("src"), 1_700_000_000_000L);
        OciImage.Written two = OciImage.write(spec, OciImage.Compression.GZIP, second);
        assertEquals(one, two);
        assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second));
    }

    @Test
    void badSpecsAreRefused() {
        Path file = dir.resolve("x");
        assertThrows(IllegalArgumentException.class, () -> new ImageSpec("pause", List.of(), List.of(), Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> new LayerEntry.File("../etc/passwd", file, 0644));
        assertThrows(IllegalArgumentException.class, () -> new LayerEntry.File("/etc/passwd", file, 0644));
        IllegalArgumentException twice =
                assertThrows(IllegalArgumentException.class, () -> new ImageSpec("registry.k8s.io/pause:3.10.2",
                        List.of(new LayerEntry.Dir("tmp", 0755), new LayerEntry.Dir("tmp", 01777)), List.of(), Optional.empty()));
        assertEquals("two layer entries for tmp", twice.getMessage());
        IllegalArgumentException below = assertThrows(IllegalArgumentException.class,
                () -> new ImageSpec("registry.k8s.io/pause:3.10.2",
                        List.of(new LayerEntry.Symlink("lib", "usr/lib"), new LayerEntry.File("lib/x", file, 0644)), List.of(),
                        Optional.empty()));
        assertEquals("lib/x is below lib, which is not a directory", below.getMessage());
        ImageSpec coredns = new ImageSpec("registry.k8s.io/coredns/coredns:v1.14.2", List.of(), List.of(), Optional.empty());
        assertEquals("coredns.tar", coredns.archiveName());
        assertEquals("v1.14.2", coredns.tag());
        assertEquals("registry.k8s.io/coredns/coredns", coredns.repository());
        assertEquals("5000", new ImageSpec("mirror.lab:5000/k8s/pause:5000", List.of(), List.of(), Optional.empty()).tag());
    }

    private static FakeBuild.Entry entry(List<FakeBuild.Entry> entries, String name) {
        return entries.stream().filter(e -> e.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name));
    }
}
