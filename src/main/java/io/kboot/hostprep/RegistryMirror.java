package io.kboot.hostprep;

import io.kboot.KbootException;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Mirrors to pull a registry's images through, written as containerd's
 * {@code /etc/containerd/certs.d/<registry>/hosts.toml}.
 *
 * @param registry  the registry as image names spell it: "docker.io", "registry.k8s.io"
 * @param endpoints mirror URLs, tried in order before the registry itself
 */
public record RegistryMirror(String registry, List<String> endpoints) {
    private static final Pattern REGISTRY = Pattern.compile("[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?");

    public RegistryMirror {
        Objects.requireNonNull(registry, "registry");
        endpoints = List.copyOf(endpoints);
        if (!REGISTRY.matcher(registry).matches()) {
            throw new KbootException.InvalidInput("registry mirror: \"" + registry + "\" is not a registry host name");
        }
        if (endpoints.isEmpty()) {
            throw new KbootException.InvalidInput("registry mirror for " + registry + ": no mirror URL");
        }
        for (String endpoint : endpoints) {
            requireUrl(registry, endpoint);
        }
    }

    /** "docker.io=https://mirror.local:5000,https://other" as given to --registry-mirror. */
    public static RegistryMirror parse(String text) {
        int eq = text.indexOf('=');
        if (eq <= 0 || eq == text.length() - 1) {
            throw new KbootException.InvalidInput("registry mirror \"" + text
                    + "\": expected REGISTRY=URL[,URL...], e.g. docker.io=https://mirror.local:5000");
        }
        List<String> urls =
                Arrays.stream(text.substring(eq + 1).split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
        return new RegistryMirror(text.substring(0, eq).strip(), urls);
    }

    /** The registry's own address, containerd's {@code server} (Docker Hub's API lives elsewhere). */
    public String server() {
        return registry.equals("docker.io") ? "https://registry-1.docker.io" : "https://" + registry;
    }

    /** Where containerd looks for this registry's hosts.toml. */
    public String hostsFile() {
        return "/etc/containerd/certs.d/" + registry + "/hosts.toml";
    }

    private static void requireUrl(String registry, String endpoint) {
        URI uri;
        try {
            uri = URI.create(endpoint);
        } catch (IllegalArgumentException e) {
            throw new KbootException.InvalidInput("registry mirror for " + registry + ": \"" + endpoint + "\" is not a URL");
        }
        boolean web = "https".equals(uri.getScheme()) || "http".equals(uri.getScheme());
        if (!web || uri.getHost() == null || endpoint.contains("\"") || endpoint.contains("'") || endpoint.contains(" ")) {
            throw new KbootException.InvalidInput("registry mirror for " + registry + ": \"" + endpoint
                    + "\" is not an http(s) URL, e.g. https://mirror.local:5000");
        }
    }
}
