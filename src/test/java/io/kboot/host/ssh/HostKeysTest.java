package io.kboot.host.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.PublicKey;
import java.util.Base64;
import net.schmizz.sshj.common.Buffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HostKeysTest {

    /** Keys made with ssh-keygen; the expected fingerprints are what {@code ssh-keygen -l -E sha256} printed. */
    static final String ED25519_1 = "AAAAC3NzaC1lZDI1NTE5AAAAIFJ/OJt14dwzFuOlASt8ipPAlDosnLyTc/77+9QA/cEq";
    static final String ED25519_2 = "AAAAC3NzaC1lZDI1NTE5AAAAIAFU/hkSe7sS90ZvfS7F0x4AhrePnifOmX5NwRvU0ia2";
    static final String ECDSA_1 =
            "AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBG3KWOPQqfDeKHC16mVuUmsr35oaRHDR60uuNZP/"
                    + "n5chkuzsVKnjGWEzjGj7yGpdcvADftSh0JvzbJJmejK2x/c=";

    static PublicKey key(String base64) throws Exception {
        return new Buffer.PlainBuffer(Base64.getDecoder().decode(base64)).readPublicKey();
    }

    @ParameterizedTest
    @CsvSource({
        ED25519_1 + ", ssh-ed25519, SHA256:XALRHYeYKIs+w4y4ezZ89fiwYNljYrKHGJOjLR92Mqk",
        ED25519_2 + ", ssh-ed25519, SHA256:44zrHnMKIa5TPXYs7Q3p/3TG2OB9N8QaSwcovXgCNkI",
        ECDSA_1 + ", ecdsa-sha2-nistp256, SHA256:ZTrNjfcV8mpl+GLlayu2eyUFZMtN6RQObPuH2KJNnW8",
    })
    void fingerprintsMatchSshKeygen(String base64, String type, String fingerprint) throws Exception {
        PublicKey key = key(base64);
        assertEquals(type, HostKeys.type(key));
        assertEquals(fingerprint, HostKeys.fingerprint(key));
        assertEquals(fingerprint, HostKeys.fingerprintOfBase64(base64));
        assertEquals(base64, HostKeys.base64(key), "the blob round-trips");
    }
}
