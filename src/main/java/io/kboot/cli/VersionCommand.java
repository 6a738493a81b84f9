package io.kboot.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kboot.KbootException;
import io.kboot.config.Defaults;
import io.kboot.config.Echo;
import io.kboot.report.Documents;
import io.kboot.templates.Templates;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kboot version}, as {@code kubeadm version} prints it. */
@Command(name = "version", mixinStandardHelpOptions = true,
        description = {"Print kboot's version and the git commit it was built from.",
            "-o json|yaml print kubeadm's layout (clientVersion: gitVersion, gitCommit, gitTreeState, buildDate, platform),"
                    + " with javaVersion where kubeadm has goVersion and the Kubernetes release kboot installs by default."},
        footerHeading = "%nExamples:%n",
        footer = {"  kboot version", "  kboot version -o short", "  kboot version -o json | jq -r .clientVersion.gitCommit", ""})
final class VersionCommand implements Callable<Integer> {
    static final List<String> FORMATS = List.of("text", "short", "json", "yaml");

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text", completionCandidates = Formats.class,
            description = "Output format: ${COMPLETION-CANDIDATES} (default: text).")
    String format = "text";

    @Override
    public Integer call() {
        if (!FORMATS.contains(format)) {
            throw new KbootException.InvalidInput("--output: " + Echo.quote(format) + " is not an output format (expected one"
                    + " of: " + String.join(", ", FORMATS) + ")");
        }
        Build build = Build.read();
        PrintWriter out = spec.commandLine().getOut();
        switch (format) {
            case "short" -> out.println(build.version());
            case "json" -> out.print(Documents.jsonTwoSpaces(document(build)));
            case "yaml" -> out.print(Templates.toYaml(document(build)));
            default -> out.println("kboot " + build.version() + " (commit " + build.shortCommit() + ", default Kubernetes "
                    + Defaults.KUBERNETES_VERSION + ", Java " + System.getProperty("java.version") + ")");
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** kubeadm version's document: its field names where kubeadm has them. */
    static ObjectNode document(Build build) {
        ObjectNode doc = JsonNodeFactory.instance.objectNode();
        String[] parts = build.version().split("[.-]");
        doc.putObject("clientVersion")
                .put("major", parts[0])
                .put("minor", parts.length > 1 ? parts[1] : "")
                .put("gitVersion", build.version())
                .put("gitCommit", build.commit())
                .put("gitTreeState", build.treeState())
                .put("buildDate", build.commitDate())
                .put("javaVersion", System.getProperty("java.version"))
                .put("platform", platform());
        doc.put("kubernetesVersion", Defaults.KUBERNETES_VERSION.toString());
        return doc;
    }

    /** Go's GOOS/GOARCH spelling of this JVM's platform: linux/amd64, linux/arm64. */
    static String platform() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT).replaceAll("\\s.*", "");
        String arch = switch (System.getProperty("os.arch")) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            default -> System.getProperty("os.arch");
        };
        return os + "/" + arch;
    }

    static String version() {
        return Build.read().version();
    }

    /**
     * What the build wrote into io/kboot/build.properties: the project's version and, when it ran in
     * a git checkout, the commit, whether the tree had changes, and the commit's date ("" when unknown).
     */
    record Build(String version, String commit, String treeState, String commitDate) {
        static Build read() {
            Properties build = new Properties();
            try (InputStream in = VersionCommand.class.getResourceAsStream("/io/kboot/build.properties")) {
                if (in != null) {
                    build.load(in);
                }
            } catch (IOException e) {
                // An unreadable resource leaves every field unknown.
            }
            return new Build(value(build, "version", "unknown"), value(build, "commit", ""), value(build, "treeState", ""),
                    value(build, "commitDate", ""));
        }

        /** A value the build filled in; one it left as "${...}" (built without git, or by an IDE) is unknown. */
        private static String value(Properties build, String key, String unknown) {
            String value = build.getProperty(key, "");
            return value.isEmpty() || value.startsWith("${") ? unknown : value;
        }

        String shortCommit() {
            String shortened = commit.length() > 12 ? commit.substring(0, 12) : commit;
            return shortened.isEmpty() ? "unknown" : shortened + ("dirty".equals(treeState) ? "-dirty" : "");
        }
    }

    static final class Formats implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return FORMATS.iterator();
        }
    }

    static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            Build build = Build.read();
            return new String[] {"kboot " + build.version() + " (commit " + build.shortCommit() + ")"};
        }
    }
}
