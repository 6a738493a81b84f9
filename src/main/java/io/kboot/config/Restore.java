package io.kboot.config;

import java.nio.file.Path;

/**
 * {@code kinit master --restore-from}: a backup made by {@code kboot etcd snapshot save}, already
 * verified and unpacked on this machine (a private temporary directory), whose PKI and etcd data
 * the first control plane is rebuilt from. Its ClusterConfiguration is already in the settings.
 *
 * @param unpacked the directory holding the backup's entries (etcd/snapshot.db, pki/…, kubeadm-config.yaml)
 * @param backup   the backup as the operator named it, for messages
 */
public record Restore(Path unpacked, String backup) {}
