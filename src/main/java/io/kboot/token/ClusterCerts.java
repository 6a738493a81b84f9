package io.kboot.token;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kboot.KbootException;
import io.kboot.api.KubeApi;
import io.kboot.templates.Templates;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The content of the {@code kube-system/kubeadm-certs} Secret (kubeadm's copycerts): the
 * control-plane files every control plane shares, each encrypted with the {@link CertificateKey},
 * under the file name with "/" as "-".
 */
public final class ClusterCerts {
    public static final String SECRET = "kubeadm-certs";
    /** The shared files, relative to the certificate directory (local etcd). */
    public static final List<String> FILES = List.of("ca.crt", "ca.key", "front-proxy-ca.crt", "front-proxy-ca.key", "sa.key",
            "sa.pub", "etcd/ca.crt", "etcd/ca.key");
    /** kubeadm's DefaultCertTokenDuration: how long the Secret lives. */
    public static final Duration LIFETIME = Duration.ofHours(2);
    static final String OWNER_DESCRIPTION = "Proxy for managing TTL for the kubeadm-certs secret";

    /**
     * One decrypted file.
     *
     * @param path relative to the certificate directory, such as "etcd/ca.key"
     * @param privateKey written 0600 (a private key PEM), else 0644 as kubeadm does (certificates, sa.pub)
     */
    public record File(String path, byte[] content, boolean privateKey) {
        @Override
        public String toString() {
            return "File[" + path + ", " + content.length + " bytes]";
        }
    }

    private ClusterCerts() {}

    /**
     * kubeadm's UploadCerts: {@code files} (by path relative to the certificate directory, each of
     * {@link #FILES} the node has) encrypted with {@code key} into the Secret, owned by a new
     * bootstrap token that expires in two hours (the token cleaner deletes it, and the garbage
     * collector the Secret), and the Role that lets bootstrap tokens read it.
     */
    public static void upload(KubeApi api, Map<String, byte[]> files, CertificateKey key, SecureRandom random, Instant now) {
        BootstrapToken owner = BootstrapToken.generate(random);
        ObjectNode ownerSecret = api.createOrUpdate(BootstrapObjects.tokenSecret(owner, Optional.of(OWNER_DESCRIPTION),
                now.plus(LIFETIME), List.of(), List.of()));
        ObjectNode secret = Templates.renderTree("bootstrap/kubeadm-certs.yaml", Map.of("ownerTokenId", owner.id(),
                "ownerUid", ownerSecret.path("metadata").path("uid").asText()));
        ObjectNode data = secret.putObject("data");
        for (String path : FILES) {
            if (files.containsKey(path)) {
                data.put(secretKey(path), Base64.getEncoder().encodeToString(key.encrypt(files.get(path), random)));
            }
        }
        api.createOrUpdate(secret);
        BootstrapObjects.clusterCertsReaders().forEach(api::createOrUpdate);
    }

    /** kubeadm's certOrKeyNameToSecretName. */
    public static String secretKey(String path) {
        return path.replace('/', '-');
    }

    /**
     * Decrypts every shared file present in the Secret's {@code data}; all or nothing. Empty values
     * (a file the first control plane did not have, like ca.key with an external CA) are left out.
     *
     * @throws KbootException.InvalidInput on a wrong key (nothing is returned then)
     */
    public static List<File> decrypt(JsonNode secretData, CertificateKey key) {
        List<File> files = new ArrayList<>();
        for (String path : FILES) {
            Optional<String> value =
                    Optional.ofNullable(secretData.get(secretKey(path))).map(JsonNode::asText).filter(v -> !v.isEmpty());
            if (value.isEmpty()) {
                continue;
            }
            byte[] sealed;
            try {
                sealed = Base64.getDecoder().decode(value.get());
            } catch (IllegalArgumentException e) {
                throw new KbootException.StepFailed("kube-system/" + SECRET + ": " + secretKey(path) + " is not base64");
            }
            byte[] plain = key.decrypt(sealed);
            files.add(new File(path, plain, isPrivateKey(plain)));
        }
        if (files.stream().noneMatch(f -> f.path().equals("ca.crt"))) {
            throw new KbootException.StepFailed(
                    "kube-system/" + SECRET + " holds no ca.crt: it was not made by kinit master --upload-certs"
                            + " or kubeadm init --upload-certs");
        }
        return files;
    }

    /** kubeadm writes what parses as a private key with mode 0600, everything else 0644. */
    static boolean isPrivateKey(byte[] pem) {
        String text = new String(pem, StandardCharsets.US_ASCII);
        return text.contains("-----BEGIN RSA PRIVATE KEY-----") || text.contains("-----BEGIN EC PRIVATE KEY-----")
                || text.contains("-----BEGIN PRIVATE KEY-----");
    }
}
