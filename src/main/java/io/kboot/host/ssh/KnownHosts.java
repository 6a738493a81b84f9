package io.kboot.host.ssh;

import com.hierynomus.sshj.userauth.certificate.Certificate;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.StringReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import net.schmizz.sshj.transport.verification.HostKeyVerifier;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts;
import net.schmizz.sshj.transport.verification.OpenSSHKnownHosts.KnownHostEntry;

/**
 * Checks a host's key against known_hosts files in OpenSSH's format, plain or hashed (sshj parses
 * both), and decides:
 *
 * <p>Lines apply to a host as OpenSSH matches them ({@link HostPatterns}: negated patterns, hashed
 * names), and the algorithms asked for first are those of the keys known for it
 * ({@link #findExistingAlgorithms}).
 *
 * <ul>
 *   <li>a matching entry: trusted; off port 22 with no entry for {@code [host]:port} at all, an
 *       entry for the bare host counts too, as in OpenSSH;
 *   <li>a host certificate: trusted through a matching {@code @cert-authority} line, or else
 *       through its plain key;
 *   <li>an entry for the host with a different key, of the same type or another type: refused,
 *       always, naming both fingerprints. A host that offers a key type we don't know it has,
 *       while we know another, has changed its keys as far as we can tell (OpenSSH would add the
 *       new type under accept-new; we don't);
 *   <li>a key marked {@code @revoked}: refused, also inside a certificate, and a certificate
 *       signed by a revoked CA;
 *   <li>no entry at all: refused, unless accept-new is on, which appends the key to the user's
 *       file (created 0600 if absent).
 * </ul>
 *
 * <p>The files are read afresh for every connection, so keys accepted by parallel connections are
 * seen (and parsed again only when their content changed), and appends are serialised within the
 * process and locked against other processes.
 */
final class KnownHosts implements HostKeyVerifier {

    /** Why a key was refused: the line to show the user, without the host's name. */
    record Rejection(String message) {}

    private static final ConcurrentMap<Path, Object> APPEND_LOCKS = new ConcurrentHashMap<>();

    private final Path userFile;
    private final List<Path> readOnlyFiles;
    private final boolean acceptNew;
    private volatile Rejection rejection;
    private volatile boolean appended;

    KnownHosts(Path userFile, List<Path> readOnlyFiles, boolean acceptNew) {
        this.userFile = userFile.toAbsolutePath();
        this.readOnlyFiles = List.copyOf(readOnlyFiles);
        this.acceptNew = acceptNew;
    }

    /** The reason the last key was refused, if it was. */
    Optional<Rejection> rejection() {
        return Optional.ofNullable(rejection);
    }

    /** Whether this verifier appended a new key to the user's file. */
    boolean appended() {
        return appended;
    }

    /** The host as known_hosts names it: {@code host}, or {@code [host]:port} off port 22. */
    static String entryName(String hostname, int port) {
        String lower = hostname.toLowerCase(Locale.ROOT);
        return port == 22 ? lower : "[" + lower + "]:" + port;
    }

    @Override
    public boolean verify(String hostname, int port, PublicKey key) {
        String name = entryName(hostname, port);
        try {
            Decision decision = decide(name, key);
            if (decision.trusted) {
                return true;
            }
            // OpenSSH's fallback: a key known for the host without a port vouches for it on any
            // port, when no line is for [host]:port at all (never past a changed or revoked key).
            if (decision.rejection == null && port != 22 && decide(entryName(hostname, 22), key).trusted) {
                return true;
            }
            if (decision.rejection != null) {
                rejection = decision.rejection;
                return false;
            }
            if (!acceptNew) {
                rejection = new Rejection("unknown host key " + describe(key) + " for " + name + " (not in " + userFile
                        + "); check the fingerprint and rerun with --accept-new-host-key to trust it");
                return false;
            }
            return append(name, key);
        } catch (IOException | RuntimeException e) {
            rejection = new Rejection("cannot check the host key against " + userFile + ": " + e.getMessage());
            return false;
        }
    }

