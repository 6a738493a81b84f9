package io.kboot.reset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.kboot.api.EtcdClient;
import io.kboot.host.LocalHost;
import io.kboot.hostprep.HostPaths;
import io.kboot.pki.ClientTls;
import io.kboot.pki.Pki;
import io.kboot.pki.PkiListener;
import io.kboot.pki.PkiSettings;
import io.kboot.pki.Tools;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * remove-etcd-member against a real two-member etcd cluster (cp1, cp2 on two loopback addresses,
 * certificates from kboot's Pki, cp2 added as a learner and promoted as kjoin does). cp2's node
 * tree (rooted in a temporary directory) holds its etcd.yaml and etcd certificates as kubeadm
 * lays them out; the phase removes cp2 through cp2 itself, over mutual TLS with the
 * healthcheck-client certificate. A second run finds cp2's etcd gone, reaches cp1 through
 * --initial-cluster and says the member is removed already; on cp1, the last member, nothing
 * is removed.
 */
class EtcdMemberRemovalIT {
    @TempDir
    Path root;

    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        for (Process p : processes) {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    /** A control plane's node tree: /etc/kubernetes/pki/etcd with kboot's certificates for this node. */
    private Path node(String name, String address, Path sharedCa) throws IOException {
        Path tree = root.resolve(name);
        Path pki = tree.resolve("etc/kubernetes/pki");
        if (sharedCa != null) {
            Files.createDirectories(pki.resolve("etcd"));
            for (String file : List.of("etcd/ca.crt", "etcd/ca.key")) {
                Files.copy(sharedCa.resolve(file), pki.resolve(file), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        Pki certs = new Pki(new LocalHost(), pki.toString(), PkiSettings.defaults(name, address), PkiListener.silent());
        for (String cert : List.of("etcd-ca", "etcd-server", "etcd-peer", "etcd-healthcheck-client")) {
            certs.ensure(cert);
        }
        return tree;
    }

    /** The etcd.yaml kubeadm writes, reduced to what the phase reads; paths as the node sees them. */
    private static void manifest(Path tree, String name, String address, List<String> initialCluster) throws IOException {
        Path file = tree.resolve("etc/kubernetes/manifests/etcd.yaml");
        Files.createDirectories(file.getParent());
        Files.writeString(file, """
                apiVersion: v1
                kind: Pod
                metadata: {name: etcd, namespace: kube-system}
                spec:
                  containers:
                  - name: etcd
                    command:
                    - etcd
                    - --advertise-client-urls=https://%1$s:2379
                    - --initial-advertise-peer-urls=https://%1$s:2380
                    - --initial-cluster=%2$s
                    - --name=%3$s
                    - --trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt
                  volumes:
                  - {name: etcd-data, hostPath: {path: /var/lib/etcd, type: DirectoryOrCreate}}
                """.formatted(address, String.join(",", initialCluster), name));
    }

    private Process etcd(Path tree, String name, String address, String initialCluster, String state) throws IOException {
        Path pki = tree.resolve("etc/kubernetes/pki/etcd");
        Process process = new ProcessBuilder(Tools.require("etcd"), "--name=" + name,
                "--data-dir=" + tree.resolve("var/lib/etcd"),
                "--listen-client-urls=https://" + address + ":2379", "--advertise-client-urls=https://" + address + ":2379",
                "--listen-peer-urls=https://" + address + ":2380", "--initial-advertise-peer-urls=https://" + address + ":2380",
                "--initial-cluster=" + initialCluster, "--initial-cluster-state=" + state,
                "--client-cert-auth=true", "--trusted-ca-file=" + pki.resolve("ca.crt"),
                "--cert-file=" + pki.resolve("server.crt"), "--key-file=" + pki.resolve("server.key"),
                "--peer-client-cert-auth=true", "--peer-trusted-ca-file=" + pki.resolve("ca.crt"),
                "--peer-cert-file=" + pki.resolve("peer.crt"), "--peer-key-file=" + pki.resolve("peer.key"))
                .redirectErrorStream(true).redirectOutput(root.resolve(name + ".log").toFile()).start();
        process.getOutputStream().close();
        processes.add(process);
        return process;
    }

    private static EtcdClient client(Path tree, String address) throws IOException {
        Path pki = tree.resolve("etc/kubernetes/pki/etcd");
        return EtcdClient.open(new LocalHost(), URI.create("https://" + address + ":2379"), ClientTls.mutual(
                Files.readString(pki.resolve("ca.crt")), Files.readString(pki.resolve("healthcheck-client.crt")),
                Files.readString(pki.resolve("healthcheck-client.key")), address));
    }

    private <T> T await(String what, Callable<T> attempt) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                return attempt.call();
            } catch (Exception e) {
                last = e;
            }
            Thread.sleep(300);
        }
        return fail("no " + what + " within 60 s: " + last + "\ncp1:\n" + log("cp1") + "\ncp2:\n" + log("cp2"));
    }

    private String log(String name) {
        try {
            return Files.readString(root.resolve(name + ".log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    @Test
    void aJoinedControlPlaneLeavesTheEtcdClusterAndTheLastMemberStays() throws Exception {
        String[] addresses = freeLoopbackPair();
        String a = addresses[0];
        String b = addresses[1];
        String peer1 = "cp1=https://" + a + ":2380";
        String peer2 = "cp2=https://" + b + ":2380";
        Path cp1 = node("cp1", a, null);
        Path cp2 = node("cp2", b, cp1.resolve("etc/kubernetes/pki"));
        manifest(cp1, "cp1", a, List.of(peer1));
        manifest(cp2, "cp2", b, List.of(peer1, peer2));

        etcd(cp1, "cp1", a, peer1, "new");
        try (EtcdClient first = client(cp1, a)) {
            await("cp1 answering", first::members);
            String learner = first.addLearner("https://" + b + ":2380").id();
            etcd(cp2, "cp2", b, peer1 + "," + peer2, "existing");
            await("cp2 promoted", () -> {
                first.promote(learner);
                return null;
            });
            assertEquals(2, first.members().size());

            ResetSettings atCp2 = new ResetSettings(new HostPaths(cp2.toString()), "/etc/kubernetes/pki");
            ResetFixture.Run removed = ResetFixture.run(new LocalHost("cp2"), atCp2, Confirmation.GIVEN, EtcdMemberRemoval::run);
            assertTrue(removed.out().contains("removed etcd member cp2 (ID "), removed.out());
            assertTrue(removed.out().contains("from the cluster; 1 member(s) remain"), removed.out());
            List<EtcdClient.Member> left = await("cp1 without cp2", () -> {
                List<EtcdClient.Member> members = first.members();
                if (members.size() != 1) {
                    throw new IllegalStateException(members.toString());
                }
                return members;
            });
            assertEquals("cp1", left.get(0).name());

            // cp2's etcd stops once removed; the phase then asks cp1, which it knows from --initial-cluster.
            ResetFixture.Run again = ResetFixture.run(new LocalHost("cp2"), atCp2, Confirmation.GIVEN, EtcdMemberRemoval::run);
            assertTrue(again.out().contains("etcd has no member at https://" + b + ":2380 (removed already): nothing to remove"),
                    again.out());

            ResetSettings atCp1 = new ResetSettings(new HostPaths(cp1.toString()), "/etc/kubernetes/pki");
            ResetFixture.Run last = ResetFixture.run(new LocalHost("cp1"), atCp1, Confirmation.GIVEN, EtcdMemberRemoval::run);
            assertTrue(
                    last.out().contains("etcd member cp1 (ID ")
                            && last.out().contains("is the cluster's only member: nothing to remove"),
                    last.out());
            assertEquals(1, first.members().size());
        }
    }

    /** Two loopback addresses on which etcd's client and peer ports are free. */
    private static String[] freeLoopbackPair() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int host = ThreadLocalRandom.current().nextInt(2, 250);
            String a = "127.0.0." + host;
            String b = "127.0.0." + (host + 1);
            if (free(a, 2379) && free(a, 2380) && free(b, 2379) && free(b, 2380)) {
                return new String[] {a, b};
            }
        }
        return fail("no two loopback addresses with etcd's ports free");
    }

    private static boolean free(String address, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(address), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
