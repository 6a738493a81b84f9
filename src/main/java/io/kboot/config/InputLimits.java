package io.kboot.config;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.kboot.KbootException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * Bounds on config input, checked before it is parsed. kubeadm's documents and a cluster file of
 * a few thousand hosts are tens of kilobytes; without a bound a multi-megabyte scalar made SnakeYAML
 * and Jackson allocate gigabytes before their own limits refused it. The bound is on the bytes read,
 * so a FIFO or /dev/zero given as --config ends too.
 */
final class InputLimits {
    /** The largest config file kboot reads. */
    static final int MAX_CONFIG_BYTES = 1 << 20;
    /** The longest scalar: far above any real field (a kubeconfig path, a PEM would be ~4 KB). */
    static final int MAX_SCALAR_CHARS = 64 * 1024;
    /** Nesting of mappings and lists; kubeadm's documents nest six deep. */
    static final int MAX_DEPTH = 64;

    private InputLimits() {}

    static String readConfig(Path file) {
        if (Files.isDirectory(file)) {
            throw new KbootException.InvalidInput("cannot read config file " + file + ": it is a directory");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_CONFIG_BYTES + 1);
        } catch (NoSuchFileException e) {
            throw new KbootException.InvalidInput("cannot read config file " + file + ": no such file");
        } catch (IOException e) {
            throw new KbootException.InvalidInput("cannot read config file " + file + ": " + e.getMessage());
        }
        if (bytes.length > MAX_CONFIG_BYTES) {
            throw tooLarge(file.toString());
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new KbootException.InvalidInput("cannot read config file " + file + ": not UTF-8 text");
        }
    }

    static void requireConfigSize(String source, String text) {
        // A char is at most 3 UTF-8 bytes; only a text near the bound needs counting.
        if (text.length() > MAX_CONFIG_BYTES / 3 && text.getBytes(StandardCharsets.UTF_8).length > MAX_CONFIG_BYTES) {
            throw tooLarge(source);
        }
    }

    /** A YAML factory whose parser stops at the bounds above rather than at Jackson's much larger defaults. */
    static YAMLFactory yamlFactory() {
        LoaderOptions loader = new LoaderOptions();
        loader.setCodePointLimit(MAX_CONFIG_BYTES);
        loader.setNestingDepthLimit(MAX_DEPTH);
        // rebuild(), not builder(): the builder starts from other parser defaults (an empty document would be "", not null).
        return new YAMLFactory().rebuild().loaderOptions(loader)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxStringLength(MAX_SCALAR_CHARS).maxNestingDepth(MAX_DEPTH).maxNumberLength(64)
                        .maxNameLength(MAX_SCALAR_CHARS).build())
                .build();
    }

    private static KbootException.InvalidInput tooLarge(String source) {
        return new KbootException.InvalidInput(source + ": larger than " + (MAX_CONFIG_BYTES >> 10)
                + " KiB; a kubeadm config or cluster file is a few KiB");
    }

    static String prefix(String value) {
        return Echo.prefix(value);
    }

    static String quote(String value) {
        return Echo.quote(value);
    }
}
