package io.kboot.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Vectors from cluster-bootstrap's jws_test.go and kubeadm's dry-run cluster-info (kubeadm-contracts.md §5.4). */
class JwsTest {
    private static final String CONTENT = "Hello from the other side. I must have called a thousand times.";
    private static final String SECRET = "my voice is my passcode";
    private static final String ID = "joshua";

    @Test
    void clusterBootstrapVectors() {
        assertEquals("eyJhbGciOiJIUzI1NiIsImtpZCI6Impvc2h1YSJ9..VShe2taLd-YTrmWuRkcL_8QTNDHYxQIEBsAYYiIj1_8",
                Jws.sign(CONTENT, ID, SECRET));
        assertEquals("eyJhbGciOiJIUzI1NiIsImtpZCI6Impvc2h1YSJ9..7Ui1ALizW4jXphVUB7xUqC9vLYLL9RZeOFfVLoB7Tgk",
                Jws.sign("", ID, SECRET));
        assertEquals("eyJhbGciOiJIUzI1NiIsImtpZCI6Impvc2h1YSJ9..UfkqvDGiIFxrMnFseDj9LYJOLNrvjW8aHhF71mvvAs8",
                Jws.sign(CONTENT, ID, ""));
    }

    @Test
    void verificationRejectsTampering() {
        String sig = Jws.sign(CONTENT, ID, SECRET);
        assertTrue(Jws.verify(sig, CONTENT, ID, SECRET));
        assertFalse(Jws.verify(sig + "foo", CONTENT, ID, SECRET), "jws_test.go: appended garbage");
        assertFalse(Jws.verify(sig, CONTENT + " ", ID, SECRET), "tampered payload");
        assertFalse(Jws.verify(sig, CONTENT, "joshub", SECRET), "another key id");
        assertFalse(Jws.verify(sig, CONTENT, ID, SECRET + "x"), "another key");
        String otherHeader = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"alg\":\"none\",\"kid\":\"joshua\"}".getBytes(StandardCharsets.UTF_8));
        assertFalse(Jws.verify(otherHeader + sig.substring(sig.indexOf('.')), CONTENT, ID, SECRET), "tampered header");
    }

    @Test
    void kubeadmDryRunClusterInfo() throws IOException {
        String kubeconfig;
        try (InputStream in = getClass().getResourceAsStream("/token/cluster-info-kubeconfig.yaml")) {
            kubeconfig = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertEquals(1671, kubeconfig.getBytes(StandardCharsets.UTF_8).length);
        BootstrapToken token = BootstrapToken.parse("abcdef.abcdef0123456789");
        String expected = "eyJhbGciOiJIUzI1NiIsImtpZCI6ImFiY2RlZiJ9..wUZ0q9o0VK1RWFptmSBOEem2bXHWrHyxrposHg0mb1w";
        assertEquals(expected, Jws.sign(kubeconfig, token));
        assertTrue(Jws.verify(expected, kubeconfig, token));
        assertFalse(Jws.verify(expected, kubeconfig.replace("192.168.0.101", "192.168.0.102"), token), "another server");
    }

    @Test
    void theKeyIsTheSecretOnlyNotTheWholeToken() {
        // kubeadm-contracts.md §5.3: the website's "full token" wording is wrong for the code.
        assertEquals("eyJhbGciOiJIUzI1NiIsImtpZCI6ImFiY2RlZiJ9..MUpxpwNMdptYYrqSAlZtTwDLGsMJVyMtsoeJb2o5lAc".substring(0, 38),
                Jws.sign("x", "abcdef", "abcdef.abcdef0123456789").substring(0, 38), "same header either way");
        assertFalse(Jws.sign("x", "abcdef", "abcdef0123456789").equals(Jws.sign("x", "abcdef", "abcdef.abcdef0123456789")));
    }
}
