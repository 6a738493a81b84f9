package io.kboot.host.ssh;

import java.security.InvalidKeyException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyFactorySpi;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.KeySpec;
import net.schmizz.sshj.common.SecurityUtils;

/**
 * The JDK's EC key factory under the name BouncyCastle gives it, "ECDSA", which is the name sshj
 * asks for when it reads an ECDSA host key, user key or known_hosts entry.
 *
 * <p>Why: left alone, sshj registers BouncyCastle as a JCE provider the first time it is used,
 * and building that provider (every algorithm's mappings) costs about 0.5 s of CPU in every run
 * that opens SSH. Without it the JDK's providers serve everything kboot negotiates (curve25519
 * and ECDH, AES-CTR/GCM, HMAC-SHA2, RSA, ECDSA signatures; sshj handles ed25519 with
 * BouncyCastle's lightweight classes, which need no provider) except that one name; the ciphers
 * only BouncyCastle has (chacha20-poly1305) drop out of the offer.
 */
final class EcdsaKeyFactory {
    private static final String NAME = "kboot-ecdsa-key-factory";

    private EcdsaKeyFactory() {}

    /** Called once before sshj is first used; later calls do nothing. */
    static synchronized void install() {
        if (Security.getProvider(NAME) == null) {
            SecurityUtils.setRegisterBouncyCastle(false);
            Security.addProvider(new AliasProvider());
        }
    }

    private static final class AliasProvider extends Provider {
        private static final long serialVersionUID = 1L;

        AliasProvider() {
            super(NAME, "1", "KeyFactory.ECDSA: the JDK's EC key factory under BouncyCastle's name, for sshj");
            putService(new Service(this, "KeyFactory", "ECDSA", Spi.class.getName(), null, null) {
                @Override
                public Object newInstance(Object constructorParameter) throws NoSuchAlgorithmException {
                    return new Spi();
                }
            });
        }
    }

    /** Delegates to {@code KeyFactory.getInstance("EC")}. */
    static final class Spi extends KeyFactorySpi {
        private final KeyFactory ec;

        Spi() throws NoSuchAlgorithmException {
            ec = KeyFactory.getInstance("EC");
        }

        @Override
        protected PublicKey engineGeneratePublic(KeySpec spec) throws InvalidKeySpecException {
            return ec.generatePublic(spec);
        }

        @Override
        protected PrivateKey engineGeneratePrivate(KeySpec spec) throws InvalidKeySpecException {
            return ec.generatePrivate(spec);
        }

        @Override
        protected <T extends KeySpec> T engineGetKeySpec(Key key, Class<T> type) throws InvalidKeySpecException {
            return ec.getKeySpec(key, type);
        }

        @Override
        protected Key engineTranslateKey(Key key) throws InvalidKeyException {
            return ec.translateKey(key);
        }
    }
}
