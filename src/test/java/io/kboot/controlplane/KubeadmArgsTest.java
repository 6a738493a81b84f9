package io.kboot.controlplane;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kboot.config.Kubeadm;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The cases of kubeadm's TestArgumentsToCommand (util/arguments_test.go) that a map of defaults can state. */
class KubeadmArgsTest {

    @Test
    void defaultsAreSortedAndOverridesFollowInTheirOrder() {
        assertEquals(List.of("--a=true", "--c=true", "--e=true", "--b=true", "--d=true"),
                KubeadmArgs.command(Map.of("b", "true", "c", "true", "a", "true"),
                        List.of(arg("e", "true"), arg("b", "true"), arg("d", "true"))));
    }

    @Test
    void anOverrideReplacesTheDefaultAndRepeatsAreKept() {
        assertEquals(List.of("--token-auth-file=/token", "--tls-sni-cert-key=/some/new/path",
                "--tls-sni-cert-key=/some/new/path/subpath"),
                KubeadmArgs.command(Map.of("token-auth-file", "/token", "tls-sni-cert-key", "/some/path/"),
                        List.of(arg("tls-sni-cert-key", "/some/new/path"), arg("tls-sni-cert-key", "/some/new/path/subpath"))));
        assertEquals(List.of("--allow-privileged=true", "--admission-control=NamespaceLifecycle,LimitRanger"),
                KubeadmArgs.command(Map.of("admission-control", "NamespaceLifecycle", "allow-privileged", "true"),
                        List.of(arg("admission-control", "NamespaceLifecycle,LimitRanger"))));
    }

    @Test
    void emptyValuesStayAndAMissingOneIsEmpty() {
        assertEquals(List.of("--allow-privileged=true", "--something-that-allows-empty-string=", "--admission-control=",
                "--other="),
                KubeadmArgs.command(Map.of("allow-privileged", "true", "something-that-allows-empty-string", ""),
                        List.of(arg("admission-control", ""), arg("other", null))));
    }

    @Test
    void noOverridesNoDefaults() {
        assertEquals(List.of(), KubeadmArgs.command(Map.of(), List.of()));
    }

    private static Kubeadm.Arg arg(String name, String value) {
        return new Kubeadm.Arg(name, value);
    }
}
