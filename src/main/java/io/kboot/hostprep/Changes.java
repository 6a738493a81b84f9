package io.kboot.hostprep;

import io.kboot.host.Command;
import io.kboot.host.Content;
import io.kboot.host.DryRunHost;
import io.kboot.host.FileAttributes;
import io.kboot.host.Host;
import io.kboot.script.ChangeScript;
import io.kboot.script.ShellTemplate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The "act" of a step: what it decided to change, run as uploads plus ONE change script. Files
 * are uploaded to a staging directory, and the script puts them in place, recording each change
 * in the node's journal before making it (a new file, or a backup of the file it replaces), then
 * runs the step's commands, then its verification. A dry run records the uploads and the script
 * and runs nothing.
 */
public final class Changes {

    /** Shell helpers (templates/hostprep/change/NAME.sh), each with the helpers it calls; a script carries the ones it uses. */
    private record Helper(String name, List<String> uses) {
        String definition() {
            return ShellTemplate.load("hostprep/change/" + name + ".sh");
        }
    }

    private static final List<Helper> HELPERS = List.of(
            new Helper("kb_fail", List.of()),
            new Helper("kb_record", List.of()),
            new Helper("kb_mkdirs", List.of("kb_record")),
            new Helper("kb_backup", List.of("kb_record")),
            new Helper("kb_install", List.of("kb_mkdirs", "kb_backup", "kb_record")),
            new Helper("kb_link", List.of("kb_mkdirs", "kb_record")));

    private record Upload(String path, Content content, FileAttributes attributes) {}

    private final Host host;
    private final HostPaths paths;
    private final String step;
    private final List<Upload> uploads = new ArrayList<>();
    private final StringBuilder body = new StringBuilder();
    private final StringBuilder verify = new StringBuilder();
    private final List<String> done = new ArrayList<>();
    private Duration timeout = Command.DEFAULT_TIMEOUT;
    private Consumer<String> progressLines = line -> {};

    public Changes(NodePrepContext ctx, String step) {
        this(ctx.host(), ctx.paths(), step);
    }

    public Changes(Host host, HostPaths paths, String step) {
        this.host = host;
        this.paths = paths;
        this.step = step;
    }

    /** The marker every change script starts with: "# kboot prepare/modules: apply". */
    public static String marker(String step) {
        return "# kboot prepare/" + step + ": apply";
    }

    public HostPaths paths() {
        return paths;
    }

    /** Puts a file in place (atomically), recording it as new or backing up what it replaces. */
    public Changes writeFile(String path, Content content, FileAttributes attributes) {
        String staged = paths.staged(path);
        uploads.add(new Upload(staged, content, attributes));
        body.append(install(staged, path, attributes));
        return this;
    }

    private String install(String staged, String path, FileAttributes attributes) {
        return ShellTemplate.of("hostprep/change/install.sh").word("staged", staged).word("path", paths.at(path))
                .word("mode", attributes.octal()).word("backup", paths.backupOf(path)).render();
    }

    public Changes writeFile(String path, String content, FileAttributes attributes) {
        return writeFile(path, Content.of(content), attributes);
    }

    /**
     * Puts a copy of a file that is already on the node in place (a binary of an unpacked bundle),
     * recorded like {@link #writeFile}. The source is hard-linked into the staging directory
     * (copied if that fails), because kb_install removes what it installs from.
     */
    public Changes copyFile(String nodeSource, String path, FileAttributes attributes) {
        HostPaths.requireSafe(nodeSource);
        String staged = paths.staged(path);
        body.append(ShellTemplate.of("hostprep/change/stage-copy.sh").word("dir", staged.substring(0, staged.lastIndexOf('/')))
                .word("source", nodeSource).word("staged", staged).render());
        body.append(install(staged, path, attributes));
        return this;
    }

    /** Uploads a file to the staging directory for the script to use (a package); returns its node path. */
    public String stage(String name, Content content) {
        String staged = paths.staged("/files/" + name.replaceAll("[^A-Za-z0-9._+-]", "_"));
        uploads.add(new Upload(staged, content, FileAttributes.mode(0600)));
        return staged;
    }

    /** Creates a symlink if nothing is at {@code target}, recording it. */
    public Changes link(String source, String target) {
        body.append(ShellTemplate.of("hostprep/change/link.sh").word("source", source).word("target", paths.at(target)).render());
        return this;
    }

    /** Records a change in the journal; call it just before the lines that make the change. */
    public Changes record(ChangeRecord change) {
        body.append(ShellTemplate.of("hostprep/change/record.sh").word("record", Journal.line(change)).render());
        return this;
    }

