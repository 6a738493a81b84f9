package io.kboot.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.kboot.KbootException;
import io.kboot.config.Endpoint;
import io.kboot.host.RecordingHost;
import io.kboot.kubeconfig.Kubeconfig;
import org.junit.jupiter.api.Test;

/** What a joining node is told comes from the control plane's own files, and their absence is a failed step. */
class ClusterAccessTest {
    private static final String ADMIN_CONF = "/etc/kubernetes/admin.conf";

    private static String adminConf(String server) {
        return Kubeconfig.withToken("kubernetes", server, "", "kubernetes-admin", "not-a-secret").render();
    }

    @Test
    void theEndpointIsTheServerOfAdminConf() {
        RecordingHost cp1 = new RecordingHost("cp1").file(ADMIN_CONF, adminConf("https://cp.lab:6443"));
        assertEquals(Endpoint.parse("cp.lab:6443"), ClusterAccess.endpoint(cp1, ADMIN_CONF));

        RecordingHost ipv6 = new RecordingHost("cp1").file(ADMIN_CONF, adminConf("https://[fd00::10]:6443"));
        assertEquals(Endpoint.parse("[fd00::10]:6443"), ClusterAccess.endpoint(ipv6, ADMIN_CONF));
    }

    @Test
    void missingFilesFailTheStepNamingTheHostAndThePath() {
        RecordingHost bare = new RecordingHost("cp1");
        assertEquals("cp1: /etc/kubernetes/admin.conf does not exist",
                assertThrows(KbootException.StepFailed.class, () -> ClusterAccess.endpoint(bare, ADMIN_CONF)).getMessage());
        assertEquals("cp1: /etc/kubernetes/pki/ca.crt does not exist",
                assertThrows(KbootException.StepFailed.class, () -> ClusterAccess.caPin(bare, "/etc/kubernetes/pki/ca.crt"))
                        .getMessage());
    }
}
