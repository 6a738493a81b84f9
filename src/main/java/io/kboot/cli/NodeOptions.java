package io.kboot.cli;

import io.kboot.config.NodeSettings;
import io.kboot.config.RunOptions;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** What kinit master and kjoin share: the target node, output, host preparation and the node flags. */
public final class NodeOptions {
    @Mixin
    TargetOptions target = new TargetOptions();

    @Mixin
    OutputOptions output = new OutputOptions();

    @Mixin
    HostPrepOptions hostPrep = new HostPrepOptions();

    @Option(names = "--dry-run", description = "Show what would change on the node, change nothing.")
    boolean dryRun;

    @Option(names = "--node-name", paramLabel = "NAME", converter = Converters.DnsName.class,
            description = "Node name (default: the host's hostname).")
    Optional<String> nodeName = Optional.empty();

    @Option(names = "--cri-socket", paramLabel = "URL", converter = Converters.CriSocket.class,
            description = "Container runtime socket (default: unix:///var/run/containerd/containerd.sock).")
    Optional<String> criSocket = Optional.empty();

    @Mixin
    RunFlags run = new RunFlags();

    /** The run's wait bounds with {@code --timeout} over the file's; applied after the merge. */
    RunOptions withTimeoutFlags(RunOptions settings) {
        return run.withTimeouts(settings);
    }

    /** Copies the flags kinit master and kjoin share into the settings' holders. */
    void fill(NodeSettings.Flags node, RunOptions.Flags runFlags) {
        node.name = nodeName;
        node.criSocket = criSocket;
        run.fill(runFlags);
    }
}
