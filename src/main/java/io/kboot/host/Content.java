package io.kboot.host;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.LongConsumer;

/** What an upload writes: bytes made in memory, or a local file streamed as it is. */
public sealed interface Content permits Content.Bytes, Content.LocalFile {

    long size();

    InputStream open() throws IOException;

    static Content of(byte[] bytes) {
        return new Bytes(bytes);
    }

    static Content of(String text) {
        return new Bytes(text.getBytes(StandardCharsets.UTF_8));
    }

    static Content ofFile(Path path) {
        return new LocalFile(path, done -> {});
    }

    /** A local file whose reading is counted: {@code onRead} gets the bytes read so far, as an upload streams it. */
    static Content ofFile(Path path, LongConsumer onRead) {
        return new LocalFile(path, onRead);
    }

    /** The content as bytes; for a file this reads it whole, so keep it to small files. */
    default byte[] bytes() {
        try (InputStream in = open()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Bytes(byte[] data) implements Content {
        public Bytes {
            data = Objects.requireNonNull(data, "data").clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public long size() {
            return data.length;
        }

        @Override
        public InputStream open() {
            return new ByteArrayInputStream(data);
        }

        @Override
        public String toString() {
            return "<" + data.length + " bytes>";
        }
    }

    record LocalFile(Path path, LongConsumer onRead) implements Content {
        public LocalFile {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(onRead, "onRead");
        }

        @Override
        public long size() {
            try {
                return Files.size(path);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public InputStream open() throws IOException {
            return new CountingStream(Files.newInputStream(path), onRead);
        }
    }

    /** Tells {@code onRead} how many bytes have been read so far, after every read. */
    final class CountingStream extends FilterInputStream {
        private final LongConsumer onRead;
        private long count;

        CountingStream(InputStream in, LongConsumer onRead) {
            super(in);
            this.onRead = onRead;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                onRead.accept(++count);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
                onRead.accept(count);
            }
            return n;
        }
    }
}
