package io.kboot.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.KbootException;
import io.kboot.token.CaCertHash;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The CA pin (kubeadm-contracts.md §6.1) against kubeadm's own vectors. */
class CaPinTest {
    /** kadm util/pubkeypin/pubkeypin_test.go testCertPEM. */
    static final String PUBKEYPIN_TEST_CERT = """
            -----BEGIN CERTIFICATE-----
            MIIDRDCCAiygAwIBAgIJAJgVaCXvC6HkMA0GCSqGSIb3DQEBBQUAMB8xHTAbBgNV
            BAMTFGt1YmVhZG0ta2V5cGlucy10ZXN0MCAXDTE3MDcwNTE3NDMxMFoYDzIxMTcw
            NjExMTc0MzEwWjAfMR0wGwYDVQQDExRrdWJlYWRtLWtleXBpbnMtdGVzdDCCASIw
            DQYJKoZIhvcNAQEBBQADggEPADCCAQoCggEBAK0ba8mHU9UtYlzM1Own2Fk/XGjR
            J4uJQvSeGLtz1hID1IA0dLwruvgLCPadXEOw/f/IWIWcmT+ZmvIHZKa/woq2iHi5
            +HLhXs7aG4tjKGLYhag1hLjBI7icqV7ovkjdGAt9pWkxEzhIYClFMXDjKpMSynu+
            YX6nZ9tic1cOkHmx2yiZdMkuriRQnpTOa7bb03OC1VfGl7gHlOAIYaj4539WCOr8
            +ACTUMJUFEHcRZ2o8a/v6F9GMK+7SC8SJUI+GuroXqlMAdhEv4lX5Co52enYaClN
            +D9FJLRpBv2YfiCQdJRaiTvCBSxEFz6BN+PtP5l2Hs703ZWEkOqCByM6HV8CAwEA
            AaOBgDB+MB0GA1UdDgQWBBRQgUX8MhK2rWBWQiPHWcKzoWDH5DBPBgNVHSMESDBG
            gBRQgUX8MhK2rWBWQiPHWcKzoWDH5KEjpCEwHzEdMBsGA1UEAxMUa3ViZWFkbS1r
            ZXlwaW5zLXRlc3SCCQCYFWgl7wuh5DAMBgNVHRMEBTADAQH/MA0GCSqGSIb3DQEB
            BQUAA4IBAQCaAUif7Pfx3X0F08cxhx8/Hdx4jcJw6MCq6iq6rsXM32ge43t8OHKC
            pJW08dk58a3O1YQSMMvD6GJDAiAfXzfwcwY6j258b1ZlI9Ag0VokvhMl/XfdCsdh
            AWImnL1t4hvU5jLaImUUMlYxMcSfHBGAm7WJIZ2LdEfg6YWfZh+WGbg1W7uxLxk6
            y4h5rWdNnzBHWAGf7zJ0oEDV6W6RSwNXtC0JNnLaeIUm/6xdSddJlQPwUv8YH4jX
            c1vuFqTnJBPcb7W//R/GI2Paicm1cmns9NLnPR35exHxFTy+D1yxmGokpoPMdife
            aH+sfuxT8xeTPb3kjzF9eJTlnEquUDLM
            -----END CERTIFICATE-----
            """;

