package io.kboot.etcd;

import io.kboot.KbootException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;

/**
 * An encrypted backup: AES-256-GCM in 64 KiB segments, the STREAM construction (Hoang, Reyhanitabar,
 * Rogaway, Vizár 2015) that age and Tink's streaming AEAD use. One GCM message over a whole backup
 * would have to be held in memory before its tag could be checked (the JDK's GCM decryption buffers
 * everything); segments are checked as they are read, so a snapshot of any size streams.
 *
 * <p>Layout: {@code "kboot-sealed-v1\n"}, a random 7-byte nonce prefix, a key check (the GCM tag of
 * nothing, under the nonce prefix ‖ FFFFFFFF ‖ 2), then segments of at most 64 KiB of plaintext,
 * each sealed with the nonce prefix ‖ segment number (4 bytes, big-endian) ‖ 1 on the last segment
 * and 0 before, and the header as associated data. Reordered, dropped, repeated or truncated
 * segments and a flipped bit fail a segment's tag (a damaged file); a wrong key fails the key check
 * first, so the two are told apart.
 */
final class Sealed {
    static final byte[] MAGIC = "kboot-sealed-v1\n".getBytes(StandardCharsets.US_ASCII);
    static final int SEGMENT = 64 * 1024;
    private static final int PREFIX = 7;
    private static final int TAG = 16;
    private static final int CHECK_NUMBER = -1;
    private static final byte CHECK_FLAG = 2;
    static final int HEADER = MAGIC.length + PREFIX + TAG;

    private Sealed() {}

    /** Whether a file starting with these bytes is sealed. */
    static boolean isSealed(byte[] start) {
        return start.length >= MAGIC.length && Arrays.equals(start, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    /** Seals what is written to it into {@code out}; {@code close} writes the last segment and closes {@code out}. */
    static OutputStream sealing(OutputStream out, EncryptionKey key, SecureRandom random) throws IOException {
        byte[] header = Arrays.copyOf(MAGIC, HEADER);
        byte[] prefix = new byte[PREFIX];
        random.nextBytes(prefix);
        System.arraycopy(prefix, 0, header, MAGIC.length, PREFIX);
        System.arraycopy(keyCheck(key, header), 0, header, MAGIC.length + PREFIX, TAG);
        out.write(header);
        return new SealingStream(out, key, header);
    }

    /**
     * The plaintext of a sealed stream, checked segment by segment.
     *
     * @throws KbootException.InvalidInput from the first read when the key does not open the first segment
     * @throws KbootException.StepFailed when a later segment is damaged or the stream ends early
     */
    static InputStream opening(InputStream in, EncryptionKey key, String name) throws IOException {
        byte[] header = in.readNBytes(HEADER);
        if (header.length < HEADER || !isSealed(header)) {
            throw new KbootException.StepFailed(name + " is not an encrypted kboot backup (no kboot-sealed-v1 header)");
        }
        if (!MessageDigest.isEqual(keyCheck(key, header), Arrays.copyOfRange(header, MAGIC.length + PREFIX, HEADER))) {
            throw new KbootException.InvalidInput(name + " was not encrypted with the key in " + key.file() + ": a wrong key");
        }
        return new OpeningStream(in, key, header, name);
    }

    /** The tag of nothing under the key, with the magic and nonce prefix as associated data. */
    private static byte[] keyCheck(EncryptionKey key, byte[] header) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key.secretKey(),
                    new GCMParameterSpec(TAG * 8, nonce(header, CHECK_NUMBER, CHECK_FLAG)));
            cipher.updateAAD(header, 0, MAGIC.length + PREFIX);
            return cipher.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this Java runtime", e);
        }
    }

    private static byte[] nonce(byte[] header, int segment, byte flag) {
        return ByteBuffer.allocate(12).put(header, MAGIC.length, PREFIX).putInt(segment).put(flag).array();
    }

    private static Cipher cipher(int mode, EncryptionKey key, byte[] header, int segment, boolean last) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, key.secretKey(), new GCMParameterSpec(TAG * 8, nonce(header, segment, (byte) (last ? 1 : 0))));
            cipher.updateAAD(header);
            return cipher;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available in this Java runtime", e);
        }
    }

    private static final class SealingStream extends OutputStream {
        private final OutputStream out;
        private final EncryptionKey key;
        private final byte[] header;
        private final ByteArrayOutputStream segment = new ByteArrayOutputStream(SEGMENT);
        private int number;
        private boolean closed;

        SealingStream(OutputStream out, EncryptionKey key, byte[] header) {
            this.out = out;
            this.key = key;
            this.header = header;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                // A full segment is sealed only when more data comes: the last one, full or not, carries the flag.
                if (segment.size() == SEGMENT) {
                    seal(false);
                }
                int n = Math.min(len, SEGMENT - segment.size());
                segment.write(b, off, n);
                off += n;
                len -= n;
            }
        }

        private void seal(boolean last) throws IOException {
            try {
                out.write(cipher(Cipher.ENCRYPT_MODE, key, header, number++, last).doFinal(segment.toByteArray()));
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot encrypt: " + e.getMessage(), e);
            }
            segment.reset();
        }

        @Override
        public void close() throws IOException {
            if (!closed) {
                closed = true;
                try {
                    seal(true);
                } finally {
                    out.close();
                }
            }
        }
    }

    private static final class OpeningStream extends InputStream {
        private final InputStream in;
        private final EncryptionKey key;
        private final byte[] header;
        private final String name;
        private byte[] plain = new byte[0];
        private int position;
        private int number;
        private long offset = HEADER;
        private boolean ended;
        /** The byte read ahead to learn whether a full segment was the last. */
        private int lookahead = -1;

        OpeningStream(InputStream in, EncryptionKey key, byte[] header, String name) {
            this.in = in;
            this.key = key;
            this.header = header;
            this.name = name;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            while (position == plain.length) {
                if (ended) {
                    return -1;
                }
                nextSegment();
            }
            int n = Math.min(len, plain.length - position);
            System.arraycopy(plain, position, b, off, n);
            position += n;
            return n;
        }

        private void nextSegment() throws IOException {
            ByteArrayOutputStream sealed = new ByteArrayOutputStream(SEGMENT + TAG);
            if (lookahead >= 0) {
                sealed.write(lookahead);
            }
            sealed.write(in.readNBytes(SEGMENT + TAG - sealed.size()));
            lookahead = sealed.size() == SEGMENT + TAG ? in.read() : -1;
            boolean last = lookahead < 0;
            byte[] bytes = sealed.toByteArray();
            if (bytes.length < TAG) {
                throw new KbootException.StepFailed(name + " is truncated: it ends inside encrypted segment " + number
                        + " (byte " + offset + ")");
            }
            try {
                plain = cipher(Cipher.DECRYPT_MODE, key, header, number, last).doFinal(bytes);
            } catch (AEADBadTagException e) {
                // The key passed its check, so a segment that does not authenticate was changed or cut.
                throw new KbootException.StepFailed(name + " is damaged or truncated: encrypted segment " + number + " (byte "
                        + offset + ") does not authenticate");
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot decrypt: " + e.getMessage(), e);
            }
            position = 0;
            offset += bytes.length;
            number++;
            ended = last;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
