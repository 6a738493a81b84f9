package io.kboot.bundle;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 as OCI and sha256sum write it: lower-case hex, "sha256:" prefixed for OCI digests. */
final class Sha256 {
    private Sha256() {}

    static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    static String hex(byte[] data) {
        return HexFormat.of().formatHex(digest().digest(data));
    }

    /** "sha256:<hex>", an OCI content digest. */
    static String ociDigest(byte[] data) {
        return "sha256:" + hex(data);
    }

    /** Passes bytes through while hashing and counting them. */
    static final class Counting extends FilterOutputStream {
        private final MessageDigest digest = Sha256.digest();
        private long count;

        Counting(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            digest.update((byte) b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            digest.update(b, off, len);
            count += len;
        }

        long count() {
            return count;
        }

        /** The hex digest of everything written; call once, after the last write. */
        String hex() {
            return HexFormat.of().formatHex(digest.digest());
        }
    }
}
