package io.kboot.pki;

/** The extended key usages kubeadm's certificates carry. */
public enum ExtKeyUsage {
    SERVER_AUTH("TLS Web Server Authentication"),
    CLIENT_AUTH("TLS Web Client Authentication");

    private final String opensslName;

    ExtKeyUsage(String opensslName) {
        this.opensslName = opensslName;
    }

    /** How {@code openssl x509 -text} prints it. */
    public String opensslName() {
        return opensslName;
    }
}