    /**
     * The host key algorithms to ask for first: those of the keys known for this host (and, for a
     * {@code @cert-authority} line, every certificate algorithm), as OpenSSH's order_hostkeyalgs
     * does. sshj's own answer is the key type, "ssh-rsa" for an RSA key, which servers no longer
     * sign with (SHA-1), so a host known by its RSA key negotiated its ed25519 key instead and was
     * refused as changed; an RSA key is asked for as rsa-sha2-512 and rsa-sha2-256.
     */
    @Override
    public List<String> findExistingAlgorithms(String hostname, int port) {
        String name = entryName(hostname, port);
        LinkedHashSet<String> algorithms = new LinkedHashSet<>();
        for (Path file : files()) {
            try {
                if (!Files.exists(file)) {
                    continue;
                }
                for (String line : Parsed.of(file).lines) {
                    Optional<Line> parsed = Line.parse(line);
                    if (parsed.isEmpty() || parsed.get().marker().equals("@revoked")
                            || !HostPatterns.matches(parsed.get().hosts(), name)) {
                        continue;
                    }
                    algorithms.addAll(parsed.get().marker().equals("@cert-authority") ? HostKeys.CERTIFICATE_ALGORITHMS
                            : HostKeys.algorithmsFor(parsed.get().keyType()));
                }
            } catch (IOException | RuntimeException e) {
                // verify() reports an unreadable file.
            }
        }
        return new ArrayList<>(algorithms);
    }

