package io.kboot.pki;

import io.kboot.Randomness;
import io.kboot.config.IpAddresses;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * TLS client contexts for talking to a cluster's API server, built from the PEM a kubeconfig or
 * the certificate directory holds. The server's name is checked here, against the name kboot
 * expects (the advertise address or the control-plane endpoint) rather than the address it
 * connects to: kboot often reaches the API server through a forwarded port on 127.0.0.1, which
 * the serving certificate rightly does not name.
 */
public final class ClientTls {
    private static final char[] NO_PASSWORD = new char[0];

    private ClientTls() {}

    /** Trusts {@code caPem}, checks the server is {@code serverName}, and presents the client certificate. */
    public static SSLContext mutual(String caPem, String clientCertPem, String clientKeyPem, String serverName) {
        try {
            KeyPair pair = Pem.readKeyPair(clientKeyPem.getBytes(StandardCharsets.UTF_8));
            List<X509Certificate> chain = certificates(clientCertPem);
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("client", pair.getPrivate(), NO_PASSWORD, chain.toArray(X509Certificate[]::new));
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(keys, NO_PASSWORD);
            return context(factory.getKeyManagers(), new NamedServerTrust(trustManager(caPem), Optional.of(serverName)));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("cannot use the client certificate and key: " + e.getMessage(), e);
        }
    }

    /** Trusts {@code caPem} and checks the server is {@code serverName}; no client certificate (bearer tokens). */
    public static SSLContext trusting(String caPem, String serverName) {
        return context(null, new NamedServerTrust(trustManager(caPem), Optional.of(serverName)));
    }

    /**
     * Trusts any server. Only for what kubeadm also reads without trust: cluster-info during
     * token discovery (verified afterwards by its JWS signature and the CA pin), and the
     * self-signed health endpoints of the controller manager and scheduler.
     */
    public static SSLContext insecure() {
        return context(null, new NamedServerTrust(null, Optional.empty()));
    }

    private static SSLContext context(KeyManager[] keyManagers, TrustManager trust) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers, new TrustManager[] {trust}, Randomness.strong());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is part of every Java runtime", e);
        }
    }

    private static X509TrustManager trustManager(String caPem) {
        try {
            KeyStore anchors = KeyStore.getInstance("PKCS12");
            anchors.load(null, null);
            int i = 0;
            for (X509Certificate ca : certificates(caPem)) {
                anchors.setCertificateEntry("ca-" + i++, ca);
            }
            if (i == 0) {
                throw new IllegalArgumentException("no CA certificate given");
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(anchors);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    return x509;
                }
            }
            throw new IllegalStateException("no X.509 trust manager");
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("cannot use the CA certificate: " + e.getMessage(), e);
        }
    }

    static List<X509Certificate> certificates(String pem) throws CertificateException {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        return factory.generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.UTF_8))).stream()
                .map(X509Certificate.class::cast).toList();
    }

    /** True if the certificate names {@code serverName} among its DNS or IP subject alternative names. */
    static boolean names(X509Certificate certificate, String serverName) throws CertificateException {
        Collection<List<?>> sans = certificate.getSubjectAlternativeNames();
        if (sans == null) {
            return false;
        }
        Optional<InetAddress> ip = IpAddresses.parse(serverName);
        for (List<?> san : sans) {
            int type = (Integer) san.get(0);
            String value = String.valueOf(san.get(1));
            if (ip.isPresent() && type == 7 && IpAddresses.parse(value).equals(ip)) {
                return true;
            }
            if (ip.isEmpty() && type == 2 && value.equalsIgnoreCase(serverName)) {
                return true;
            }
        }
        return false;
    }

    /** Chain validation by the platform's PKIX trust manager, then kboot's own name check. */
    private static final class NamedServerTrust extends X509ExtendedTrustManager {
        private final X509TrustManager anchors; // null: trust any server
        private final Optional<String> serverName;

        NamedServerTrust(X509TrustManager anchors, Optional<String> serverName) {
            this.anchors = anchors;
            this.serverName = serverName;
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            if (anchors == null) {
                return;
            }
            anchors.checkServerTrusted(chain, authType);
            if (serverName.isPresent() && !names(chain[0], serverName.get())) {
                throw new CertificateException("the API server's certificate is not valid for " + serverName.get()
                        + " (it names " + chain[0].getSubjectAlternativeNames() + ")");
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            checkServerTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("kboot does not accept TLS clients");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return anchors == null ? new X509Certificate[0] : anchors.getAcceptedIssuers();
        }
    }
}