    /** certificate-authority-data of the dry-run cluster-info in §5.4(b). */
    static final String DRY_RUN_CA_BASE64 =
            "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSURCVENDQWUyZ0F3SUJBZ0lJTkpmdGFCK09Xd0F3RFFZSktvWklodmNO" +
                    "QVFFTEJRQXdGVEVUTUJFR0ExVUUKQXhNS2EzVmlaWEp1WlhSbGN6QWVGdzB5TkRBM01EZ3hNalF3TURSYUZ3MHpOREEzTURZ" +
                    "eE1qUTFNRFJhTUJVeApFekFSQmdOVkJBTVRDbXQxWW1WeWJtVjBaWE13Z2dFaU1BMEdDU3FHU0liM0RRRUJBUVVBQTRJQkR3" +
                    "QXdnZ0VLCkFvSUJBUURhUURkaWdPeVdpbTZXLzQ4bjNQSG9WZVZCU2lkNldjbmRFV3VVcTVnQldYZGx0OTk2aCtWbkl0bHQK" +
                    "OHpDaGwvb1I1V2ZSYVJDODA1WitvTW4vWThJR1ZRM3QxaG55SW1ZbjR3M3Z6UlhvdUdlQmVpdTJTU1ZqZ0J3agpYanliYk1D" +
                    "bXJBZEljYkllWm1INjZldjV6KzVZS21aUlVZYzNoRGFIcFhkMEVFblp5SlY1d2FaczBYTVFVSE03CmVxT1pBWko5L21PM05V" +
                    "QnBsdnJQbnBPTUs3a1NFUFBnNzVjVTdXSG9KSEZrZVlXNTkzZ3NnQ3MyQnRVdTY0Y3EKYlZYOWJpZ3JZZGRwWmtvRUtLeFU4" +
                    "SEl3SHNJNVY4Um9uM21LRkdsckUxN2IybC84Q3FtQXVPdnl6TEllaVFHWAplZ0lhUi9uUkhISUQ5QVRpNnRYOEVhRERwZXYv" +
                    "QWdNQkFBR2pXVEJYTUE0R0ExVWREd0VCL3dRRUF3SUNwREFQCkJnTlZIUk1CQWY4RUJUQURBUUgvTUIwR0ExVWREZ1FXQkJR" +
                    "WWFDRGU2eXVWcVNhV1Y3M3pMaldtR2hpYVR6QVYKQmdOVkhSRUVEakFNZ2dwcmRXSmxjbTVsZEdWek1BMEdDU3FHU0liM0RR" +
                    "RUJDd1VBQTRJQkFRQ2NlTW5uaVBhcQpHUkVqR3A2WFJTN1FFWW1RcmJFZCtUVjVKUTE4byttVzZvR3BaOENBM0pBSFFETk5Q" +
                    "RW1QYzB5dVhEeE85QkZYCmJnMlhSSCtLTkozVzJKZlExVEgzVFhKRWF4Zkh1WDRtQjU5UkNsQzExNGtsV2RIeDFqN0FtRWt1" +
                    "eTZ0ZGpuYWkKZmh0U0dueEEwM2JwN2I4Z28zSWpXNE5wV1JOMVdHNTl2YTBKOEJIRmg3Q0RpZUxuK0RNdUk2M0Jna1kveTJz" +
                    "MApML2RtOVBmcWdVSzFBMy8wZGhDVjZiRUNqekEzSkJld21kSC8rVUJPeVkybUMwNVlQMzNkMHA5eXlrYmtkWE5xCkRONXlB" +
                    "c3ZNUC9PV0NuQjFlQlFUb2pNODJMU3F3dHZtbU1SNHRXYXVoOXVkVktHY2s0eEJaV3Vkcm5LRFVVWEkKUURNUFJnSkMvTng0" +
                    "Ci0tLS0tRU5EIENFUlRJRklDQVRFLS0tLS0K";

    @Test
    void pubkeypinTestVector() {
        assertEquals("sha256:345959acb2c3b2feb87d281961c893f62a314207ef02599f1cc4a5fb255480b3",
                CaPin.of(PUBKEYPIN_TEST_CERT).toString());
    }

    @Test
    void dryRunClusterInfoVector() {
        String pem = new String(Base64.getDecoder().decode(DRY_RUN_CA_BASE64), StandardCharsets.US_ASCII);
        assertEquals("sha256:3b793efefe27a19f93b0fbe6e637e9c41d0dde8a377d6ab1c0f656bf1136dd8a",
                CaPin.of(pem).toString());
    }

    @Test
    void parsesLikeKubeadmsAllowAndMatchesAnyInABundle() {
        String hex = "345959acb2c3b2feb87d281961c893f62a314207ef02599f1cc4a5fb255480b3";
        assertEquals(new CaCertHash(hex), CaCertHash.parse("sha256:" + hex));
        assertEquals(new CaCertHash(hex), CaCertHash.parse("SHA256:" + hex.toUpperCase()));
        assertTrue(CaPin.matchesAny(CaCertHash.parse("sha256:" + hex), PUBKEYPIN_TEST_CERT));
        String dryRun = new String(Base64.getDecoder().decode(DRY_RUN_CA_BASE64), StandardCharsets.US_ASCII);
        assertFalse(CaPin.matchesAny(CaCertHash.parse("sha256:" + hex), dryRun));
        assertTrue(CaPin.matchesAny(CaCertHash.parse("sha256:" + hex), dryRun + PUBKEYPIN_TEST_CERT));
    }

    @Test
    void malformedPinsAreInvalidInput() {
        String hex = "345959acb2c3b2feb87d281961c893f62a314207ef02599f1cc4a5fb255480b3";
        for (String bad : new String[] {hex, "md5:" + hex, "sha256:" + hex.substring(2), "sha256:" + hex + "00",
            "sha256:" + hex.replace('a', 'g'), "sha256:" + hex + ":x", "", "sha256:"}) {
            var e = assertThrows(KbootException.InvalidInput.class, () -> CaCertHash.parse(bad), bad);
            assertTrue(e.getMessage().startsWith("invalid CA certificate hash"), e.getMessage());
        }
        assertThrows(KbootException.InvalidInput.class, () -> CaPin.of("not a certificate"));
    }
}
