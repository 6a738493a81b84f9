package io.kboot.upgrade;

import io.kboot.KbootException;
import io.kboot.api.ApiConnection;
import io.kboot.api.ApiRetry;
import io.kboot.api.KubeApi;
import io.kboot.config.Defaults;
import io.kboot.kubeconfig.Kubeconfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The admin API an upgrade of one node works through, for {@code kboot upgrade apply|node}: a
 * control plane's own /etc/kubernetes/admin.conf, else (a worker has none) the admin kubeconfig
 * given on the workstation, its server reached through the node. A dry run reads the cluster and
 * only plans its writes. Closes what it opened.
 */
public final class AdminAccess implements AutoCloseable {
    static final String ADMIN_CONF = Defaults.KUBERNETES_DIR + "/admin.conf";

    private final Optional<Kubeconfig> workstation;
    private final String workstationOrigin;
    private final List<ApiConnection> opened = new ArrayList<>();

    /** @param workstation the admin kubeconfig on the workstation (--kubeconfig), with the path it was read from */
    public AdminAccess(Optional<Kubeconfig> workstation, Optional<Path> from) {
        this.workstation = workstation;
        this.workstationOrigin = from.map(Path::toString).orElse("--kubeconfig");
    }

    public synchronized KubeApi open(UpgradeContext ctx) {
        ApiRetry retry = ApiRetry.within(ctx.settings().run().timeouts().kubernetesAPICall());
        ApiConnection connection;
        if (ctx.node().controlPlane() && ctx.host().exists(ADMIN_CONF)) {
            Kubeconfig config = Kubeconfig.parse(ctx.host().read(ADMIN_CONF).orElseThrow());
            connection = ApiConnection.openReading(ctx.host(), config, ctx.host().name() + ": " + ADMIN_CONF, retry);
        } else if (workstation.isPresent()) {
            connection = ApiConnection.openReading(ctx.host(), workstation.get(), workstationOrigin, retry);
        } else {
            throw new KbootException.InvalidInput(ctx.host().name() + " has no " + ADMIN_CONF + " (a worker): its upgrade"
                    + " drains it and waits for its Node through the API as an admin; give --kubeconfig FILE (a copy of a"
                    + " control plane's admin.conf)");
        }
        opened.add(connection);
        return connection.api();
    }

    @Override
    public synchronized void close() {
        opened.forEach(ApiConnection::close);
        opened.clear();
    }
}
