package io.kboot.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kboot etcd}: the control plane's etcd; {@code snapshot save|status} are backups. */
@Command(name = "etcd", mixinStandardHelpOptions = true,
        description = "Back up the cluster's etcd: snapshots with the cluster's CAs and configuration, for disaster recovery.",
        subcommands = {EtcdCommand.Snapshot.class},
        footerHeading = "%nExamples:%n",
        footer = {
            "  kboot etcd snapshot save -f cluster.yaml -o backup.tar --encrypt-key-file backup.key",
            "  kboot etcd snapshot status backup.tar --encrypt-key-file backup.key",
            "  kinit master --host root@192.168.56.10 --restore-from backup.tar --encrypt-key-file backup.key",
            ""})
final class EtcdCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: snapshot (see kboot etcd --help)");
    }

    @Command(name = "snapshot", mixinStandardHelpOptions = true,
            description = "Save a backup of the cluster (etcd's snapshot, the shared CAs and keys, the ClusterConfiguration)"
                    + " to this machine, or check one.",
            subcommands = {EtcdSnapshotSaveCommand.class, EtcdSnapshotStatusCommand.class},
            footerHeading = "%nExamples:%n",
            footer = {
                "  kboot etcd snapshot save --host root@192.168.56.10 -o backup.tar",
                "  kboot etcd snapshot status backup.tar",
                ""})
    static final class Snapshot implements Runnable {
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            throw new CommandLine.ParameterException(spec.commandLine(), "missing command: save or status (see kboot etcd"
                    + " snapshot --help)");
        }
    }
}
