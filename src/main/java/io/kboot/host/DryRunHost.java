package io.kboot.host;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Stands in front of a real host for {@code --dry-run}: queries run for real, changes are only
 * recorded. Files "uploaded" during the run are served back to later reads, so a later phase sees
 * what an earlier one would have written (the kubeconfig phase reads the CA the certs phase made).
 *
 * <p>The plan names each change but never shows file content: uploads are often secrets.
 */
public final class DryRunHost extends ForwardingHost {

    /** One change the real run would make. */
    public sealed interface Change permits Change.Run, Change.Write, Change.ApiWrite {
        String describe();

        record Run(String script) implements Change {
            @Override
            public String describe() {
                return "run: " + script.strip().replace("\n", "\n       ");
            }
        }

        /** A write to the cluster's API, such as "create ConfigMap kube-system/kubeadm-config". */
        record ApiWrite(String what) implements Change {
            @Override
            public String describe() {
                return "api: " + what;
            }
        }

        record Write(String path, FileAttributes attributes, long size) implements Change {
            @Override
            public String describe() {
                return "write " + path + " (" + attributes.octal()
                        + attributes.owner().map(o -> ", " + o + attributes.group().map(g -> ":" + g).orElse("")).orElse("")
                        + ", " + size + " bytes)";
            }
        }
    }

    private final List<Change> changes = new ArrayList<>();
    private final Map<String, byte[]> written = new HashMap<>();

    /** Reads, queries and tunnels (kboot's API phases plan their writes themselves) go to {@code delegate}. */
    public DryRunHost(Host delegate) {
        super(delegate);
    }

    @Override
    public synchronized ExecResult exec(Command command) {
        if (!command.mutating()) {
            return delegate.exec(command);
        }
        changes.add(new Change.Run(command.script()));
        return ExecResult.success("");
    }

    @Override
    public synchronized void upload(Content content, String path, FileAttributes attributes) {
        byte[] bytes = content instanceof Content.Bytes b ? b.data() : null;
        long size = bytes != null ? bytes.length : content.size();
        changes.add(new Change.Write(path, attributes, size));
        if (bytes != null) {
            written.put(path, bytes);
        }
    }

    @Override
    public synchronized Optional<byte[]> read(String path) {
        byte[] planned = written.get(path);
        return planned != null ? Optional.of(planned.clone()) : delegate.read(path);
    }

    @Override
    public synchronized boolean exists(String path) {
        return written.containsKey(path) || delegate.exists(path);
    }

    /** Records a write the real run would make to the cluster's API. */
    public synchronized void recordApiWrite(String what) {
        changes.add(new Change.ApiWrite(what));
    }

    /** The changes recorded so far, in order. */
    public synchronized List<Change> changes() {
        return List.copyOf(changes);
    }
}
