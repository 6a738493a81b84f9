package io.kboot.pki;

import io.kboot.KbootException;
import io.kboot.host.Content;
import io.kboot.host.FileAttributes;
import io.kboot.host.Host;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Optional;

/**
 * The certificate directory on a host. Every unusable file becomes an InvalidInput naming the
 * file, never quoting its content.
 */
final class CertDir {
    private final Host host;
    private final String dir;

    CertDir(Host host, String dir) {
        this.host = host;
        this.dir = dir.endsWith("/") && dir.length() > 1 ? dir.substring(0, dir.length() - 1) : dir;
    }

    String dir() {
        return dir;
    }

    String path(String file) {
        return dir + "/" + file;
    }

    Optional<byte[]> read(String file) {
        return host.read(path(file));
    }

    Optional<Cert> readCert(String file) {
        return read(file).map(bytes -> {
            try {
                return Cert.parse(bytes);
            } catch (IllegalArgumentException e) {
                throw new KbootException.InvalidInput(path(file) + ": " + e.getMessage());
            }
        });
    }

    Optional<KeyPair> readKey(String file) {
        return read(file).map(bytes -> {
            try {
                return Pem.readKeyPair(bytes);
            } catch (IllegalArgumentException e) {
                throw new KbootException.InvalidInput(path(file) + ": " + e.getMessage());
            }
        });
    }

    Optional<PublicKey> readPublicKey(String file) {
        return read(file).map(bytes -> {
            try {
                return Pem.readPublicKey(bytes);
            } catch (IllegalArgumentException e) {
                throw new KbootException.InvalidInput(path(file) + ": " + e.getMessage());
            }
        });
    }

    /** Keys 0600, certificates 0644, as keyutil.WriteKey and certutil.WriteCert. */
    void writeKey(String file, String pem) {
        host.upload(Content.of(pem.getBytes(StandardCharsets.US_ASCII)), path(file), FileAttributes.PRIVATE);
    }

    void writeCert(String file, String pem) {
        host.upload(Content.of(pem.getBytes(StandardCharsets.US_ASCII)), path(file), FileAttributes.PUBLIC);
    }
}
