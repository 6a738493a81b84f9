package io.kboot.pki;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * HTTPS clients for tests that talk to real servers with certificates from a kboot cert dir. Lives
 * in the pki test package because it reads keys with the package-private {@link Pem}.
 */
public final class TestTls {
    private TestTls() {}

    /**
     * An HTTP/1.1 client presenting {@code name}.crt/.key from {@code certDir} ("etcd/healthcheck-client"),
     * trusting only {@code ca}, and checking the server's name against the URL host as Go's TLS does.
     */
    public static HttpClient mutual(Path certDir, String name, Path ca) {
        return mutual(certDir.resolve(name + ".crt"), certDir.resolve(name + ".key"), ca);
    }

    /** The same with the certificate and key files named, as a component's flags name them. */
    public static HttpClient mutual(Path certificate, Path key, Path ca) {
        try {
            SSLContext tls = context(certificate, key, ca);
            SSLParameters parameters = tls.getDefaultSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            return HttpClient.newBuilder().sslContext(tls).sslParameters(parameters).version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SSLContext context(Path certificate, Path keyFile, Path ca) throws IOException, GeneralSecurityException {
        CertificateFactory x509 = CertificateFactory.getInstance("X.509");
        Certificate cert = x509.generateCertificate(new ByteArrayInputStream(Files.readAllBytes(certificate)));
        KeyPair key = Pem.readKeyPair(Files.readAllBytes(keyFile));
        char[] password = "test".toCharArray();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("client", key.getPrivate(), password, new Certificate[] {cert});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, password);

        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", x509.generateCertificate(new ByteArrayInputStream(Files.readAllBytes(ca))));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);

        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return tls;
    }
}
