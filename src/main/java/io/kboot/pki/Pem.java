package io.kboot.pki;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPrivateCrtKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * PEM as Go writes it (encoding/pem, keyutil): 64-character base64 lines, "\n" endings; private
 * keys as PKCS#1 "RSA PRIVATE KEY" or SEC1 "EC PRIVATE KEY"; public keys as PKIX "PUBLIC KEY".
 * Readers also take PKCS#8 "PRIVATE KEY", as keyutil.ParsePrivateKeyPEM does.
 *
 * <p>Errors are {@link IllegalArgumentException}s without key material; callers add the file name.
 */
final class Pem {
    static final String CERTIFICATE = "CERTIFICATE";
    static final String RSA_PRIVATE_KEY = "RSA PRIVATE KEY";
    static final String EC_PRIVATE_KEY = "EC PRIVATE KEY";
    static final String PRIVATE_KEY = "PRIVATE KEY";
    static final String PUBLIC_KEY = "PUBLIC KEY";

    private static final String BEGIN = "-----BEGIN ";
    private static final String END = "-----END ";
    private static final String DASHES = "-----";

    record Block(String type, boolean hasHeaders, byte[] der) {}

    private Pem() {}

    static String encode(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
        return BEGIN + type + DASHES + "\n" + body + "\n" + END + type + DASHES + "\n";
    }

    /** Every PEM block in the text, in order; text outside blocks is ignored, as Go's pem.Decode does. */
    static List<Block> decode(byte[] text) {
        String s = new String(text, StandardCharsets.US_ASCII);
        List<Block> blocks = new ArrayList<>();
        int at = 0;
        while (true) {
            int begin = s.indexOf(BEGIN, at);
            if (begin < 0) {
                return blocks;
            }
            int typeEnd = s.indexOf(DASHES, begin + BEGIN.length());
            if (typeEnd < 0) {
                return blocks;
            }
            String type = s.substring(begin + BEGIN.length(), typeEnd);
            String endMarker = END + type + DASHES;
            int end = s.indexOf(endMarker, typeEnd);
            if (end < 0) {
                throw new IllegalArgumentException("PEM block " + type + " has no END line");
            }
            String body = s.substring(typeEnd + DASHES.length(), end);
            boolean headers = body.contains(":");
            StringBuilder base64 = new StringBuilder();
            for (String line : body.split("\n")) {
                String l = line.strip();
                if (!l.isEmpty() && !l.contains(":")) {
                    base64.append(l);
                }
            }
            try {
                blocks.add(new Block(type, headers, Base64.getDecoder().decode(base64.toString())));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("PEM block " + type + " is not valid base64");
            }
            at = end + endMarker.length();
        }
    }

    static String certificate(byte[] der) {
        return encode(CERTIFICATE, der);
    }

    static String publicKey(PublicKey key) {
        return encode(PUBLIC_KEY, key.getEncoded());
    }

    /** PKCS#1 for RSA, SEC1 with named curve and public key for EC: what Go's keyutil writes. */
    static String privateKey(KeyPair pair) {
        try {
            PrivateKeyInfo info = PrivateKeyInfo.getInstance(pair.getPrivate().getEncoded());
            if (pair.getPrivate() instanceof ECPrivateKey ec) {
                SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded());
                int orderBits = ec.getParams().getOrder().bitLength();
                // two ECPrivateKey types: the JDK's (imported) and BouncyCastle's SEC1 structure
                var sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(orderBits, ec.getS(),
                        new DERBitString(spki.getPublicKeyData().getBytes()),
                        info.getPrivateKeyAlgorithm().getParameters());
                return encode(EC_PRIVATE_KEY, sec1.getEncoded(ASN1Encoding.DER));
            }
            return encode(RSA_PRIVATE_KEY, info.parsePrivateKey().toASN1Primitive().getEncoded(ASN1Encoding.DER));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first private key in the text, with its public half. */
    static KeyPair readKeyPair(byte[] text) {
        for (Block block : decode(text)) {
            switch (block.type()) {
                case RSA_PRIVATE_KEY, EC_PRIVATE_KEY, PRIVATE_KEY -> {
                    if (block.hasHeaders()) {
                        throw new IllegalArgumentException("encrypted private keys are not supported");
                    }
                    return keyPair(block);
                }
                case "ENCRYPTED PRIVATE KEY" -> throw new IllegalArgumentException(
                        "encrypted private keys are not supported");
                default -> {}
            }
        }
        throw new IllegalArgumentException("no private key found (expected a PEM block RSA PRIVATE KEY, "
                + "EC PRIVATE KEY or PRIVATE KEY)");
    }

    /** The first public key in the text ("PUBLIC KEY", PKIX). */
    static PublicKey readPublicKey(byte[] text) {
        for (Block block : decode(text)) {
            if (block.type().equals(PUBLIC_KEY)) {
                return publicKey(SubjectPublicKeyInfo.getInstance(block.der()));
            }
        }
        throw new IllegalArgumentException("no PUBLIC KEY PEM block found");
    }

    /** The DER of every CERTIFICATE block, in order. */
    static List<byte[]> readCertificates(byte[] text) {
        List<byte[]> certs = new ArrayList<>();
        for (Block block : decode(text)) {
            if (block.type().equals(CERTIFICATE)) {
                certs.add(block.der());
            }
        }
        if (certs.isEmpty()) {
            throw new IllegalArgumentException("no CERTIFICATE PEM block found");
        }
        return certs;
    }

    static PublicKey publicKey(SubjectPublicKeyInfo spki) {
        ASN1ObjectIdentifier oid = spki.getAlgorithm().getAlgorithm();
        String algorithm;
        if (oid.equals(PKCSObjectIdentifiers.rsaEncryption)) {
            algorithm = "RSA";
        } else if (oid.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            algorithm = "EC";
        } else if (oid.getId().equals("1.3.101.112")) {
            algorithm = "Ed25519";
        } else {
            throw new IllegalArgumentException("unsupported public key algorithm " + oid.getId());
        }
        try {
            return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(spki.getEncoded()));
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("invalid " + algorithm + " public key: " + e.getMessage());
        }
    }

