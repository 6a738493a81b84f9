package io.kboot.etcd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kboot.KbootException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SealedTest {
    private static final EncryptionKey KEY = EncryptionKey.of(bytes(32, 1));
    private static final EncryptionKey OTHER = EncryptionKey.of(bytes(32, 2));

    @ParameterizedTest
    @ValueSource(ints = {0, 1, Sealed.SEGMENT - 1, Sealed.SEGMENT, Sealed.SEGMENT + 1, 3 * Sealed.SEGMENT, 200_000})
    void whatIsSealedOpensToTheSameBytes(int size) throws IOException {
        byte[] plain = bytes(size, size);
        byte[] sealed = seal(plain, KEY);
        assertTrue(Sealed.isSealed(sealed));
        assertFalse(Arrays.equals(plain, Arrays.copyOfRange(sealed, sealed.length - plain.length, sealed.length)) && size > 0);
        assertArrayEquals(plain, open(sealed, KEY));
    }

    @Test
    void aWrongKeyIsBadInputAndSaysSo() throws IOException {
        byte[] sealed = seal(bytes(3 * Sealed.SEGMENT, 7), KEY);
        KbootException.InvalidInput e = assertThrows(KbootException.InvalidInput.class, () -> open(sealed, OTHER));
        assertTrue(e.getMessage().contains("wrong key"), e.getMessage());
    }

    @Test
    void aFlippedBitInALaterSegmentIsDamageNamingWhere() throws IOException {
        byte[] sealed = seal(bytes(3 * Sealed.SEGMENT, 7), KEY);
        sealed[sealed.length - 100] ^= 1;
        KbootException.StepFailed e = assertThrows(KbootException.StepFailed.class, () -> open(sealed, KEY));
        assertTrue(e.getMessage().contains("segment 2") && e.getMessage().contains("damaged"), e.getMessage());
    }

    @Test
    void damageInTheFirstSegmentIsDamageNotAWrongKey() throws IOException {
        byte[] sealed = seal(bytes(1000, 7), KEY);
        sealed[Sealed.HEADER + 10] ^= 1;
        KbootException.StepFailed e = assertThrows(KbootException.StepFailed.class, () -> open(sealed, KEY));
        assertTrue(e.getMessage().contains("segment 0") && e.getMessage().contains("damaged"), e.getMessage());
    }

    @Test
    void aFileCutAtASegmentBoundaryIsTruncatedNotShorter() throws IOException {
        byte[] sealed = seal(bytes(3 * Sealed.SEGMENT + 10, 7), KEY);
        int header = Sealed.HEADER;
        byte[] cut = Arrays.copyOf(sealed, header + 2 * (Sealed.SEGMENT + 16));
        KbootException.StepFailed e = assertThrows(KbootException.StepFailed.class, () -> open(cut, KEY));
        assertTrue(e.getMessage().contains("damaged or truncated"), e.getMessage());
        byte[] mid = Arrays.copyOf(sealed, sealed.length - 5);
        assertThrows(KbootException.StepFailed.class, () -> open(mid, KEY));
    }

    @Test
    void swappedSegmentsDoNotAuthenticate() throws IOException {
        byte[] sealed = seal(bytes(3 * Sealed.SEGMENT, 9), KEY);
        int header = Sealed.HEADER;
        int seg = Sealed.SEGMENT + 16;
        byte[] swapped = sealed.clone();
        System.arraycopy(sealed, header, swapped, header + seg, seg);
        System.arraycopy(sealed, header + seg, swapped, header, seg);
        assertThrows(KbootException.class, () -> open(swapped, KEY));
    }

    @Test
    void aPlainFileIsNotSealed() {
        assertFalse(Sealed.isSealed("MANIFEST\0\0\0\0\0\0\0\0\0\0".getBytes()));
        KbootException.StepFailed e = assertThrows(KbootException.StepFailed.class,
                () -> Sealed.opening(new ByteArrayInputStream(new byte[100]), KEY, "backup.tar"));
        assertTrue(e.getMessage().contains("not an encrypted kboot backup"), e.getMessage());
    }

    private static byte[] seal(byte[] plain, EncryptionKey key) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream sealing = Sealed.sealing(out, key, new SecureRandom())) {
            // Odd-sized writes, so segments do not line up with them.
            for (int i = 0; i < plain.length; i += 1000) {
                sealing.write(plain, i, Math.min(1000, plain.length - i));
            }
        }
        return out.toByteArray();
    }

    private static byte[] open(byte[] sealed, EncryptionKey key) throws IOException {
        try (InputStream in = Sealed.opening(new ByteArrayInputStream(sealed), key, "backup.tar")) {
            return in.readAllBytes();
        }
    }

    private static byte[] bytes(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }
}
