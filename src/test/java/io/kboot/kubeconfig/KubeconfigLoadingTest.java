package io.kboot.kubeconfig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.KbootException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kubectl's (client-go's) loading rules: flag, then $KUBECONFIG merged, then ~/.kube/config. */
class KubeconfigLoadingTest {
    @TempDir
    Path dir;

    private Path file(String name, String cluster, String server, String user, String current) throws Exception {
        Path path = dir.resolve(name);
        Files.writeString(path, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: %1$s
                  cluster:
                    server: %2$s
                    certificate-authority-data: %5$s
                users:
                - name: %3$s
                  user:
                    client-certificate-data: %5$s
                contexts:
                - name: %3$s@%1$s
                  context:
                    cluster: %1$s
                    user: %3$s
                %4$s
                """.formatted(cluster, server, user, current.isEmpty() ? "" : "current-context: " + current,
                Base64.getEncoder().encodeToString(("pem of " + name).getBytes(StandardCharsets.US_ASCII))));
        return path;
    }

    @Test
    void theFlagAloneWinsAndMustExist() throws Exception {
        Path flag = file("flag", "a", "https://a:6443", "admin", "admin@a");
        Path env = file("env", "b", "https://b:6443", "admin", "admin@b");
        KubeconfigLoading.Loaded loaded =
                KubeconfigLoading.load(Optional.of(flag), Optional.of(env.toString()), dir).orElseThrow();
        assertEquals(Optional.of("https://a:6443"), loaded.config().server());
        assertEquals(List.of(flag), loaded.files());
        KbootException.InvalidInput missing = assertThrows(KbootException.InvalidInput.class,
                () -> KubeconfigLoading.load(Optional.of(dir.resolve("nope")), Optional.empty(), dir));
        assertTrue(missing.getMessage().contains("nope"), missing.getMessage());
    }

    @Test
    void kubeconfigFilesAreMergedTheFirstToSetAValueWinning() throws Exception {
        // The first file sets no current-context; the second's is used, and its clusters and users come
        // from wherever they are first named.
        Path first = file("first", "b", "https://first-b:6443", "admin", "");
        Path second = file("second", "b", "https://second-b:6443", "admin", "admin@b");
        Path third = file("third", "c", "https://c:6443", "other", "other@c");
        String list = first + ":" + dir.resolve("missing") + "::" + second + ":" + third + ":" + first;
        KubeconfigLoading.Loaded loaded = KubeconfigLoading.load(Optional.empty(), Optional.of(list), dir).orElseThrow();
        assertEquals(Optional.of("admin@b"), loaded.config().currentContext());
        assertEquals(Optional.of("https://first-b:6443"), loaded.config().server(), "the first file's cluster b wins");
        assertEquals(Optional.of("pem of first"), loaded.config().clientCertificatePem());
        assertEquals(List.of(first, second, third), loaded.files(), "missing files skipped, repeats dropped");
        assertTrue(loaded.origin().contains("3 files"), loaded.origin());
    }

    @Test
    void withoutKubeconfigTheHomeFileAndOtherwiseNothing() throws Exception {
        assertEquals(Optional.empty(), KubeconfigLoading.load(Optional.empty(), Optional.empty(), dir));
        Files.createDirectories(dir.resolve(".kube"));
        Files.move(file("config", "h", "https://home:6443", "admin", "admin@h"), dir.resolve(".kube/config"));
        assertEquals(Optional.of("https://home:6443"),
                KubeconfigLoading.load(Optional.empty(), Optional.empty(), dir).orElseThrow().config().server());
        assertEquals(Optional.of("https://home:6443"),
                KubeconfigLoading.load(Optional.empty(), Optional.of(""), dir).orElseThrow().config().server(),
                "an empty $KUBECONFIG is unset");
        assertEquals(Optional.empty(), KubeconfigLoading.load(Optional.empty(), Optional.of(dir.resolve("gone").toString()),
                dir), "a $KUBECONFIG naming only missing files is an empty config, as for kubectl");
    }

    @Test
    void fileReferencesAreReadRelativeToTheirFile() throws Exception {
        Files.createDirectories(dir.resolve("certs"));
        Files.writeString(dir.resolve("certs/ca.crt"), "CA PEM");
        Files.writeString(dir.resolve("certs/me.crt"), "CERT PEM");
        Files.writeString(dir.resolve("certs/me.key"), "KEY PEM");
        Path config = dir.resolve("config");
        Files.writeString(config, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: c
                  cluster: {server: "https://c:6443", certificate-authority: certs/ca.crt}
                users:
                - name: me
                  user: {client-certificate: certs/me.crt, client-key: certs/me.key}
                contexts:
                - name: me@c
                  context: {cluster: c, user: me}
                current-context: me@c
                """);
        Kubeconfig loaded = KubeconfigLoading.load(Optional.of(config), Optional.empty(), dir).orElseThrow().config();
        assertEquals(Optional.of("CA PEM"), loaded.certificateAuthorityPem());
        assertEquals(Optional.of("CERT PEM"), loaded.clientCertificatePem());
        assertEquals(Optional.of("KEY PEM"), loaded.clientKeyPem());
        Files.delete(dir.resolve("certs/me.key"));
        KbootException.InvalidInput unreadable = assertThrows(KbootException.InvalidInput.class,
                () -> KubeconfigLoading.load(Optional.of(config), Optional.empty(), dir));
        assertTrue(unreadable.getMessage().contains("client-key"), unreadable.getMessage());
    }

    @Test
    void aFileThatIsNotYamlIsBadInputNamingIt() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad"), "[unclosed");
        KbootException.InvalidInput e = assertThrows(KbootException.InvalidInput.class,
                () -> KubeconfigLoading.load(Optional.empty(), Optional.of(bad.toString()), dir));
        assertTrue(e.getMessage().startsWith("kubeconfig " + bad), e.getMessage());
    }
}