    private static KeyPair keyPair(Block block) {
        try {
            return switch (block.type()) {
                case RSA_PRIVATE_KEY -> rsa(RSAPrivateKey.getInstance(block.der()));
                // two ECPrivateKey types: the JDK's (imported) and BouncyCastle's SEC1 structure
                case EC_PRIVATE_KEY -> ec(org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(block.der()), null);
                default -> pkcs8(PrivateKeyInfo.getInstance(block.der()));
            };
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (RuntimeException | IOException | GeneralSecurityException e) {
            // The message of a parser exception may quote bytes of the key: keep only its type.
            throw new IllegalArgumentException("malformed " + block.type() + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static KeyPair pkcs8(PrivateKeyInfo info) throws IOException, GeneralSecurityException {
        ASN1ObjectIdentifier oid = info.getPrivateKeyAlgorithm().getAlgorithm();
        if (oid.equals(PKCSObjectIdentifiers.rsaEncryption)) {
            return rsa(RSAPrivateKey.getInstance(info.parsePrivateKey()));
        }
        if (oid.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            // two ECPrivateKey types: the JDK's (imported) and BouncyCastle's SEC1 structure
            return ec(org.bouncycastle.asn1.sec.ECPrivateKey.getInstance(info.parsePrivateKey()),
                    info.getPrivateKeyAlgorithm().getParameters() == null
                            ? null
                            : info.getPrivateKeyAlgorithm().getParameters().toASN1Primitive());
        }
        throw new IllegalArgumentException("unsupported private key algorithm " + oid.getId()
                + " (kboot reads RSA and ECDSA keys)");
    }

    private static KeyPair rsa(RSAPrivateKey k) throws GeneralSecurityException {
        KeyFactory factory = KeyFactory.getInstance("RSA");
        PrivateKey priv = factory.generatePrivate(new RSAPrivateCrtKeySpec(k.getModulus(), k.getPublicExponent(),
                k.getPrivateExponent(), k.getPrime1(), k.getPrime2(), k.getExponent1(), k.getExponent2(),
                k.getCoefficient()));
        PublicKey pub = factory.generatePublic(new RSAPublicKeySpec(k.getModulus(), k.getPublicExponent()));
        return new KeyPair(pub, priv);
    }

    /**
     * An EC key with its public half. SEC1 files (what kboot and Go write) carry the public point:
     * it is used after a signature check proves it belongs to the scalar, which costs far less in
     * a fresh JVM than computing d·G. PKCS#8 from Java omits it; then it is computed.
     */
    // two ECPrivateKey types: the JDK's (imported) and BouncyCastle's SEC1 structure
    private static KeyPair ec(org.bouncycastle.asn1.sec.ECPrivateKey k, ASN1Primitive outerParameters)
            throws IOException, GeneralSecurityException {
        ASN1Primitive parameters = k.getParametersObject() != null
                ? k.getParametersObject().toASN1Primitive()
                : outerParameters;
        if (!(parameters instanceof ASN1ObjectIdentifier curve)) {
            throw new IllegalArgumentException("EC key without a named curve");
        }
        AlgorithmIdentifier algorithm = new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, curve);
        KeyFactory factory = KeyFactory.getInstance("EC");
        BigInteger d = k.getKey();
        int orderBits;
        byte[] point;
        if (k.getPublicKey() != null) {
            point = k.getPublicKey().getOctets();
            orderBits = 0;
        } else {
            X9ECParameters x9 = ECNamedCurveTable.getByOID(curve);
            if (x9 == null) {
                throw new IllegalArgumentException("unsupported EC curve " + curve.getId());
            }
            point = x9.getG().multiply(d).normalize().getEncoded(false);
            orderBits = x9.getN().bitLength();
        }
        PublicKey pub = factory.generatePublic(
                new X509EncodedKeySpec(new SubjectPublicKeyInfo(algorithm, point).getEncoded(ASN1Encoding.DER)));
        if (orderBits == 0) {
            orderBits = ((ECPublicKey) pub).getParams().getOrder().bitLength();
        }
        // two ECPrivateKey types: the JDK's (imported) and BouncyCastle's SEC1 structure
        var sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(orderBits, d, curve);
        PrivateKey priv = factory.generatePrivate(
                new PKCS8EncodedKeySpec(new PrivateKeyInfo(algorithm, sec1).getEncoded(ASN1Encoding.DER)));
        if (k.getPublicKey() != null && !signs(priv, pub)) {
            throw new IllegalArgumentException("the public key in the EC PRIVATE KEY does not belong to its private key");
        }
        return new KeyPair(pub, priv);
    }

    private static boolean signs(PrivateKey priv, PublicKey pub) throws GeneralSecurityException {
        byte[] message = {'k', 'b', 'o', 'o', 't'};
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(priv);
        signer.update(message);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(pub);
        verifier.update(message);
        return verifier.verify(signature);
    }
}