    /** Shell lines that change the host. They run under {@code set -e}; kb_fail MESSAGE stops the step. */
    public Changes run(String lines) {
        body.append(lines.strip()).append('\n');
        return this;
    }

    public Changes run(ShellTemplate lines) {
        return run(lines.render());
    }

    /** Shell lines that check the result once everything else ran; they fail with kb_fail MESSAGE. */
    public Changes verify(String lines) {
        verify.append(lines.strip()).append('\n');
        return this;
    }

    public Changes verify(ShellTemplate lines) {
        return verify(lines.render());
    }

    /** What the user is told the step did ("loaded br_netfilter"). */
    public Changes done(String description) {
        done.add(description);
        return this;
    }

    /** A longer limit for slow work (package installation). */
    public Changes timeout(Duration limit) {
        if (limit.compareTo(timeout) > 0) {
            timeout = limit;
        }
        return this;
    }

    /** Gets the change script's progress lines ({@code echo "kb_progress ..."}) while it runs. */
    public Changes progressLines(Consumer<String> listener) {
        this.progressLines = listener;
        return this;
    }

    public boolean isEmpty() {
        return uploads.isEmpty() && body.isEmpty() && verify.isEmpty();
    }

    /**
     * What the user is told the step did; in a dry run (nothing changed) what it would do:
     * "would install containerd", not "installed containerd".
     */
    public List<String> descriptions() {
        return host instanceof DryRunHost ? done.stream().map(Changes::conditional).toList() : List.copyOf(done);
    }

    /** The past-tense verbs descriptions start with, and their plain forms. */
    private static final Map<String, String> PLAIN_FORMS = Map.ofEntries(
            Map.entry("wrote", "write"), Map.entry("put", "put"), Map.entry("set", "set"),
            Map.entry("enabled", "enable"), Map.entry("started", "start"),
            Map.entry("restarted", "restart"), Map.entry("installed", "install"),
            Map.entry("opened", "open"), Map.entry("imported", "import"),
            Map.entry("loaded", "load"), Map.entry("masked", "mask"), Map.entry("turned", "turn"),
            Map.entry("commented", "comment"), Map.entry("uploaded", "upload"),
            Map.entry("verified", "verify"), Map.entry("linked", "link"),
            Map.entry("created", "create"), Map.entry("removed", "remove"),
            Map.entry("stored", "store"), Map.entry("replaced", "replace"),
            Map.entry("unpacked", "unpack"), Map.entry("copied", "copy"));

    /** "installed containerd" → "would install containerd"; a description of another form gets "would: ". */
    static String conditional(String description) {
        int space = description.indexOf(' ');
        String verb = space < 0 ? description : description.substring(0, space);
        String plain = PLAIN_FORMS.get(verb);
        return plain != null ? "would " + plain + description.substring(verb.length()) : "would: " + description;
    }

    /** The change script: marker, the helpers it uses, the changes, the verification; the first failure stops it. */
    public String script() {
        return changeScript().text();
    }

    private ChangeScript changeScript() {
        String main = body.toString() + verify;
        StringBuilder script = new StringBuilder();
        Set<String> used = new LinkedHashSet<>();
        for (Helper helper : HELPERS) {
            if (main.contains(helper.name() + " ")) {
                addWithUses(helper, used);
            }
        }
        if (used.contains("kb_record")) {
            script.append(ShellTemplate.of("hostprep/change/journal.sh").word("state", paths.stateDir())
                    .word("journal", paths.journal()).render());
        }
        for (Helper helper : HELPERS) {
            if (used.contains(helper.name())) {
                script.append(helper.definition());
            }
        }
        return ChangeScript.of(marker(step), ChangeScript.Policy.STOP_AT_FIRST_FAILURE, script.append(main).toString())
                .withTimeout(timeout).withProgressLines(progressLines);
    }

    private static void addWithUses(Helper helper, Set<String> used) {
        for (String name : helper.uses()) {
            HELPERS.stream().filter(h -> h.name().equals(name)).findFirst().ifPresent(h -> addWithUses(h, used));
        }
        used.add(helper.name());
    }

    /** Uploads the staged files, then runs the change script; fails the step with its last error line. */
    public void apply() {
        if (isEmpty()) {
            return;
        }
        for (Upload upload : uploads) {
            host.upload(upload.content(), upload.path(), upload.attributes());
        }
        changeScript().run(host, warning -> {}, step);
    }
}
