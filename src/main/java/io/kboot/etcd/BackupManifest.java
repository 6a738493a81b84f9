package io.kboot.etcd;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A backup's MANIFEST, its first entry: what the backup is of, and every other entry with its mode,
 * size and SHA-256. Plain text, so an operator can read it with {@code tar -xOf backup.tar MANIFEST}.
 *
 * @param taken             when the snapshot was taken
 * @param node              the control plane it was taken on, as the command named it
 * @param clusterName       the ClusterConfiguration's clusterName
 * @param kubernetesVersion the ClusterConfiguration's kubernetesVersion
 * @param etcd              the member's Status just before the snapshot
 * @param files             the other entries, in archive order
 */
public record BackupManifest(Instant taken, String node, String clusterName, String kubernetesVersion,
        EtcdState etcd, List<FileEntry> files) {
    static final String FORMAT = "kboot etcd backup v1";
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern SAFE_PATH = Pattern.compile("(etcd|pki)/[A-Za-z0-9._/-]+|kubeadm-config\\.yaml");

    public BackupManifest {
        files = List.copyOf(files);
    }

    /**
     * The etcd side.
     *
     * @param version   the member's etcd version, "3.6.8"
     * @param clusterId etcd's cluster ID, hex
     * @param memberId  the member the snapshot came from, hex
     * @param revision  the store's revision just before the snapshot
     */
    public record EtcdState(String version, String clusterId, String memberId, long revision) {}

    /**
     * One entry.
     *
     * @param path   relative, such as "pki/ca.key"
     * @param mode   permission bits as the entry has them (0600 for keys and the snapshot)
     * @param sha256 hex
     */
    public record FileEntry(String path, int mode, long size, String sha256) {}

    Optional<FileEntry> file(String path) {
        return files.stream().filter(f -> f.path().equals(path)).findFirst();
    }

    byte[] render() {
        StringBuilder out = new StringBuilder(FORMAT).append('\n');
        Map<String, String> fields = fields();
        fields.forEach((key, value) -> out.append(key).append(' ').append(value).append('\n'));
        for (FileEntry f : files) {
            out.append(String.format("file %s %04o %d %s%n", f.path(), f.mode(), f.size(), f.sha256()));
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private Map<String, String> fields() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("taken", taken.toString());
        fields.put("node", node);
        fields.put("cluster-name", clusterName);
        fields.put("kubernetes-version", kubernetesVersion);
        fields.put("etcd-version", etcd.version());
        fields.put("etcd-cluster-id", etcd.clusterId());
        fields.put("etcd-member-id", etcd.memberId());
        fields.put("etcd-revision", Long.toString(etcd.revision()));
        return fields;
    }

    /** @throws IllegalArgumentException naming the line that is wrong */
    static BackupManifest parse(byte[] content) {
        String[] lines = new String(content, StandardCharsets.UTF_8).split("\n");
        if (lines.length == 0 || !lines[0].equals(FORMAT)) {
            throw new IllegalArgumentException("its MANIFEST does not start with \"" + FORMAT + "\"");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        List<FileEntry> files = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            String[] words = lines[i].startsWith("file ") ? lines[i].split(" ") : lines[i].split(" ", 2);
            if (words.length == 5 && words[0].equals("file")) {
                files.add(fileEntry(words, i + 1));
            } else if (words.length == 2 && !words[0].equals("file")) {
                fields.put(words[0], words[1]);
            } else {
                throw new IllegalArgumentException(
                        "MANIFEST line " + (i + 1) + " is not \"key value\" or \"file PATH MODE SIZE SHA256\"");
            }
        }
        try {
            return new BackupManifest(Instant.parse(field(fields, "taken")), field(fields, "node"), field(fields, "cluster-name"),
                    field(fields, "kubernetes-version"), new EtcdState(field(fields, "etcd-version"),
                            field(fields, "etcd-cluster-id"), field(fields, "etcd-member-id"),
                            Long.parseLong(field(fields, "etcd-revision"))),
                    files);
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException("its MANIFEST has a malformed value: " + e.getMessage());
        }
    }

    private static FileEntry fileEntry(String[] words, int line) {
        if (!SAFE_PATH.matcher(words[1]).matches() || words[1].contains("..") || !SHA256.matcher(words[4]).matches()) {
            throw new IllegalArgumentException("MANIFEST line " + line + " names an entry kboot does not write");
        }
        try {
            return new FileEntry(words[1], Integer.parseInt(words[2], 8), Long.parseLong(words[3]), words[4]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("MANIFEST line " + line + " has a malformed mode or size");
        }
    }

    private static String field(Map<String, String> fields, String key) {
        String value = fields.get(key);
        if (value == null) {
            throw new IllegalArgumentException("its MANIFEST has no " + key);
        }
        return value;
    }
}
