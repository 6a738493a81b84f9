package io.kboot.patches;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kboot.templates.Templates;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * How kboot reads a patches directory, against what the real kubeadm v1.36.3 said of the same one
 * (golden/patches; kubeadm's [patches] lines in golden/kubeadm-v1.36.3/patched/patches.log, made by
 * scripts/k8s/goldens): the files it applies, in its order, and the files it ignores, with its reasons.
 * What the patches make of each target is in {@code controlplane.PatchedManifestsTest}.
 */
class PatchesGoldenTest {
    static Path goldenPatches() {
        try {
            return Path.of(PatchesGoldenTest.class.getResource("/golden/patches").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static String kubeadmLog() throws IOException {
        try (InputStream in = PatchesGoldenTest.class.getResourceAsStream("/golden/kubeadm-v1.36.3/patched/patches.log")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void findsTheFilesKubeadmAppliesInItsOrder() throws IOException {
        Matcher found = Pattern.compile("Found the following patch files: \\[(.*)]").matcher(kubeadmLog());
        assertEquals(true, found.find());
        List<String> kubeadm = Arrays.asList(found.group(1).split(" "));
        Patches patches = Patches.load(goldenPatches());
        List<String> kboot = Arrays.stream(PatchTarget.values()).flatMap(t -> patches.filesFor(t).stream())
                .sorted(Comparator.comparing(f -> f.path().toString())).map(Patches.PatchFile::name).toList();
        assertEquals(kubeadm, kboot);
    }

    @Test
    void ignoresTheFilesKubeadmIgnoresForItsReasons() throws IOException {
        Matcher ignoring = Pattern.compile("Ignoring file \"([^\"]+)\": (.*)").matcher(kubeadmLog());
        List<Patches.Ignored> kubeadm = new ArrayList<>();
        while (ignoring.find()) {
            kubeadm.add(new Patches.Ignored(ignoring.group(1), ignoring.group(2)));
        }
        assertEquals(3, kubeadm.size(), kubeadm::toString);
        assertEquals(kubeadm, Patches.load(goldenPatches()).ignored());
    }

    @Test
    void aFileWithSeveralDocumentsHoldsOnePatchPerDocument() {
        Patches patches = Patches.load(goldenPatches());
        List<Patches.PatchFile> files = patches.filesFor(PatchTarget.KUBE_CONTROLLER_MANAGER);
        assertEquals(1, files.size());
        assertEquals(2, files.get(0).patches().size());
        assertEquals(PatchType.JSON, patches.filesFor(PatchTarget.ETCD).get(0).type());
        assertEquals(List.of(PatchType.MERGE, PatchType.STRATEGIC),
                patches.filesFor(PatchTarget.KUBELET_CONFIGURATION).stream().map(Patches.PatchFile::type).toList());
        assertEquals(Templates.parseYaml(
                "spec: {replicas: 1, template: {spec: {containers: [{name: coredns, resources: {limits: {memory: 200Mi}}}]}}}"),
                patches.filesFor(PatchTarget.COREDNS_DEPLOYMENT).get(0).patches().get(0));
    }
}
