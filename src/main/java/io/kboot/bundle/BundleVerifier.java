package io.kboot.bundle;

import io.kboot.KbootException;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Checks a bundle in one pass: every entry is a regular file or a directory ({@link TarEntryRules})
 * at a plain path, is in the tar once, and a file has the size and SHA-256 MANIFEST lists;
 * MANIFEST lists every file, and a directory holds some of them. A file that cannot
 * be read as a tar at all is an input error; everything else is a problem, named by file.
 */
public final class BundleVerifier {
    /** MANIFEST is text of a few KB; anything far larger is not one. */
    private static final int MAX_MANIFEST = 4 << 20;

    /** The outcome; {@code problems} is empty for a good bundle. */
    public record Verification(Path bundle, String id, Map<String, String> versions, List<String> images, int files, long size,
            List<String> problems) {
        public Verification {
            versions = Map.copyOf(versions);
            images = List.copyOf(images);
            problems = List.copyOf(problems);
        }

        public boolean ok() {
            return problems.isEmpty();
        }
    }

    /** The parsed manifest and its id (the SHA-256 of MANIFEST) when the bundle is good. */
    record Checked(Path bundle, Optional<Manifest> manifest, String id, long size, List<String> problems) {}

    private record Seen(long size, String sha256) {}

    private BundleVerifier() {}

    /** @throws KbootException.InvalidInput if the file cannot be read, or is not a tar archive */
    public static Verification verify(Path bundle) {
        Checked checked = check(bundle);
        Optional<Manifest> manifest = checked.manifest();
        return new Verification(bundle, checked.id(), manifest.map(Manifest::versions).orElse(Map.of()),
                manifest.map(m -> m.images().stream().map(Manifest.Image::ref).toList()).orElse(List.of()),
                manifest.map(m -> m.files().size()).orElse(0), checked.size(), checked.problems());
    }

    /** Every problem is escaped for printing: names come from the tar, MANIFEST lines from its maker. */
    static Checked check(Path bundle) {
        Checked raw = checkUnescaped(bundle);
        return new Checked(raw.bundle(), raw.manifest(), raw.id(), raw.size(),
                raw.problems().stream().map(Printable::escape).toList());
    }

