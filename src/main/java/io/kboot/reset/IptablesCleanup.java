package io.kboot.reset;

import io.kboot.host.Command;
import io.kboot.host.Host;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * cleanup-node/iptables: the chains kube-proxy, the kubelet and the CNI plugins made (every chain
 * named KUBE-* or CNI-*, in every table) and the rules elsewhere that jump to them, for iptables
 * and ip6tables, in each backend the node has rules in (nf_tables and legacy may both hold some:
 * kube-proxy's image picks its own). Nothing else is touched: no built-in chain is flushed, no
 * policy changes, and every other rule stays byte for byte, so the firewall that keeps the SSH
 * session open survives. kube-proxy's nftables-mode tables (named kube-proxy) go too.
 *
 * <p>The check saves each ruleset ({@code iptables-save}); the deletions are computed here and
 * applied per backend with one {@code iptables-restore --noflush}, which commits each table at
 * once, so a dry run shows exactly the lines it would feed.
 */
final class IptablesCleanup {
    static final String PHASE = "cleanup-node/iptables";
    static final String SECTION = "### kboot-iptables ";
    static final String FAILED = "### kboot-iptables-failed ";
    static final String NFT_TABLE = "### kboot-nft ";
    static final String MISSING = "### kboot-iptables-missing ";
    private static final Pattern QUOTED = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");

    static final String CHECK = Scripts.template("iptables/check").render();

    /** One backend's ruleset as its save command printed it. */
    record Saved(String command, String backend, String rules) {}

    /**
     * What the check found: rulesets, commands whose save failed, nftables families with a
     * kube-proxy table, and families (iptables, ip6tables) without any command to list them.
     */
    record Found(List<Saved> rulesets, List<String> failed, List<String> nftFamilies, List<String> missing) {}

    /** What to delete from one ruleset: restore input (empty if nothing), how many chains and jump rules. */
    record Deletion(String restoreInput, int chains, int jumps, List<String> tables) {
        boolean isEmpty() {
            return restoreInput.isEmpty();
        }
    }

    private IptablesCleanup() {}

    static boolean isKubernetesChain(String chain) {
        return chain.startsWith("KUBE-") || chain.startsWith("CNI-");
    }

    static Found parseCheck(String output) {
        List<Saved> rulesets = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        List<String> families = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        String command = null;
        String backend = null;
        StringBuilder rules = new StringBuilder();
        for (String line : output.split("\n", -1)) {
            if (line.startsWith("### kboot-")) {
                if (command != null) {
                    rulesets.add(new Saved(command, backend, rules.toString()));
                    command = null;
                }
                if (line.startsWith(SECTION)) {
                    String[] words = line.substring(SECTION.length()).strip().split(" ");
                    command = words[0];
                    backend = words.length > 1 ? words[1] : "";
                    rules.setLength(0);
                } else if (line.startsWith(FAILED)) {
                    String which = line.substring(FAILED.length()).strip();
                    failed.add(which);
                    rulesets.removeIf(r -> r.command().equals(which));
                } else if (line.startsWith(MISSING)) {
                    missing.add(line.substring(MISSING.length()).strip());
                } else if (line.startsWith(NFT_TABLE)) {
                    families.add(line.substring(NFT_TABLE.length()).strip());
                }
            } else if (command != null) {
                rules.append(line).append('\n');
            }
        }
        if (command != null) {
            rulesets.add(new Saved(command, backend, rules.toString()));
        }
        return new Found(List.copyOf(rulesets), List.copyOf(failed), List.copyOf(families), List.copyOf(missing));
    }

    /**
     * The {@code iptables-restore --noflush} input that deletes, table by table, the rules of
     * other chains that jump (-j) or go (-g) to a Kubernetes chain, then flushes and deletes the
     * Kubernetes chains. Only those: the input never names a policy or another chain.
     */
    static Deletion deletion(String saved) {
        StringBuilder input = new StringBuilder();
        List<String> tables = new ArrayList<>();
        int chains = 0;
        int jumps = 0;
        String table = null;
        Set<String> kubeChains = new LinkedHashSet<>();
        List<String> deletes = new ArrayList<>();
        for (String raw : saved.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("*")) {
                table = line.substring(1);
                kubeChains.clear();
                deletes.clear();
            } else if (line.startsWith(":") && table != null) {
                String chain = line.substring(1).split(" ")[0];
                if (isKubernetesChain(chain)) {
                    kubeChains.add(chain);
                }
            } else if (line.startsWith("-A ") && table != null) {
                String[] words = line.split(" ", 3);
                if (words.length == 3 && !isKubernetesChain(words[1]) && jumpsToKubernetes(words[2])) {
                    deletes.add("-D " + words[1] + " " + words[2]);
                }
            } else if (line.equals("COMMIT") && table != null) {
                if (!kubeChains.isEmpty() || !deletes.isEmpty()) {
                    input.append('*').append(table).append('\n');
                    deletes.forEach(d -> input.append(d).append('\n'));
                    kubeChains.forEach(c -> input.append("-F ").append(c).append('\n'));
                    kubeChains.forEach(c -> input.append("-X ").append(c).append('\n'));
                    input.append("COMMIT\n");
                    tables.add(table);
                    chains += kubeChains.size();
                    jumps += deletes.size();
                }
                table = null;
            }
        }
        return new Deletion(input.toString(), chains, jumps, List.copyOf(tables));
    }

    /** Whether a rule's target is a Kubernetes chain; quoted text (comments) is not looked at. */
    static boolean jumpsToKubernetes(String spec) {
        String[] words = QUOTED.matcher(spec).replaceAll("\"\"").split("\\s+");
        for (int i = 0; i + 1 < words.length; i++) {
            if (List.of("-j", "--jump", "-g", "--goto").contains(words[i]) && isKubernetesChain(words[i + 1])) {
                return true;
            }
        }
        return false;
    }

    /** The change script: one restore per backend with something to delete, a check that it is gone, the nft tables. */
    static String change(List<Saved> rulesets, List<String> nftFamilies) {
        StringBuilder script = new StringBuilder();
        for (Saved saved : rulesets) {
            Deletion deletion = deletion(saved.rules());
            if (deletion.isEmpty()) {
                continue;
            }
            script.append(Scripts.template("iptables/restore").word("command", saved.command())
                    .script("input", deletion.restoreInput())
                    .word("failed", "delete the Kubernetes chains with " + saved.command() + "-restore")
                    .word("back", "delete every Kubernetes chain of " + saved.command()
                            + ": some are back (is kube-proxy or the kubelet still running?)")
                    .render());
        }
        for (String family : nftFamilies) {
            script.append(Scripts.template("iptables/nft-delete").word("family", family)
                    .word("failed", "delete the nftables table " + family + " kube-proxy").render());
        }
        return script.toString();
    }

    static void run(ResetContext ctx) {
        Host host = ctx.host();
        String out = host.exec(Command.query(Scripts.marker(PHASE, "check") + CHECK)).orFail(host, "checking " + PHASE).stdout();
        Found found = parseCheck(out);
        found.failed().forEach(cmd -> ctx.warn(cmd + "-save failed: its rules, if any, stay"));
        // kube-proxy writes its chains from its own container, so a node without iptables may still have them.
        found.missing().forEach(family -> ctx.warn("no " + family + " commands on this node (" + family + "-save): kboot cannot"
                + " see Kubernetes' " + family + " chains, which kube-proxy may have made from its container; install iptables"
                + " and run 'kboot reset phase cleanup-node iptables'"));
        List<String> summary = new ArrayList<>();
        for (Saved saved : found.rulesets()) {
            Deletion deletion = deletion(saved.rules());
            if (!deletion.isEmpty()) {
                summary.add(
                        saved.command() + " (" + saved.backend() + "): " + deletion.chains() + " chain(s), " + deletion.jumps()
                                + " jump(s) in " + String.join(",", deletion.tables()));
            }
        }
        found.nftFamilies().forEach(family -> summary.add("nftables table " + family + " kube-proxy"));
        if (summary.isEmpty()) {
            ctx.info("no KUBE-* or CNI-* chains in " + (found.rulesets().isEmpty() ? "any ruleset (no iptables on this node)"
                    : found.rulesets().stream().map(Saved::command).toList().toString()) + ": nothing to delete");
            return;
        }
        Scripts.change(ctx, PHASE, "delete", change(found.rulesets(), found.nftFamilies()));
        ctx.info("deleted Kubernetes' chains, only those and the rules jumping to them: " + String.join("; ", summary));
    }
}
