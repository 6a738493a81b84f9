package io.kboot.pki;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.CertException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;

/** A parsed certificate: BouncyCastle's holder, kept inside this package, plus its PEM. */
final class Cert {
    private final X509CertificateHolder holder;
    private final String pem;

    private Cert(X509CertificateHolder holder, String pem) {
        this.holder = holder;
        this.pem = pem;
    }

    static Cert of(X509CertificateHolder holder) {
        try {
            return new Cert(holder, Pem.certificate(holder.getEncoded()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a certificate", e);
        }
    }

    /** The first certificate of a PEM file (a chain's leaf). */
    static Cert parse(byte[] pemText) {
        byte[] der = Pem.readCertificates(pemText).get(0);
        try {
            X509CertificateHolder holder = new X509CertificateHolder(der);
            return new Cert(holder, Pem.certificate(der));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("malformed certificate: " + e.getMessage());
        }
    }

    static Cert parse(String pemText) {
        return parse(pemText.getBytes(StandardCharsets.US_ASCII));
    }

    X509CertificateHolder holder() {
        return holder;
    }

    String pem() {
        return pem;
    }

    PublicKey publicKey() {
        return Pem.publicKey(holder.getSubjectPublicKeyInfo());
    }

    byte[] subjectPublicKeyInfoDer() {
        try {
            return holder.getSubjectPublicKeyInfo().getEncoded("DER");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    Optional<byte[]> subjectKeyId() {
        Extension ski = holder.getExtension(Extension.subjectKeyIdentifier);
        return ski == null ? Optional.empty()
                : Optional.of(SubjectKeyIdentifier.getInstance(ski.getParsedValue()).getKeyIdentifier());
    }

    /** Whether the signature on this certificate was made by the key of {@code issuerKey}. */
    boolean signedBy(PublicKey issuerKey) {
        try {
            return holder.isSignatureValid(new JcaContentVerifierProviderBuilder().build(issuerKey));
        } catch (OperatorCreationException | CertException | RuntimeException e) {
            return false;
        }
    }

    CertInfo info() {
        return new CertInfo(
                commonName(holder.getSubject()).orElse(""),
                organizations(holder.getSubject()),
                commonName(holder.getIssuer()).orElse(""),
                holder.getSerialNumber(),
                holder.getNotBefore().toInstant(),
                holder.getNotAfter().toInstant(),
                isCa(),
                extKeyUsages(),
                altNames(),
                publicKey());
    }

    private boolean isCa() {
        Extension bc = holder.getExtension(Extension.basicConstraints);
        return bc != null && BasicConstraints.getInstance(bc.getParsedValue()).isCA();
    }

    private Set<ExtKeyUsage> extKeyUsages() {
        Set<ExtKeyUsage> usages = EnumSet.noneOf(ExtKeyUsage.class);
        Extension eku = holder.getExtension(Extension.extendedKeyUsage);
        if (eku != null) {
            ExtendedKeyUsage parsed = ExtendedKeyUsage.getInstance(eku.getParsedValue());
            if (parsed.hasKeyPurposeId(KeyPurposeId.id_kp_serverAuth)) {
                usages.add(ExtKeyUsage.SERVER_AUTH);
            }
            if (parsed.hasKeyPurposeId(KeyPurposeId.id_kp_clientAuth)) {
                usages.add(ExtKeyUsage.CLIENT_AUTH);
            }
        }
        return usages;
    }

    private AltNames altNames() {
        Extension san = holder.getExtension(Extension.subjectAlternativeName);
        if (san == null) {
            return AltNames.none();
        }
        List<String> dns = new ArrayList<>();
        List<InetAddress> ips = new ArrayList<>();
        for (GeneralName name : GeneralNames.getInstance(san.getParsedValue()).getNames()) {
            if (name.getTagNo() == GeneralName.dNSName) {
                dns.add(((ASN1String) name.getName()).getString());
            } else if (name.getTagNo() == GeneralName.iPAddress) {
                try {
                    ips.add(InetAddress.getByAddress(ASN1OctetString.getInstance(name.getName()).getOctets()));
                } catch (UnknownHostException e) {
                    // An address of the wrong length: not one kboot wrote; skip it as Go does.
                }
            }
        }
        return new AltNames(dns, ips);
    }

    private static Optional<String> commonName(X500Name name) {
        for (RDN rdn : name.getRDNs(BCStyle.CN)) {
            for (AttributeTypeAndValue value : rdn.getTypesAndValues()) {
                if (value.getType().equals(BCStyle.CN)) {
                    return Optional.of(text(value.getValue()));
                }
            }
        }
        return Optional.empty();
    }

    private static List<String> organizations(X500Name name) {
        List<String> values = new ArrayList<>();
        for (RDN rdn : name.getRDNs(BCStyle.O)) {
            for (AttributeTypeAndValue value : rdn.getTypesAndValues()) {
                if (value.getType().equals(BCStyle.O)) {
                    values.add(text(value.getValue()));
                }
            }
        }
        return values;
    }

    private static String text(ASN1Encodable value) {
        return value instanceof ASN1String s ? s.getString() : value.toString();
    }
}
