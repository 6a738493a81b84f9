package io.kboot.bundle;

import io.kboot.KbootException;
import io.kboot.config.KubernetesVersion;
import io.kboot.facts.HostFacts;
import io.kboot.host.Content;
import io.kboot.host.FileAttributes;
import io.kboot.host.Shell;
import io.kboot.hostprep.ArtifactSource;
import io.kboot.hostprep.ChangeRecord;
import io.kboot.hostprep.Changes;
import io.kboot.hostprep.CniPluginsStep;
import io.kboot.hostprep.Component;
import io.kboot.hostprep.ComponentVersions;
import io.kboot.hostprep.HostPaths;
import io.kboot.hostprep.ImageArchive;
import io.kboot.hostprep.Journal;
import io.kboot.hostprep.NodePrepContext;
import io.kboot.hostprep.NodeRole;
import io.kboot.hostprep.Probe;
import io.kboot.report.ProgressMeter;
import io.kboot.script.ShellTemplate;
import io.kboot.templates.Templates;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Software from kboot's offline bundle ({@code --bundle FILE}): containerd 2.x (as upstream ships
 * it: binaries in /usr/local/bin, containerd.service in /usr/local/lib/systemd/system), runc
 * (/usr/local/sbin), the CNI plugins (/opt/cni/bin), kubelet and kubectl (/usr/bin, where
 * kubeadm's unit runs the kubelet from), and the images the node needs.
 *
 * <p>The bundle is checked whole on the workstation when it is opened, so a damaged file fails
 * before any host is touched. On each node it is uploaded once into
 * {@code /var/lib/kboot/bundles/<id>} (the id is the SHA-256 of its MANIFEST, which holds the
 * SHA-256 of every file) and checked again there with sha256sum before anything is installed
 * from it; a node that has the verified directory already gets nothing uploaded. A worker gets the
 * bundle without the control plane's images and kubeadm ({@link WorkerBundle}): 45% less to send,
 * which on a slow link or an emulated node is most of kjoin's time.
 *
 * <p>A node prepared from an older bundle (an upgrade) gets the newer one in a directory of its
 * own beside it, and the steps replace what it carries in another version ({@link #version},
 * from the MANIFEST; {@link #replace}).
 */
public final class BundleSource implements ArtifactSource {
    static final String DIR = HostPaths.STATE_DIR + "/bundles";
    static final List<String> CONTAINERD_BINARIES = List.of("containerd", "containerd-shim-runc-v2", "ctr");
    static final String CONTAINERD_UNIT = "/usr/local/lib/systemd/system/containerd.service";
    /** The static pods' images, which only control-plane nodes run. */
    static final Set<String> CONTROL_PLANE_IMAGES = Set.of("kube-apiserver", "kube-controller-manager", "kube-scheduler", "etcd");
    /** The bundle carries kubeadm for the control plane's operators; kboot installs it nowhere, and a worker never runs it. */
    static final String KUBEADM = "bin/kubeadm";
    private static final List<String> REQUIRED = List.of("bin/containerd", "bin/containerd-shim-runc-v2", "bin/ctr", "bin/runc",
            "bin/kubelet", "bin/kubectl");

    private final Path file;
    private final Manifest manifest;
    private final String id;
    /** The nodes (name and root) that have the verified bundle, so later steps of the run do not look again. */
    private final Set<String> delivered = ConcurrentHashMap.newKeySet();
    private final WorkerBundle workerBundle;

    private BundleSource(Path file, Manifest manifest, String id) {
        this.file = file;
        this.manifest = manifest;
        this.id = id;
        List<String> workerLeavesOut = new ArrayList<>(manifest.images().stream()
                .filter(i -> CONTROL_PLANE_IMAGES.contains(imageName(i.ref()))).map(Manifest.Image::path).toList());
        manifest.file(KUBEADM).ifPresent(kubeadm -> workerLeavesOut.add(KUBEADM));
        this.workerBundle = new WorkerBundle(file, id, workerLeavesOut);
    }

    /**
     * Opens and checks the whole bundle (every checksum) on the workstation.
     *
     * @throws KbootException.InvalidInput naming the file and what is wrong with it
     */
    public static BundleSource open(Path file) {
        BundleVerifier.Checked checked = BundleVerifier.check(file);
        if (!checked.problems().isEmpty()) {
            List<String> problems = checked.problems();
            String more = problems.size() > 3 ? "; and " + (problems.size() - 3) + " more (kboot bundle verify lists them)" : "";
            throw new KbootException.InvalidInput(
                    "--bundle " + file + " is damaged: " + String.join("; ", problems.subList(0, Math.min(3,
                            problems.size()))) + more);
        }
        Manifest manifest = checked.manifest().orElseThrow();
        for (String required : REQUIRED) {
            if (manifest.file(required).isEmpty()) {
                throw new KbootException.InvalidInput(
                        "--bundle " + file + " has no " + required + "; make it with kboot bundle create");
            }
        }
        for (String key : List.of("KUBERNETES_VERSION", "CONTAINERD_VERSION")) {
            if (manifest.version(key).isEmpty()) {
                throw new KbootException.InvalidInput("--bundle " + file + ": its MANIFEST has no " + key);
            }
        }
        if (manifest.filesUnder("cni").isEmpty()) {
            throw new KbootException.InvalidInput("--bundle " + file + " has no CNI plugins (cni/)");
        }
        return new BundleSource(file, manifest, checked.id());
    }

    /** The SHA-256 of the bundle's MANIFEST: the name of its directory on nodes. */
    public String id() {
        return id;
    }

    public String kubernetesVersion() {
        return manifest.version("KUBERNETES_VERSION").orElseThrow();
    }

    /**
     * The release the bundle carries, parsed.
     *
     * @throws KbootException.InvalidInput when its MANIFEST names no valid release
     */
    public KubernetesVersion release() {
        try {
            return KubernetesVersion.parse(kubernetesVersion());
        } catch (IllegalArgumentException e) {
            throw new KbootException.InvalidInput("--bundle " + file.getFileName() + ": its MANIFEST's KUBERNETES_VERSION "
                    + e.getMessage());
        }
    }

    /**
     * Checks that the bundle carries what a node of this release and image repository runs, so a
     * mismatch fails before any host is touched.
     *
     * @throws KbootException.InvalidInput saying what the bundle has and what was asked for
     */
    @Override
    public void requireFits(KubernetesVersion version, String imageRepository) {
        if (!version.toString().equals(kubernetesVersion())) {
            throw new KbootException.InvalidInput("--bundle " + file.getFileName() + " carries Kubernetes " + kubernetesVersion()
                    + ", but the node is set up for " + version + "; make a bundle of " + version
                    + " (scripts/k8s/build --version "
                    + version + ", then kboot bundle create) or ask for " + kubernetesVersion());
        }
        String sandbox = imageRepository + "/pause:" + ComponentVersions.bundled().pauseVersion(version);
        if (manifest.images().stream().noneMatch(i -> i.ref().equals(sandbox))) {
            String has = manifest.images().stream().map(Manifest.Image::ref).filter(r -> r.contains("/pause:")).findFirst()
                    .orElse("none");
            throw new KbootException.InvalidInput(
                    "--bundle " + file.getFileName() + " has no " + sandbox + " (its pause image is " + has
                            + "); make the bundle with kboot bundle create --image-repository " + imageRepository);
        }
        requireImages(version, imageRepository);
    }

    /**
     * The control plane's and the addons' images of a release kboot makes control planes of, as
     * kubeadm names them: an upgrade must find every one on the node before it changes a manifest.
     */
    private void requireImages(KubernetesVersion version, String imageRepository) {
        if (!ComponentVersions.bundled().controlPlaneMinors().contains(version.minor())) {
            return;
        }
        ComponentVersions.Release release = ComponentVersions.bundled().controlPlaneRelease(version);
        List<String> wanted = new ArrayList<>();
        for (String component : List.of("kube-apiserver", "kube-controller-manager", "kube-scheduler", "kube-proxy")) {
            wanted.add(imageRepository + "/" + component + ":" + version);
        }
        wanted.add(imageRepository + "/etcd:" + release.etcd());
        wanted.add(imageRepository + "/coredns/coredns:" + release.coredns());
        Set<String> has = new HashSet<>(manifest.images().stream().map(Manifest.Image::ref).toList());
        List<String> missing = wanted.stream().filter(ref -> !has.contains(ref)).toList();
        if (!missing.isEmpty()) {
            throw new KbootException.InvalidInput("--bundle " + file.getFileName() + " lacks images of Kubernetes " + version
                    + ": " + String.join(", ", missing) + "; make it again with kboot bundle create");
        }
    }

    @Override
    public String describe() {
        return "the offline bundle " + file.getFileName() + " (Kubernetes " + kubernetesVersion() + ")";
    }

    /** Everything, on the architecture the bundle was built for (amd64). */
    @Override
    public Set<Component> provides(HostFacts facts) {
        return isAmd64(facts) ? EnumSet.allOf(Component.class) : EnumSet.noneOf(Component.class);
    }

    private static boolean isAmd64(HostFacts facts) {
        return facts.architecture().equals("x86_64") || facts.architecture().equals("amd64");
    }

    @Override
    public Optional<Integer> containerdMajorVersion() {
        return manifest.version("CONTAINERD_VERSION").map(v -> v.replaceFirst("^v", "")).filter(v -> v.matches("\\d+\\..*"))
                .map(v -> Integer.parseInt(v.substring(0, v.indexOf('.'))));
    }

    @Override
    public Optional<String> deliver(NodePrepContext ctx) {
        return Optional.of(ensureDelivered(ctx).orElse("the bundle is on the node, verified"));
    }

    /**
     * The images the node runs: a worker does not run the control plane's static pods, so it gets
     * pause, kube-proxy, CoreDNS, hello and kboot-netd only (less than half the bytes to unpack).
     */
    @Override
    public List<ImageArchive> images(NodePrepContext ctx) {
        ensureDelivered(ctx).ifPresent(ctx::info);
        String dir = nodeDir(ctx);
        return manifest.images().stream()
                .filter(i -> ctx.role() == NodeRole.CONTROL_PLANE || !CONTROL_PLANE_IMAGES.contains(imageName(i.ref())))
                .map(i -> new ImageArchive(i.ref(), i.digest(), dir + "/" + i.path())).toList();
    }

    /** "kube-apiserver" of "registry.k8s.io/kube-apiserver:v1.36.3". */
    private static String imageName(String ref) {
        String repository = ref.substring(0, ref.lastIndexOf(':'));
        return repository.substring(repository.lastIndexOf('/') + 1);
    }

    @Override
    public void install(Set<Component> components, NodePrepContext ctx, Changes changes) {
        ensureDelivered(ctx).ifPresent(ctx::info);
        changes.timeout(Duration.ofMinutes(15));
        if (components.contains(Component.CONTAINERD)) {
            copyBinaries(Component.CONTAINERD, ctx, changes);
            changes.writeFile(CONTAINERD_UNIT, Templates.load("containerd/containerd.service"), FileAttributes.PUBLIC)
                    .run("systemctl daemon-reload")
                    .done("installed containerd " + manifest.version("CONTAINERD_VERSION").orElseThrow()
                            + " from the bundle (/usr/local/bin, "
                            + CONTAINERD_UNIT + ")");
        }
        if (components.contains(Component.RUNC)) {
            copyBinaries(Component.RUNC, ctx, changes)
                    .done("installed runc " + manifest.version("RUNC_VERSION").orElse("") + " from the bundle (/usr/local/sbin)");
        }
        if (components.contains(Component.CNI_PLUGINS)) {
            copyBinaries(Component.CNI_PLUGINS, ctx, changes)
                    .done("installed " + manifest.filesUnder("cni").size() + " CNI plugins "
                            + manifest.version("CNI_PLUGINS_VERSION").orElse("") + " from the bundle to " + CniPluginsStep.DIR);
        }
        for (Component binary : List.of(Component.KUBELET, Component.KUBECTL)) {
            if (components.contains(binary)) {
                copyBinaries(binary, ctx, changes)
                        .done("installed /usr/bin/" + binary + " " + kubernetesVersion() + " from the bundle");
            }
        }
    }

    /** What the MANIFEST says of each component: KUBERNETES_VERSION (kubelet, kubectl), CONTAINERD_VERSION, RUNC_VERSION. */
    @Override
    public Optional<String> version(Component component) {
        return manifest.version(switch (component) {
            case KUBELET, KUBECTL -> "KUBERNETES_VERSION";
            case CONTAINERD -> "CONTAINERD_VERSION";
            case RUNC -> "RUNC_VERSION";
            case CNI_PLUGINS -> "CNI_PLUGINS_VERSION";
        });
    }

    /**
     * Only the binaries: containerd's unit is kboot's own (the same for every bundle), and the step
     * that replaces a component restarts it if anything must (containerd), or leaves that to the
     * upgrade (the kubelet, restarted once its node is drained).
     */
    @Override
    public void replace(Component component, String installed, NodePrepContext ctx, Changes changes) {
        ensureDelivered(ctx).ifPresent(ctx::info);
        changes.timeout(Duration.ofMinutes(15));
        copyBinaries(component, ctx, changes).done("replaced " + component + " " + installed + " with "
                + version(component).orElse("the bundle's") + " from the bundle");
    }

    /**
     * The other bundles under /var/lib/kboot/bundles go: each is a release's binaries and images
     * (0.4 to 0.8 GB) that nothing runs from once the node is at this one, and two releases on a
     * small disk is what the next upgrade's copy of etcd's data would not fit beside.
     */
    @Override
    public void removeOtherReleases(NodePrepContext ctx, Changes changes) {
        String dir = ctx.paths().at(DIR);
        Probe.Result found = new Probe("bundle", ctx.paths())
                .shell(ShellTemplate.of("upgrade/other-bundles.sh").word("dir", dir).word("keep", id)).run(ctx.host());
        for (String line : found.values("bundle")) {
            String[] megabytesAndId = line.split(" ", 2);
            changes.run("rm -rf " + Shell.quote(dir + "/" + megabytesAndId[1]))
                    .done("removed the bundle " + megabytesAndId[1].substring(0, Math.min(12, megabytesAndId[1].length()))
                            + " of another release (" + megabytesAndId[0] + " MB)");
        }
    }

    /** Where each file of a component goes: containerd as upstream ships it, kubelet and kubectl where kubeadm's unit looks. */
    private Changes copyBinaries(Component component, NodePrepContext ctx, Changes changes) {
        String dir = nodeDir(ctx);
        Map<String, String> files = new LinkedHashMap<>();
        switch (component) {
            case CONTAINERD -> CONTAINERD_BINARIES.forEach(binary -> files.put("bin/" + binary, "/usr/local/bin/" + binary));
            case RUNC -> files.put("bin/runc", "/usr/local/sbin/runc");
            case CNI_PLUGINS -> manifest.filesUnder("cni").forEach(plugin -> files.put(plugin.path(),
                    CniPluginsStep.DIR + "/" + plugin.path().substring("cni/".length())));
            case KUBELET, KUBECTL -> files.put("bin/" + component, "/usr/bin/" + component);
        }
        files.forEach((inBundle, path) -> changes.copyFile(dir + "/" + inBundle, path, FileAttributes.EXECUTABLE));
        return changes;
    }

    private String nodeDir(NodePrepContext ctx) {
        return ctx.paths().at(DIR + "/" + id);
    }

    /**
     * Uploads and checks the bundle on the node unless it is there already. Returns what was done
     * the first time in this run for the node, empty after that.
     */
    private Optional<String> ensureDelivered(NodePrepContext ctx) {
        String key = ctx.host().name() + " " + ctx.paths().root();
        if (delivered.contains(key)) {
            return Optional.empty();
        }
        requireFits(ctx.kubernetesVersion(), ctx.imageRepository());
        if (!isAmd64(ctx.facts())) {
            throw new KbootException.StepFailed(ctx.host().name() + ": the bundle is for linux/amd64, the node is "
                    + ctx.facts().architecture());
        }
        String dir = nodeDir(ctx);
        Probe.Result found = new Probe("bundle", ctx.paths())
                .shell(probeVerified(dir)
                        + "p=" + ctx.paths().at(DIR) + "; while [ ! -d \"$p\" ]; do p=$(dirname \"$p\"); done\n"
                        + "echo \"free=$(df -Pk \"$p\" | awk 'NR == 2 { print $4 }')\"")
                .run(ctx.host());
        boolean worker = ctx.role() == NodeRole.WORKER;
        Optional<String> verified = found.value("verified");
        if (verified.filter(v -> v.equals(id) || worker && v.equals(workerBundle.marker())).isPresent()) {
            delivered.add(key);
            return Optional.of("bundle " + shortId() + " already on the node, verified (" + dir + ")");
        }
        found.value("unsafe").ifPresent(path -> ctx.warn("the bundle's directory " + dir + " holds " + path
                + ", which is not a regular file or directory, or may be changed by others than root: not trusting it, unpacking"
                + " the bundle again"));
        List<String> left = worker ? workerBundle.leftOut() : List.of();
        long size = manifest.totalSize()
                - manifest.files().stream().filter(f -> left.contains(f.path())).mapToLong(Manifest.Entry::size).sum();
        // The upload and the unpacked copy exist together until the upload is deleted.
        long neededKib = 2 * (size / 1024) + 64 * 1024;
        Optional<Long> freeKib = found.value("free").filter(v -> v.matches("\\d+")).map(Long::parseLong);
        if (freeKib.isPresent() && freeKib.get() < neededKib) {
            throw new KbootException.StepFailed(ctx.host().name() + ": not enough space for the bundle under " + DIR + ": "
                    + freeKib.get() / 1024 + " MiB free, " + neededKib / 1024 + " MiB needed");
        }
        Changes changes = new Changes(ctx, "bundle");
        Path upload = worker ? workerBundle.file() : file;
        // Minutes to an emulated node: a line every 15 s says how far it is (bytes, rate, time left).
        String staged = changes.stage("bundle-" + id + ".tar", Content.ofFile(upload, new ProgressMeter(ctx.reporter(),
                ctx.host().name(), "uploading the offline bundle", sizeOf(upload), "bytes")));
        String part = worker ? " without the control plane's images and kubeadm" : "";
        // The node's check takes minutes too: sha256sum says each file it checked, the meter adds up their sizes.
        Map<String, Long> sizes = new HashMap<>();
        manifest.files().stream().filter(f -> !left.contains(f.path())).forEach(f -> sizes.put(f.path(), f.size()));
        ProgressMeter checking = new ProgressMeter(ctx.reporter(), ctx.host().name(), "checking the bundle on the node",
                sizes.values().stream().mapToLong(Long::longValue).sum(), "bytes");
        long[] checked = {0};
        changes.run(unpackAndVerify(ctx.paths(), staged, dir, left))
                .progressLines(line -> {
                    if (line.startsWith("checked ")) {
                        checked[0] += sizes.getOrDefault(line.substring("checked ".length()), 0L);
                        checking.accept(checked[0]);
                    }
                })
                .timeout(Duration.ofMinutes(30))
                .done("uploaded the bundle " + shortId() + part + " (" + BundleWriter.megabytes(size) + ") and verified its "
                        + (manifest.files().size() - left.size()) + " files on the node (" + dir + ")");
        ctx.info("uploading the offline bundle" + part + " (" + BundleWriter.megabytes(size)
                + "); the node then checks every file against its MANIFEST");
        changes.apply();
        delivered.add(key);
        return Optional.of(String.join("; ", changes.descriptions()));
    }

    /**
     * What find(1) prints of a bundle's tree that kboot did not leave there: anything but regular
     * files and directories, set-id, sticky or group/other-writable modes, or an owner other than
     * the one who unpacked it. A tree with any of these is not trusted, by the unpack's check or
     * later by a run that finds the {@code .verified} marker: a writable directory lets anyone
     * swap the binaries that were checked.
     */
    static final String FIND_UNSAFE = "\\( ! -type f ! -type d \\) -o -perm /7022 -o ! -user \"$(id -u)\"";

    /** What the probe prints: {@code verified=<marker>} for a tree still as checked, {@code unsafe=<path>} otherwise. */
    static String probeVerified(String dir) {
        return """
                if [ -f %1$s/.verified ]; then
                  kb_odd=$(cd %1$s && find . %2$s | head -n 1)
                  if [ -z "$kb_odd" ]; then echo "verified=$(cat %1$s/.verified)"; else printf 'unsafe=%%s\\n' "$kb_odd" | \
                LC_ALL=C tr -c '[:print:]\\n' '?'; fi
                fi
                """.formatted(dir, FIND_UNSAFE);
    }

    /**
     * The node's check, which trusts nothing the workstation found: list the tar and refuse
     * anything but regular files and directories with safe modes at plain paths, each once (a
     * FIFO or device would hang sha256sum; a writable directory would outlive the check), before
     * tar makes anything; unpack beside the final directory without owners or modes from the tar;
     * look at the tree again; compare MANIFEST with the one checked on the workstation, sha256sum
     * every file it lists but {@code leftOut} (the files a worker's upload does not carry), refuse
     * files and directories it does not account for; only then rename into place. Any failure
     * removes the upload and the partial directory, and what the node says is made printable (names
     * come from the tar). The {@code .verified} marker says which of the two was checked, so a
     * worker that later joins as a control plane gets the rest. An upgrade stages bundles beside a
     * running cluster, so the script runs at the lowest CPU and I/O priority (the upgrade lab lost
     * requests through a node busy unpacking).
     */
    String unpackAndVerify(HostPaths paths, String staged, String dir, List<String> leftOut) {
        String bad = Shell.quote("the bundle " + file.getFileName() + " arrived damaged: ");
        String marker = leftOut.isEmpty() ? id : workerBundle.marker();
        return """
                umask 022
                unset TAR_OPTIONS
                renice -n 19 $$ >/dev/null 2>&1; ionice -c 3 -p $$ >/dev/null 2>&1
                kb_d=%1$s; kb_t=%1$s.unpack; kb_c=%1$s.check; kb_f=%2$s
                kb_skip=%7$s
                kb_bad() { rm -rf "$kb_t" "$kb_c" "$kb_f"; kb_fail %3$s"$(printf '%%s' "$*" | LC_ALL=C tr -c '[:print:]' '?'); \
                nothing was installed from it"; }
                kb_mkdirs %4$s
                kb_record %5$s
                rm -rf "$kb_t" "$kb_c" && mkdir "$kb_t" "$kb_c"
                LC_ALL=C tar -tvf "$kb_f" > "$kb_c/modes" 2> "$kb_c/err" && LC_ALL=C tar -tf "$kb_f" > "$kb_c/names" 2>> \
                "$kb_c/err" \\
                  || kb_bad "tar cannot unpack it ($(tail -n 1 "$kb_c/err"))"
                kb_odd=$(awk '$1 !~ /^[-d][r-][w-][x-][r-]-[x-][r-]-[x-]$/' "$kb_c/modes" | head -n 3 | tr '\\n' ';')
                [ -z "$kb_odd" ] || kb_bad "it holds more than regular files and directories with safe modes: $kb_odd"
                kb_odd=$(grep -E '^/|(^|/)\\.\\.(/|$)' "$kb_c/names" | head -n 3 | tr '\\n' ' ')
                [ -z "$kb_odd" ] || kb_bad "paths outside its directory: $kb_odd"
                kb_odd=$(sed -e 's|^\\./||' -e 's|/*$||' -e 's|^$|.|' "$kb_c/names" | LC_ALL=C sort | uniq -d | head -n 3 | tr \
                '\\n' ' ')
                [ -z "$kb_odd" ] || kb_bad "in it twice: $kb_odd"
                [ ! -s "$kb_c/err" ] || kb_bad "tar warns: $(head -n 1 "$kb_c/err")"
                kb_out=$(tar --no-same-owner --no-same-permissions -xf "$kb_f" -C "$kb_t" 2>&1) || kb_bad "tar cannot unpack it \
                ($(printf '%%s\\n' "$kb_out" | tail -n 1))"
                kb_odd=$(cd "$kb_t" && find . %9$s -o \\( -type f -links +1 \\) | head -n 3 | tr '\\n' ' ')
                [ -z "$kb_odd" ] || kb_bad "it unpacked into more than regular files and directories with safe modes: $kb_odd"
                [ -f "$kb_t/MANIFEST" ] || kb_bad "MANIFEST is missing"
                [ "$(sha256sum < "$kb_t/MANIFEST" | cut -d' ' -f1)" = %6$s ] || kb_bad "its MANIFEST is not the one kboot checked"
                awk -v skip="$kb_skip" 'BEGIN { n = split(skip, s, " "); for (i = 1; i <= n; i++) left[s[i]] = 1 }
                  $1 == "file" && !($2 in left) { print $4 "  " $2 }' "$kb_t/MANIFEST" > "$kb_c/sums"
                exec 3>&1
                kb_sums=$(cd "$kb_t" && sha256sum -c "$kb_c/sums" 2>/dev/null | while IFS= read -r kb_l; do case $kb_l in
                  *': OK') echo "kb_progress checked ${kb_l%%: OK}" >&3 ;; *) printf '%%s\\n' "$kb_l" ;; esac; done | head -n 3 \
                | tr '\\n' ' ')
                [ -z "$kb_sums" ] || kb_bad "$kb_sums"
                sed 's/^[0-9a-f]*  //' "$kb_c/sums" | LC_ALL=C sort > "$kb_c/listed"
                (cd "$kb_t" && find . ! -type d ! -path ./MANIFEST | sed 's|^\\./||' | LC_ALL=C sort) > "$kb_c/found"
                kb_extra=$(LC_ALL=C comm -13 "$kb_c/listed" "$kb_c/found" | head -n 3 | tr '\\n' ' ')
                [ -z "$kb_extra" ] || kb_bad "not in its MANIFEST: $kb_extra"
                { echo .; awk -F/ '{ d = "."; for (i = 1; i < NF; i++) { d = d "/" $i; print d } }' "$kb_c/listed"; } | \
                LC_ALL=C sort -u > "$kb_c/dirs"
                (cd "$kb_t" && find . -type d | LC_ALL=C sort) > "$kb_c/found-dirs"
                kb_extra=$(LC_ALL=C comm -13 "$kb_c/dirs" "$kb_c/found-dirs" | head -n 3 | tr '\\n' ' ')
                [ -z "$kb_extra" ] || kb_bad "directories holding nothing its MANIFEST lists: $kb_extra"
                rm -rf "$kb_c"
                echo %8$s > "$kb_t/.verified"
                rm -rf "$kb_d" && mv "$kb_t" "$kb_d" && rm -f "$kb_f\"""".formatted(dir, staged, bad, paths.at(DIR),
                Shell.quote(Journal.line(new ChangeRecord.BundleStored(dir))), id, Shell.quote(String.join(" ", leftOut)),
                Shell.quote(marker), FIND_UNSAFE);
    }

    private static long sizeOf(Path path) {
        try {
            return Files.size(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String shortId() {
        return id.substring(0, 12);
    }

    @Override
    public String toString() {
        return "BundleSource[" + file + ", " + shortId() + "]";
    }
}