    /** The fields of a known_hosts line that decide whom it is for: marker ("" for none), hosts, key type, key. */
    private record Line(String marker, String hosts, String keyType, String key) {
        static Optional<Line> parse(String line) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length == 0 || fields[0].isEmpty() || fields[0].startsWith("#")) {
                return Optional.empty();
            }
            int i = fields[0].startsWith("@") ? 1 : 0;
            if (fields.length < i + 3) {
                return Optional.empty();
            }
            return Optional.of(new Line(i == 1 ? fields[0] : "", fields[i], fields[i + 1], fields[i + 2]));
        }
    }

    private record Decision(boolean trusted, Rejection rejection) {}

    /**
     * OpenSSH's rules (sshconnect.c check_host_key, hostfile.c check_key_in_hostkeys): a line applies
     * when its host patterns match ({@link HostPatterns}); a revoked key is refused, whether it is
     * the host's key, the key inside its certificate, or the CA that signed the certificate; a
     * certificate is trusted through a matching {@code @cert-authority} line, and otherwise, as
     * OpenSSH falls back to, through its plain key.
     */
    private Decision decide(String name, PublicKey key) throws IOException {
        Certificate<?> certificate = key instanceof Certificate<?> c ? c : null;
        String plain = HostKeys.base64(certificate != null ? certificate.getKey() : key);
        String authority = certificate != null ? Base64.getEncoder().encodeToString(certificate.getSignatureKey()) : null;
        boolean matched = false;
        List<String> conflicts = new ArrayList<>();
        for (Path file : files()) {
            if (!Files.exists(file)) {
                continue;
            }
            Parsed parsed = Parsed.of(file);
            List<String> lines = parsed.lines;
            // Hashed entries hold a MAC each: one connection at a time matches against a file.
            synchronized (parsed) {
                for (KnownHostEntry entry : parsed.hosts.entries()) {
                    if (!(entry instanceof OpenSSHKnownHosts.HostEntry)) {
                        continue;
                    }
                    Optional<Line> line = Line.parse(entry.getLine());
                    if (line.isEmpty() || !HostPatterns.matches(line.get().hosts(), name)) {
                        continue;
                    }
                    String marker = line.get().marker();
                    String blob = line.get().key();
                    if (marker.equals("@revoked")) {
                        if (blob.equals(plain) || blob.equals(authority)) {
                            String what = blob.equals(plain) ? "host key " + describe(key) : "the CA " + fingerprintOf(blob)
                                    + " that signed host certificate " + describe(key);
                            return new Decision(false, new Rejection(what + " for " + name + " is marked @revoked in " + file
                                    + "; refusing to connect"));
                        }
                        continue;
                    }
                    if (marker.equals("@cert-authority")) {
                        matched |= certificate != null && entry.verify(key);
                        continue;
                    }
                    if (blob.equals(plain)) {
                        matched = true;
                    } else {
                        conflicts.add(
                                entry.getType() + " " + fingerprintOf(blob) + " (" + file + ":" + lineNumber(lines, blob) + ")");
                    }
                }
            }
        }
        if (matched) {
            return new Decision(true, null);
        }
        if (!conflicts.isEmpty()) {
            return new Decision(false, new Rejection("HOST KEY CHANGED for " + name + ": known " + String.join(", ", conflicts)
                    + ", but the host offers " + describe(key) + "; someone may be intercepting the connection."
                    + " If the host was reinstalled, remove the old key (ssh-keygen -R '" + name + "' -f " + userFile
                    + ") and connect again"));
        }
        return new Decision(false, null);
    }

    /** Appends the key unless a parallel connection added it (or a conflicting one) meanwhile. */
    private boolean append(String name, PublicKey key) throws IOException {
        Object lock = APPEND_LOCKS.computeIfAbsent(userFile, f -> new Object());
        synchronized (lock) {
            // A parallel connection to the same host may have just added it.
            Decision again = decide(name, key);
            if (again.trusted) {
                return true;
            }
            if (again.rejection != null) {
                rejection = again.rejection;
                return false;
            }
            Path dir = userFile.getParent();
            if (dir != null && !Files.isDirectory(dir)) {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            if (!Files.exists(userFile)) {
                try {
                    Files.createFile(userFile,
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                } catch (FileAlreadyExistsException e) {
                    // Another process made it first.
                }
            }
            try (RandomAccessFile raf = new RandomAccessFile(userFile.toFile(), "rw");
                    FileChannel channel = raf.getChannel();
                    FileLock fileLock = channel.lock()) {
                long size = channel.size();
                boolean needsNewline = false;
                if (size > 0) {
                    raf.seek(size - 1);
                    needsNewline = raf.read() != '\n';
                }
                raf.seek(size);
                String line = (needsNewline ? "\n" : "") + name + " " + HostKeys.type(key) + " " + HostKeys.base64(key) + "\n";
                raf.write(line.getBytes(StandardCharsets.UTF_8));
            }
            appended = true;
            return true;
        }
    }

    private List<Path> files() {
        List<Path> files = new ArrayList<>();
        files.add(userFile);
        files.addAll(readOnlyFiles);
        return files;
    }

    /**
     * A known_hosts file as parsed from the bytes it holds now. Parsing decodes every key in the
     * file (an ed25519 key costs a point decompression) and makes a MAC per hashed entry, and
     * every connection reads every file twice: with N hosts in one file, N connections would
     * parse N² entries. The file is still read afresh each time, and parsed again only when
     * its content changed, so an entry appended by another connection or process is seen.
     */
    private static final class Parsed {
        private static final ConcurrentMap<Path, Parsed> CACHE = new ConcurrentHashMap<>();

        final byte[] content;
        final OpenSSHKnownHosts hosts;
        final List<String> lines;

        private Parsed(byte[] content) throws IOException {
            this.content = content;
            String text = new String(content, StandardCharsets.UTF_8);
            this.hosts = new OpenSSHKnownHosts(new StringReader(text));
            this.lines = text.lines().toList();
        }

        static Parsed of(Path file) throws IOException {
            byte[] content = Files.readAllBytes(file);
            Parsed cached = CACHE.get(file);
            if (cached != null && Arrays.equals(cached.content, content)) {
                return cached;
            }
            Parsed parsed = new Parsed(content);
            CACHE.put(file, parsed);
            return parsed;
        }
    }

    private static String fingerprintOf(String base64Blob) {
        try {
            return HostKeys.fingerprintOfBase64(base64Blob);
        } catch (IllegalArgumentException e) {
            return "(unreadable key)";
        }
    }

    private static int lineNumber(List<String> lines, String blob) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(blob)) {
                return i + 1;
            }
        }
        return 0;
    }

    private static String describe(PublicKey key) {
        return HostKeys.type(key) + " " + HostKeys.fingerprint(key);
    }
}
