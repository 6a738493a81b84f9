package io.kboot.etcd;

import com.fasterxml.jackson.databind.JsonNode;
import io.kboot.KbootException;
import io.kboot.host.Host;
import io.kboot.hostprep.HostPaths;
import io.kboot.templates.Templates;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * This node's stacked etcd member as its static Pod manifest describes it: the manifest is the
 * node's own record of what kinit master or kjoin --control-plane (or kubeadm) set up, so a reset
 * needs no configuration file. kubeadm reset reads its data directory the same way (the
 * {@code etcd-data} volume).
 *
 * @param name        the member's name (--name)
 * @param peerUrl     how the other members reach it (--initial-advertise-peer-urls), which identifies it
 * @param clientUrls  where it serves clients (--advertise-client-urls)
 * @param otherPeers  the other members' peer URLs it was started with (--initial-cluster)
 * @param pkiDir      the directory of the etcd CA and the healthcheck client certificate (from --trusted-ca-file)
 * @param dataDir     the host directory of its data (the etcd-data volume)
 */
public record LocalEtcd(String name, String peerUrl, List<URI> clientUrls, List<String> otherPeers, String pkiDir,
        String dataDir) {
    public static final String MANIFEST = "/etc/kubernetes/manifests/etcd.yaml";
    public static final String DATA_VOLUME = "etcd-data";

    /**
     * The member on this node, or empty when the node has no etcd manifest (a worker, or external etcd).
     * A manifest kboot cannot read fails with {@code whatToDo} appended.
     */
    public static Optional<LocalEtcd> read(Host host, HostPaths paths, String whatToDo) {
        String path = paths.at(MANIFEST);
        return host.read(path).map(bytes -> {
            try {
                return parse(new String(bytes, StandardCharsets.UTF_8));
            } catch (RuntimeException e) {
                throw new KbootException.StepFailed(
                        host.name() + ": cannot read the etcd member from " + path + ": " + e.getMessage()
                                + "; " + whatToDo,
                        e);
            }
        });
    }

    public static LocalEtcd parse(String manifest) {
        JsonNode pod = Templates.parseYaml(manifest);
        JsonNode container = null;
        for (JsonNode c : pod.path("spec").path("containers")) {
            if (container == null || c.path("name").asText().equals("etcd")) {
                container = c;
            }
        }
        if (container == null) {
            throw new IllegalArgumentException("the Pod has no container");
        }
        Map<String, String> flags = flags(container);
        String name = require(flags, "name");
        String peerUrl = require(flags, "initial-advertise-peer-urls").split(",")[0].strip();
        List<URI> clientUrls = new ArrayList<>();
        for (String url : require(flags, "advertise-client-urls").split(",")) {
            if (!url.isBlank()) {
                clientUrls.add(URI.create(url.strip()));
            }
        }
        List<String> otherPeers = new ArrayList<>();
        for (String entry : flags.getOrDefault("initial-cluster", "").split(",")) {
            int eq = entry.indexOf('=');
            String url = eq < 0 ? "" : entry.substring(eq + 1).strip();
            if (!url.isEmpty() && !url.equals(peerUrl)) {
                otherPeers.add(url);
            }
        }
        String caFile = require(flags, "trusted-ca-file");
        String pkiDir = caFile.contains("/") ? caFile.substring(0, caFile.lastIndexOf('/')) : ".";
        String dataDir = null;
        for (JsonNode volume : pod.path("spec").path("volumes")) {
            if (volume.path("name").asText().equals(DATA_VOLUME)) {
                dataDir = volume.path("hostPath").path("path").asText(null);
            }
        }
        if (dataDir == null) {
            // kubeadm mounts the data directory at the same path it has on the host.
            dataDir = require(flags, "data-dir");
        }
        return new LocalEtcd(name, peerUrl, List.copyOf(clientUrls), List.copyOf(otherPeers), pkiDir, dataDir);
    }

    /**
     * Where to reach the cluster: this member first, then the others at kubeadm's client port on
     * their peer URL's address, for when this node's etcd is down but the cluster is not.
     */
    public List<URI> endpoints() {
        List<URI> endpoints = new ArrayList<>(clientUrls);
        for (String peer : otherPeers) {
            URI uri = URI.create(peer);
            URI client =
                    URI.create("https://" + (uri.getHost().contains(":") ? "[" + uri.getHost() + "]" : uri.getHost()) + ":2379");
            if (!endpoints.contains(client)) {
                endpoints.add(client);
            }
        }
        return endpoints;
    }

    /** "--name=value" flags of the container's command and args. */
    private static Map<String, String> flags(JsonNode container) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (String field : List.of("command", "args")) {
            for (JsonNode arg : container.path(field)) {
                String text = arg.asText();
                int eq = text.indexOf('=');
                if (text.startsWith("--") && eq > 2) {
                    flags.put(text.substring(2, eq), text.substring(eq + 1));
                }
            }
        }
        return flags;
    }

    private static String require(Map<String, String> flags, String flag) {
        String value = flags.get(flag);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("the etcd container has no --" + flag);
        }
        return value;
    }
}
