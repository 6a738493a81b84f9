package io.kboot.pki;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Every file under a directory with its mode and content, to check that a failed step wrote nothing. */
public record DirSnapshot(Map<String, String> files) {

    public static DirSnapshot of(Path dir) {
        Map<String, String> files = new TreeMap<>();
        if (!Files.exists(dir)) {
            return new DirSnapshot(files);
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.toList()) {
                String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
                String content = Files.isDirectory(p) ? "<dir>" : Base64.getEncoder().encodeToString(Files.readAllBytes(p));
                files.put(dir.relativize(p).toString(), mode + " " + content);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new DirSnapshot(files);
    }
}
