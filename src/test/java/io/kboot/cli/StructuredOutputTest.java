package io.kboot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kboot.templates.Templates;
import io.kboot.token.Tokens;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** -o json|yaml of certs check-expiration and token list: kubeadm's output documents, field for field. */
class StructuredOutputTest {
    @TempDir
    Path dir;

    /** The field order kubeadm v1.36.3 prints (its Certificate struct), checked against its output. */
    private static final List<String> CERTIFICATE_FIELDS =
            List.of("name", "expirationDate", "residualTime", "externallyManaged", "caName", "missing");

    @Test
    void checkExpirationPrintsKubeadmsCertificateExpirationInfo() throws Exception {
        String pki = dir.resolve("pki").toString();
        CliTest.Outcome certs = CliTest.kinit("master", "phase", "certs", "all", "--node-name", "cp1", "--advertise-address",
                "192.168.56.10", "--encryption-algorithm", "ECDSA-P256", "--cert-dir", pki, "--kubeconfig-dir", dir.toString());
        assertEquals(0, certs.exitCode(), certs.err());
        CliTest.Outcome json = CliTest.kboot("certs", "check-expiration", "--cert-dir", pki, "--kubeconfig-dir", dir.toString(),
                "-o", "json");
        assertEquals(0, json.exitCode(), json.err());
        assertTrue(json.out().startsWith("{\n    \"kind\": \"CertificateExpirationInfo\",\n"
                + "    \"apiVersion\": \"output.kubeadm.k8s.io/v1alpha3\",\n    \"certificates\": [\n"), json.out());
        JsonNode doc = new ObjectMapper().readTree(json.out());
        JsonNode admin = find(doc.path("certificates"), "admin.conf");
        assertEquals(List.of("name", "expirationDate", "residualTime", "externallyManaged", "missing"), fields(admin));
        assertTrue(admin.path("expirationDate").isNull() && admin.path("missing").asBoolean(), admin.toString());
        assertEquals(0, admin.path("residualTime").asLong());
        JsonNode apiserver = find(doc.path("certificates"), "apiserver");
        assertEquals(CERTIFICATE_FIELDS, fields(apiserver));
        assertEquals("ca", apiserver.path("caName").asText());
        Instant expires = Instant.parse(apiserver.path("expirationDate").asText());
        long residual = apiserver.path("residualTime").asLong();
        assertTrue(Math.abs(expires.getEpochSecond() - Instant.now().getEpochSecond() - residual) < 120, apiserver.toString());
        assertTrue(apiserver.path("expirationDate").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"));
        assertEquals("etcd-ca", find(doc.path("certificates"), "etcd-server").path("caName").asText());
        JsonNode ca = find(doc.path("certificateAuthorities"), "ca");
        assertEquals(List.of("name", "expirationDate", "residualTime", "externallyManaged", "missing"), fields(ca));
        assertEquals(3, doc.path("certificateAuthorities").size());

        CliTest.Outcome yaml = CliTest.kboot("certs", "check-expiration", "--cert-dir", pki, "--kubeconfig-dir", dir.toString(),
                "-o", "yaml");
        assertEquals(0, yaml.exitCode(), yaml.err());
        assertTrue(yaml.out().startsWith("apiVersion: output.kubeadm.k8s.io/v1alpha3\ncertificateAuthorities:\n- "),
                yaml.out());
        JsonNode fromYaml = Templates.parseYaml(yaml.out());
        assertEquals(doc.path("certificates").size(), fromYaml.path("certificates").size());
        assertEquals(find(doc.path("certificates"), "apiserver").path("caName"),
                find(fromYaml.path("certificates"), "apiserver").path("caName"));
    }

    @Test
    void aTokenIsKubeadmsBootstrapTokenWithItsIdNeverItsSecret() {
        Tokens.Listed token = new Tokens.Listed("abcdef", Optional.of(Instant.parse("2026-12-08T10:00:00.123Z")),
                List.of("authentication", "signing"), List.of("system:bootstrappers:kubeadm:default-node-token"),
                Optional.of("for w1"));
        JsonNode doc = TokenCommand.ListTokens.document(token);
        assertEquals(List.of("kind", "apiVersion", "id", "description", "expires", "usages", "groups"), fields(doc));
        assertEquals("BootstrapToken", doc.path("kind").asText());
        assertEquals("2026-12-08T10:00:00Z", doc.path("expires").asText());
        Tokens.Listed bare = new Tokens.Listed("zyxwvu", Optional.empty(), List.of(), List.of(), Optional.empty());
        assertEquals(List.of("kind", "apiVersion", "id"), fields(TokenCommand.ListTokens.document(bare)));

        PrintFormat yaml = new PrintFormat();
        yaml.format = PrintFormat.Format.yaml;
        StringWriter out = new StringWriter();
        yaml.print(new PrintWriter(out), List.of(TokenCommand.ListTokens.document(token),
                TokenCommand.ListTokens.document(bare)));
        String second = "\n---\napiVersion: output.kubeadm.k8s.io/v1alpha3\nid: zyxwvu\nkind: BootstrapToken\n";
        assertTrue(out.toString().contains(second), out.toString());
    }

    private static JsonNode find(JsonNode list, String name) {
        for (JsonNode entry : list) {
            if (name.equals(entry.path("name").asText())) {
                return entry;
            }
        }
        throw new AssertionError(name + " not in " + list);
    }

    private static List<String> fields(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
