package io.kboot.host;

import io.kboot.Randomness;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.security.SecureRandom;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** The machine kboot runs on. Commands run under /bin/sh; files are written with NIO. */
public final class LocalHost implements Host {
    private static final SecureRandom RANDOM = Randomness.strong();

    private final String name;

    public LocalHost() {
        this("local");
    }

    public LocalHost(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ExecResult exec(Command command) {
        Process process;
        try {
            process = new ProcessBuilder("/bin/sh", "-c", command.script()).start();
        } catch (IOException e) {
            throw new HostException(name, "cannot start /bin/sh: " + e.getMessage(), e);
        }
        closeQuietly(process);
        // Both streams drain concurrently: a command that fills its stderr pipe while we wait on
        // stdout would otherwise block forever.
        CompletableFuture<String> stdout = drain(process.getInputStream(), command.progressLines());
        CompletableFuture<String> stderr = drain(process.getErrorStream(), line -> {});
        try {
            if (!process.waitFor(command.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new HostException(name, "command timed out after " + command.timeout().toSeconds() + " s");
            }
            return new ExecResult(process.exitValue(), stdout.get(), stderr.get());
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new HostException(name, "interrupted while running a command", e);
        } catch (ExecutionException e) {
            throw new HostException(name, "cannot read command output: " + e.getCause().getMessage(), e);
        }
    }

    /** Commands get no stdin: one that waits for input sees end of file instead of hanging. */
    private static void closeQuietly(Process process) {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // The process may already be gone; its exit status will say so.
        }
    }

    private static CompletableFuture<String> drain(InputStream stream, Consumer<String> progressLines) {
        CompletableFuture<String> result = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (stream) {
                result.complete(new String(OutputLines.drain(stream, progressLines), StandardCharsets.UTF_8));
            } catch (IOException e) {
                result.completeExceptionally(e);
            }
        }, "local-exec-drain");
        reader.setDaemon(true);
        reader.start();
        return result;
    }

    @Override
    public void upload(Content content, String path, FileAttributes attributes) {
        Path target = Path.of(path).toAbsolutePath();
        Path dir = target.getParent();
        Path temp = dir.resolve("." + target.getFileName() + ".kboot-" + HexFormat.of().formatHex(randomBytes()));
        try {
            Files.createDirectories(dir);
            // Created with the final mode before any byte is written, so a secret is never readable
            // by others, not even for a moment.
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(permissions(attributes.mode() & 0700)));
            try (InputStream in = content.open()) {
                Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
            }
            applyOwnership(temp, attributes);
            Files.setPosixFilePermissions(temp, permissions(attributes.mode()));
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (FileAlreadyExistsException e) {
            throw new HostException(name, "cannot write " + path + ": " + e.getFile() + " exists and is not a directory", e);
        } catch (AccessDeniedException e) {
            deleteQuietly(temp);
            throw new HostException.PermissionDenied(name, "write", path, e);
        } catch (IOException e) {
            deleteQuietly(temp);
            throw new HostException(name, "cannot write " + path + ": " + e, e);
        }
    }

    private static void applyOwnership(Path file, FileAttributes attributes) throws IOException {
        if (attributes.owner().isEmpty() && attributes.group().isEmpty()) {
            return;
        }
        UserPrincipalLookupService lookup = file.getFileSystem().getUserPrincipalLookupService();
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
        if (attributes.owner().isPresent()) {
            view.setOwner(lookup.lookupPrincipalByName(attributes.owner().get()));
        }
        if (attributes.group().isPresent()) {
            GroupPrincipal group = lookup.lookupPrincipalByGroupName(attributes.group().get());
            view.setGroup(group);
        }
    }

    @Override
    public Optional<byte[]> read(String path) {
        try {
            return Optional.of(Files.readAllBytes(Path.of(path)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (AccessDeniedException e) {
            throw new HostException.PermissionDenied(name, "read", path, e);
        } catch (IOException e) {
            throw new HostException(name, "cannot read " + path + ": " + e, e);
        }
    }

    /** As {@link Files#exists}, except that a denied look is an error: {@link SudoHost} then looks as root. */
    @Override
    public boolean exists(String path) {
        try {
            Files.readAttributes(Path.of(path), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return true;
        } catch (AccessDeniedException e) {
            throw new HostException.PermissionDenied(name, "check", path, e);
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "LocalHost[" + name + "]";
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> result = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = PosixFilePermission.values(); // OWNER_READ .. OTHERS_EXECUTE
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (0400 >> i)) != 0) {
                result.add(bits[i]);
            }
        }
        return result;
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[6];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // The original failure is what the user needs to see.
        }
    }
}
