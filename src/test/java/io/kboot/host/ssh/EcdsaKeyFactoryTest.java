package io.kboot.host.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Security;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import net.schmizz.sshj.common.Buffer;
import org.junit.jupiter.api.Test;

class EcdsaKeyFactoryTest {

    @Test
    void theAliasMakesTheJdksEcKeysUnderBouncyCastlesName() throws Exception {
        EcdsaKeyFactory.install();
        EcdsaKeyFactory.install(); // idempotent
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        KeyFactory alias = KeyFactory.getInstance("ECDSA", Security.getProvider("kboot-ecdsa-key-factory"));
        assertEquals(pair.getPublic(), alias.generatePublic(new X509EncodedKeySpec(pair.getPublic().getEncoded())));
        assertEquals(pair.getPrivate(), alias.generatePrivate(new PKCS8EncodedKeySpec(pair.getPrivate().getEncoded())));
    }

    @Test
    void sshjReadsAnEcdsaKeyInSshWireFormat() throws Exception {
        EcdsaKeyFactory.install();
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp384r1"));
        PublicKey key = generator.generateKeyPair().getPublic();
        byte[] blob = HostKeys.blob(key);
        PublicKey read = new Buffer.PlainBuffer(blob).readPublicKey();
        assertEquals("ecdsa-sha2-nistp384", HostKeys.type(read));
        assertEquals(HostKeys.fingerprint(key), HostKeys.fingerprint(read));
    }
}
