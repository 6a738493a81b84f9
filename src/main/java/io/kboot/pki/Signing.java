package io.kboot.pki;

import io.kboot.Randomness;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERPrintableString;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Builds certificates the way kubeadm's pkiutil does with Go's crypto/x509 (v1.31+): random
 * serial in [1, MaxInt64), NotBefore backdated 5 minutes, critical KeyUsage and
 * BasicConstraints, SKI on CAs and AKI on leaves, extensions in Go's order.
 */
final class Signing {
    /** kubeadm constants.CertificateBackdate: tolerates clocks a little behind ours. */
    static final Duration BACKDATE = Duration.ofMinutes(5);

    private Signing() {}

    /** kubeadm NewSelfSignedCACert: subject CN only, SAN DNS:CN, KeyCertSign, SKI. */
    static Cert selfSignedCa(String commonName, KeyPair key, Instant start, Duration validity) {
        X500Name name = name(commonName, List.of());
        SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(key.getPublic().getEncoded());
        X509v3CertificateBuilder builder = new X509v3CertificateBuilder(name, serial(),
                Date.from(start.minus(BACKDATE)), Date.from(start.plus(validity)), name, spki);
        try {
            builder.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment | KeyUsage.keyCertSign));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.subjectKeyIdentifier, false, subjectKeyId(spki));
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.dNSName, commonName)));
        } catch (CertIOException e) {
            throw new IllegalStateException(e);
        }
        return sign(builder, key.getPrivate());
    }

    /** kubeadm NewSignedCert: the request's subject, usages and SANs, signed by {@code ca}. */
    static Cert issue(CertRequest request, PublicKey subjectKey, Cert ca, PrivateKey caKey, Instant start,
            Duration validity) {
        SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(subjectKey.getEncoded());
        // The issuer is the CA's subject as encoded in its certificate, so chains match byte for byte
        // even for a CA kboot did not make.
        X509v3CertificateBuilder builder = new X509v3CertificateBuilder(ca.holder().getSubject(), serial(),
                Date.from(start.minus(BACKDATE)), Date.from(start.plus(validity)),
                name(request.commonName(), request.organizations()), spki);
        try {
            builder.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            if (!request.usages().isEmpty()) {
                KeyPurposeId[] purposes = request.usages().stream()
                        .sorted(Comparator.naturalOrder())
                        .map(u -> u == ExtKeyUsage.SERVER_AUTH ? KeyPurposeId.id_kp_serverAuth
                                : KeyPurposeId.id_kp_clientAuth)
                        .toArray(KeyPurposeId[]::new);
                builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes));
            }
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            Optional<byte[]> caKeyId = ca.subjectKeyId();
            if (caKeyId.isPresent()) {
                builder.addExtension(Extension.authorityKeyIdentifier, false,
                        new AuthorityKeyIdentifier(caKeyId.get()));
            }
            if (!request.altNames().isEmpty()) {
                builder.addExtension(Extension.subjectAlternativeName, false, generalNames(request.altNames()));
            }
        } catch (CertIOException e) {
            throw new IllegalStateException(e);
        }
        return sign(builder, caKey);
    }

    private static Cert sign(X509v3CertificateBuilder builder, PrivateKey signer) {
        try {
            return Cert.of(builder.build(new JcaContentSignerBuilder(signatureAlgorithm(signer)).build(signer)));
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("cannot sign with a " + signer.getAlgorithm() + " key", e);
        }
    }

    /** Go's signingParamsForKey: the hash follows the signer's key, not the subject's. */
    private static String signatureAlgorithm(PrivateKey signer) {
        if (signer instanceof ECPrivateKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            return bits > 384 ? "SHA512withECDSA" : bits > 256 ? "SHA384withECDSA" : "SHA256withECDSA";
        }
        if (signer.getAlgorithm().equals("RSA")) {
            return "SHA256withRSA";
        }
        throw new IllegalArgumentException("kboot signs with RSA or ECDSA keys, not " + signer.getAlgorithm());
    }

    /** Go's crypto/rand.Int(MaxInt64-1)+1. */
    private static BigInteger serial() {
        long value;
        do {
            value = Randomness.strong().nextLong() & Long.MAX_VALUE;
        } while (value == 0 || value == Long.MAX_VALUE);
        return BigInteger.valueOf(value);
    }

    /**
     * Go's pkix.Name order (O before CN), each string a PrintableString when its characters
     * allow, else UTF8String, as encoding/asn1 marshals it.
     */
    private static X500Name name(String commonName, List<String> organizations) {
        List<RDN> rdns = new ArrayList<>();
        if (!organizations.isEmpty()) {
            rdns.add(new RDN(organizations.stream()
                    .map(o -> new AttributeTypeAndValue(BCStyle.O, string(o)))
                    .toArray(AttributeTypeAndValue[]::new)));
        }
        if (!commonName.isEmpty()) {
            rdns.add(new RDN(new AttributeTypeAndValue(BCStyle.CN, string(commonName))));
        }
        return new X500Name(rdns.toArray(RDN[]::new));
    }

    private static ASN1Encodable string(String value) {
        return DERPrintableString.isPrintableString(value)
                ? new DERPrintableString(value)
                : new DERUTF8String(value);
    }

    private static GeneralNames generalNames(AltNames names) {
        List<GeneralName> list = new ArrayList<>();
        for (String dns : names.dnsNames()) {
            list.add(new GeneralName(GeneralName.dNSName, dns));
        }
        for (var ip : names.ips()) {
            list.add(new GeneralName(GeneralName.iPAddress, new DEROctetString(ip.getAddress())));
        }
        return new GeneralNames(list.toArray(GeneralName[]::new));
    }

    /**
     * RFC 7093 method 1: the leftmost 160 bits of the SHA-256 of the key bits. Go 1.25 made it the
     * default for CAs CreateCertificate makes (GODEBUG x509sha256skid; RFC 5280's SHA-1 before), and
     * kubeadm v1.35 and v1.36 are built with Go 1.25 and 1.26.
     */
    private static SubjectKeyIdentifier subjectKeyId(SubjectPublicKeyInfo spki) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(spki.getPublicKeyData().getBytes());
            return new SubjectKeyIdentifier(Arrays.copyOf(hash, 20));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot compute a subject key identifier", e);
        }
    }
}
