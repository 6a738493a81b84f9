package io.kboot.reset;

import io.kboot.KbootException;
import io.kboot.Pause;
import io.kboot.api.EtcdClient;
import io.kboot.etcd.LocalEtcd;
import io.kboot.host.DryRunHost;
import io.kboot.host.Host;
import io.kboot.pki.ClientTls;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * remove-etcd-member: a control plane with a stacked etcd leaves the etcd cluster before its data
 * is deleted, as kubeadm reset does; otherwise the cluster keeps counting a dead member towards
 * its quorum. The member is found by its peer URL in MemberList, asked as kubeadm asks (the
 * healthcheck-client certificate, through the node). The last member is not removed: the cluster
 * ends with this node. Unlike kubeadm, which only warns, a removal that fails stops the reset
 * before anything is deleted: the operator decides (remove it with etcdctl, or skip the phase).
 */
final class EtcdMemberRemoval {
    /** What to do when this node's etcd manifest cannot be read. */
    static final String UNREADABLE_MANIFEST = "fix or delete the manifest, or skip with --skip-phases remove-etcd-member";
    static final String PHASE = "remove-etcd-member";
    static final Duration REMOVE_RETRY = Duration.ofSeconds(60);

    /** What to do with this node's member, given the cluster's members. */
    sealed interface Decision permits NotMember, LastMember, Remove {}

    record NotMember() implements Decision {}

    record LastMember(EtcdClient.Member member) implements Decision {}

    record Remove(EtcdClient.Member member, int others) implements Decision {}

    private EtcdMemberRemoval() {}

    static void run(ResetContext ctx) {
        Host host = ctx.host();
        Optional<LocalEtcd> local = LocalEtcd.read(host, ctx.paths(), UNREADABLE_MANIFEST);
        if (local.isEmpty()) {
            ctx.info("no etcd static Pod on this node (" + LocalEtcd.MANIFEST + "; a worker, or a control plane with external"
                    + " etcd): nothing to remove");
            return;
        }
        LocalEtcd etcd = local.get();
        try (EtcdClient client = connect(ctx, etcd)) {
            Decision decision = decide(client.members(), etcd.peerUrl());
            if (decision instanceof NotMember) {
                ctx.info("etcd has no member at " + etcd.peerUrl() + " (removed already): nothing to remove");
            } else if (decision instanceof LastMember last) {
                ctx.info("etcd member " + describe(last.member()) + " is the cluster's only member: nothing to remove"
                        + " (its data goes with cleanup-node)");
            } else if (decision instanceof Remove remove) {
                if (host instanceof DryRunHost dryRun) {
                    dryRun.recordApiWrite("remove etcd member " + describe(remove.member()));
                    ctx.info("would remove etcd member " + describe(remove.member()) + "; " + remove.others()
                            + " member(s) would remain");
                } else {
                    List<EtcdClient.Member> left = removeRetrying(ctx, client, remove.member());
                    ctx.info("removed etcd member " + describe(remove.member()) + " from the cluster; " + left.size()
                            + " member(s) remain");
                }
            }
        }
    }

    /**
     * MemberRemove, retried for up to {@link #REMOVE_RETRY} as kubeadm's client retries it: etcd
     * refuses ("unhealthy cluster") while its leader has not been connected to a quorum for a few
     * seconds, e.g. right after a member joined. A member already gone (an answer lost on the
     * way) counts as removed.
     */
    private static List<EtcdClient.Member> removeRetrying(ResetContext ctx, EtcdClient client, EtcdClient.Member member) {
        long deadline = System.nanoTime() + REMOVE_RETRY.toNanos();
        boolean said = false;
        while (true) {
            try {
                return client.remove(member.id());
            } catch (KbootException.StepFailed e) {
                try {
                    List<EtcdClient.Member> now = client.members();
                    if (now.stream().noneMatch(m -> m.id().equals(member.id()))) {
                        return now;
                    }
                } catch (KbootException.StepFailed listFailed) {
                    // The answer to the removal decides below.
                }
                if (System.nanoTime() > deadline) {
                    throw new KbootException.StepFailed(
                            ctx.host().name() + ": etcd did not remove member " + describe(member) + " within "
                                    + REMOVE_RETRY.toSeconds() + "s: " + e.getMessage()
                                    + ". Remove it from another control plane with"
                                    + " 'etcdctl member remove', then run the reset again with --skip-phases remove-etcd-member",
                            e);
                }
                if (!said) {
                    ctx.info("etcd refuses to remove the member for now (" + e.getMessage() + "); retrying for up to "
                            + REMOVE_RETRY.toSeconds() + "s");
                    said = true;
                }
            }
            Pause.sleep(Duration.ofSeconds(1));
        }
    }

    static Decision decide(List<EtcdClient.Member> members, String peerUrl) {
        Optional<EtcdClient.Member> self = members.stream().filter(m -> m.peerUrls().contains(peerUrl)).findFirst();
        if (self.isEmpty()) {
            return new NotMember();
        }
        if (members.size() == 1) {
            return new LastMember(self.get());
        }
        return new Remove(self.get(), members.size() - 1);
    }

    private static String describe(EtcdClient.Member member) {
        return (member.name().isEmpty() ? "(unstarted)" : member.name()) + " (ID " + EtcdClient.hex(member.id()) + ", "
                + String.join(",", member.peerUrls()) + (member.learner() ? ", learner" : "") + ")";
    }

    /** A client to the first endpoint that answers MemberList: this member, then the others it knows of. */
    private static EtcdClient connect(ResetContext ctx, LocalEtcd etcd) {
        Host host = ctx.host();
        String ca = read(ctx, etcd.pkiDir() + "/ca.crt");
        String cert = read(ctx, etcd.pkiDir() + "/healthcheck-client.crt");
        String key = read(ctx, etcd.pkiDir() + "/healthcheck-client.key");
        StringBuilder tried = new StringBuilder();
        for (URI endpoint : etcd.endpoints()) {
            EtcdClient client = EtcdClient.open(host, endpoint, ClientTls.mutual(ca, cert, key, endpoint.getHost()));
            try {
                client.members();
                return client;
            } catch (KbootException.StepFailed e) {
                client.close();
                ctx.info("etcd at " + endpoint + " does not answer (" + e.getMessage() + ")");
                tried.append(tried.length() == 0 ? "" : ", ").append(endpoint);
            }
        }
        throw new KbootException.StepFailed(host.name() + ": no etcd member answers (" + tried + "), so this node's member "
                + etcd.name() + " (" + etcd.peerUrl()
                + ") cannot be removed from the etcd cluster. Remove it from another control"
                + " plane with 'etcdctl member remove', then run the reset again with --skip-phases remove-etcd-member");
    }

    private static String read(ResetContext ctx, String path) {
        String rooted = ctx.paths().at(path);
        return new String(ctx.host().read(rooted).orElseThrow(() -> new KbootException.StepFailed(ctx.host().name() + ": "
                + rooted
                + " is missing, so kboot cannot talk to etcd to remove this node's member. Remove it from another control plane"
                + " with 'etcdctl member remove', then run the reset again with --skip-phases remove-etcd-member")),
                StandardCharsets.UTF_8);
    }
}