    private static Checked checkUnescaped(Path bundle) {
        if (!Files.isRegularFile(bundle)) {
            throw new KbootException.InvalidInput(bundle + ": " + (Files.exists(bundle) ? "not a regular file" : "no such file"));
        }
        if (!Files.isReadable(bundle)) {
            throw new KbootException.InvalidInput(bundle + ": cannot read it (permission denied)");
        }
        List<String> problems = new ArrayList<>();
        Map<String, Seen> seen = new LinkedHashMap<>();
        Set<String> dirs = new LinkedHashSet<>();
        Set<String> refusedNames = new LinkedHashSet<>();
        byte[] manifestBytes = null;
        int entries = 0;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(bundle), 1 << 16);
                TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
            String last = "the start";
            while (true) {
                TarArchiveEntry entry;
                try {
                    entry = tar.getNextEntry();
                } catch (IOException e) {
                    if (entries == 0) {
                        throw notATar(bundle, e);
                    }
                    problems.add("the tar is damaged after " + last + " (" + e.getMessage() + ")");
                    break;
                }
                if (entry == null) {
                    break;
                }
                entries++;
                TarEntryRules.Verdict verdict = TarEntryRules.judge(entry);
                if (verdict instanceof TarEntryRules.Refused refused) {
                    last = refused.name();
                    refusedNames.add(refused.name());
                    problems.add(refused.name() + ": " + refused.problem());
                    continue;
                }
                String shown = verdict instanceof TarEntryRules.Dir directory ? directory.path() + "/"
                        : ((TarEntryRules.File) verdict).path();
                TarEntryRules.modeProblem(entry).ifPresent(problem -> problems.add(shown + ": " + problem));
                if (verdict instanceof TarEntryRules.Dir directory) {
                    last = shown;
                    // tar -c adds them; a bundle needs none, but one may hold them (with safe modes), once each.
                    if (seen.containsKey(directory.path()) || !dirs.add(directory.path())) {
                        problems.add(directory.path() + "/: in the bundle twice");
                    }
                    continue;
                }
                String name = ((TarEntryRules.File) verdict).path();
                last = name;
                MessageDigest digest = Sha256.digest();
                ByteArrayOutputStream keep =
                        name.equals(Manifest.NAME) && entry.getSize() <= MAX_MANIFEST ? new ByteArrayOutputStream() : null;
                long count = 0;
                byte[] buffer = new byte[1 << 16];
                try {
                    for (int n; (n = tar.read(buffer)) > 0;) {
                        digest.update(buffer, 0, n);
                        count += n;
                        if (keep != null) {
                            keep.write(buffer, 0, n);
                        }
                    }
                } catch (IOException e) {
                    problems.add(
                            name + ": cut short after " + count + " of " + entry.getSize() + " bytes; the bundle is truncated");
                    break;
                }
                if (seen.put(name, new Seen(count, HexFormat.of().formatHex(digest.digest()))) != null || dirs.remove(name)) {
                    problems.add(name + ": in the bundle twice");
                }
                if (name.equals(Manifest.NAME)) {
                    if (keep == null) {
                        problems.add("MANIFEST: " + entry.getSize() + " bytes, too large to be a bundle's MANIFEST");
                    } else {
                        manifestBytes = keep.toByteArray();
                    }
                }
            }
        } catch (IOException e) {
            throw new KbootException.InvalidInput(
                    "cannot read " + bundle + ": " + Printable.escape(String.valueOf(e.getMessage())), e);
        }
        if (entries == 0) {
            throw new KbootException.InvalidInput(bundle + ": not a tar archive, or an empty one");
        }
        long size = sizeOf(bundle);
        if (manifestBytes == null) {
            if (!seen.containsKey(Manifest.NAME)) {
                problems.add("MANIFEST is missing: the bundle is incomplete, or not a kboot bundle");
            }
            return new Checked(bundle, Optional.empty(), "", size, problems);
        }
        Manifest manifest;
        try {
            manifest = Manifest.parse(new String(manifestBytes, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
            return new Checked(bundle, Optional.empty(), "", size, problems);
        }
        compare(manifest, seen, refusedNames, problems);
        for (String dir : dirs) {
            if (!dir.equals(".") && manifest.filesUnder(dir).isEmpty()) {
                problems.add(dir + "/: a directory with nothing MANIFEST lists in it");
            }
        }
        return new Checked(bundle, Optional.of(manifest), Sha256.hex(manifestBytes), size, problems);
    }

    /** {@code refused}: entries already named as problems, which are not also "missing". */
    private static void compare(Manifest manifest, Map<String, Seen> seen, Set<String> refused, List<String> problems) {
        for (Manifest.Entry listed : manifest.files()) {
            Seen found = seen.get(listed.path());
            if (found == null && refused.contains(listed.path())) {
                continue;
            }
            if (found == null) {
                problems.add(listed.path() + ": listed in MANIFEST, missing from the bundle");
            } else if (found.size() != listed.size()) {
                problems.add(listed.path() + ": " + found.size() + " bytes, MANIFEST says " + listed.size()
                        + " (truncated or corrupted)");
            } else if (!found.sha256().equals(listed.sha256())) {
                problems.add(listed.path() + ": SHA-256 " + found.sha256() + " differs from MANIFEST's " + listed.sha256()
                        + " (corrupted)");
            }
        }
        for (String name : seen.keySet()) {
            if (!name.equals(Manifest.NAME) && manifest.file(name).isEmpty()) {
                problems.add(name + ": in the bundle, not listed in MANIFEST");
            }
        }
    }

    private static KbootException.InvalidInput notATar(Path bundle, IOException e) {
        return new KbootException.InvalidInput(
                bundle + ": not a tar archive (" + Printable.escape(String.valueOf(e.getMessage())) + ")", e);
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }
}
