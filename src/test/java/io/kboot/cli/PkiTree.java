package io.kboot.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What a kubeadm-layout directory (pki/ and the kubeconfigs beside it) holds, as comparable facts:
 * every certificate (files and kubeconfig-embedded) reduced to the fields kubeadm decides, every
 * file's mode and PEM block types, every kubeconfig's layout. Two trees made for the same config
 * at about the same time have equal facts; {@link #mismatches} lists every difference at once.
 * Parsed with the JDK only (java.security.cert), so the check does not share kboot's BouncyCastle code.
 *
 * @param writtenAt when the tool that wrote the tree started (the reference for NotBefore's backdate)
 */
record PkiTree(Path root, Instant writtenAt) {
    /** Two clocks read a few seconds apart, one tool slower than the other: far less than a 5 minute backdate. */
    static final Duration TOLERANCE = Duration.ofMinutes(1);

    private static final Pattern PEM_BEGIN = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----");
    private static final Pattern KUBECONFIG_DATA =
            Pattern.compile("(certificate-authority-data|client-certificate-data|client-key-data): \\S+");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Map<String, String> EXTENSIONS = Map.of("2.5.29.14", "subjectKeyIdentifier",
            "2.5.29.15", "keyUsage", "2.5.29.17", "subjectAltName", "2.5.29.19", "basicConstraints",
            "2.5.29.35", "authorityKeyIdentifier", "2.5.29.37", "extKeyUsage");
    private static final Map<String, String> PURPOSES = Map.of("1.3.6.1.5.5.7.3.1", "serverAuth",
            "1.3.6.1.5.5.7.3.2", "clientAuth");
    private static final String[] KEY_USAGES = {"digitalSignature", "nonRepudiation", "keyEncipherment",
        "dataEncipherment", "keyAgreement", "keyCertSign", "cRLSign", "encipherOnly", "decipherOnly"};

    /** Every difference between this tree ("kboot") and {@code expected} ("kubeadm"), one line each. */
    List<String> mismatches(PkiTree expected) {
        List<String> out = new ArrayList<>();
        Set<String> mine = files();
        Set<String> theirs = expected.files();
        if (!mine.equals(theirs)) {
            out.add("files: only kboot wrote " + minus(mine, theirs) + ", only kubeadm wrote " + minus(theirs, mine));
        }
        Map<String, Map<String, Object>> facts = facts();
        Map<String, Map<String, Object>> expectedFacts = expected.facts();
        for (var entry : expectedFacts.entrySet()) {
            Map<String, Object> actual = facts.get(entry.getKey());
            if (actual == null) {
                continue; // reported with the file set above
            }
            for (var field : entry.getValue().entrySet()) {
                Object a = actual.get(field.getKey());
                Object e = field.getValue();
                boolean same = a instanceof Duration da && e instanceof Duration de
                        ? da.minus(de).abs().compareTo(TOLERANCE) <= 0
                        : e.equals(a);
                if (!same) {
                    out.add(entry.getKey() + ": " + field.getKey() + ": " + difference(a, e));
                }
            }
            for (String field : minus(actual.keySet(), entry.getValue().keySet())) {
                out.add(entry.getKey() + ": " + field + ": kboot " + actual.get(field) + ", kubeadm has none");
            }
        }
        return out;
    }

    /** Both values; for texts of several lines only the lines one has and the other lacks. */
    private static String difference(Object kboot, Object kubeadm) {
        if (kboot instanceof String a && kubeadm instanceof String e && a.contains("\n") && e.contains("\n")) {
            List<String> extra = new ArrayList<>(a.lines().toList());
            List<String> missing = new ArrayList<>(e.lines().toList());
            e.lines().forEach(extra::remove);
            a.lines().forEach(missing::remove);
            return "kboot has lines " + extra + " kubeadm has not; kubeadm has lines " + missing + " kboot has not"
                    + (extra.isEmpty() && missing.isEmpty() ? " (same lines, other order)" : "");
        }
        return "kboot " + kboot + ", kubeadm " + kubeadm;
    }

    /** Files relative to the root, directories left out. */
    Set<String> files() {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).map(p -> root.relativize(p).toString())
                    .collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Facts by subject: a file ("pki/ca.crt") or a kubeconfig's embedded certificate ("admin.conf client certificate"). */
    Map<String, Map<String, Object>> facts() {
        Map<String, Map<String, Object>> facts = new TreeMap<>();
        Map<String, X509Certificate> certificates = new TreeMap<>();
        for (String file : files()) {
            String text = read(file);
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("mode", mode(file));
            f.put("PEM blocks", pemBlocks(text));
            if (file.endsWith(".crt")) {
                certificates.put(file, certificate(text.getBytes(StandardCharsets.US_ASCII)));
            } else if (file.endsWith(".pub")) {
                f.put("public key", publicKey(text));
            } else if (file.endsWith(".conf")) {
                kubeconfig(file, text, f, certificates, facts);
            }
            facts.put(file, f);
        }
        for (var entry : certificates.entrySet()) {
            facts.computeIfAbsent(entry.getKey(), k -> new LinkedHashMap<>())
                    .putAll(certificateFacts(entry.getValue(), certificates));
        }
        return facts;
    }

    private void kubeconfig(String file, String text, Map<String, Object> f, Map<String, X509Certificate> certificates,
            Map<String, Map<String, Object>> facts) {
        // The whole layout, credentials masked: key order, names, server, no extra fields.
        f.put("layout", KUBECONFIG_DATA.matcher(text).replaceAll("$1: <data>"));
        JsonNode config;
        try {
            config = YAML.readTree(text);
        } catch (IOException e) {
            f.put("layout", "not YAML: " + e.getMessage());
            return;
        }
        JsonNode cluster = config.path("clusters").path(0).path("cluster");
        String ca = decode(cluster.path("certificate-authority-data").asText());
        f.put("certificate-authority-data", ca.equals(read("pki/ca.crt")) ? "pki/ca.crt" : "not pki/ca.crt");
        JsonNode user = config.path("users").path(0).path("user");
        String client = decode(user.path("client-certificate-data").asText());
        if (!client.isEmpty()) {
            certificates.put(file + " client certificate", certificate(client.getBytes(StandardCharsets.US_ASCII)));
        }
        Map<String, Object> key = new LinkedHashMap<>();
        key.put("PEM blocks", pemBlocks(decode(user.path("client-key-data").asText())));
        facts.put(file + " client key", key);
    }

    private Map<String, Object> certificateFacts(X509Certificate c, Map<String, X509Certificate> all) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("version", c.getVersion());
        f.put("subject", c.getSubjectX500Principal().getName());
        // The DER too: the same text in another ASN.1 string type is another name to a strict verifier.
        f.put("subject DER", HexFormat.of().formatHex(c.getSubjectX500Principal().getEncoded()));
        f.put("issuer", c.getIssuerX500Principal().getName());
        f.put("issuer DER", HexFormat.of().formatHex(c.getIssuerX500Principal().getEncoded()));
        f.put("serial", serialRange(c.getSerialNumber()));
        f.put("signature algorithm", c.getSigAlgName());
        f.put("public key", describe(c.getPublicKey()));
        f.put("validity", Duration.between(c.getNotBefore().toInstant(), c.getNotAfter().toInstant()));
        f.put("NotBefore before the run started", Duration.between(c.getNotBefore().toInstant(), writtenAt));
        f.put("critical extensions", extensionNames(c.getCriticalExtensionOIDs()));
        f.put("non-critical extensions", extensionNames(c.getNonCriticalExtensionOIDs()));
        f.put("key usage", keyUsage(c.getKeyUsage()));
        f.put("extended key usage", extendedKeyUsage(c));
        int pathLen = c.getBasicConstraints();
        f.put("basic constraints", c.getExtensionValue("2.5.29.19") == null ? "absent"
                : pathLen < 0 ? "CA:FALSE" : pathLen == Integer.MAX_VALUE ? "CA:TRUE, no pathlen"
                : "CA:TRUE, pathlen " + pathLen);
        f.put("SAN DNS", sans(c, 2));
        f.put("SAN IP", sans(c, 7).stream().map(PkiTree::canonicalIp).collect(Collectors.toCollection(TreeSet::new)));
        f.put("SAN other", sans(c, 0, 1, 3, 4, 5, 6, 8));
        Optional<byte[]> ski = keyIdentifier(c.getExtensionValue("2.5.29.14"), false);
        f.put("subject key id", ski.map(id -> keyIdMethod(id, subjectPublicKeyBits(c.getPublicKey()))).orElse("absent"));
        Optional<Map.Entry<String, X509Certificate>> issuer = all.entrySet().stream()
                .filter(e -> e.getValue().getSubjectX500Principal().equals(c.getIssuerX500Principal())
                        && e.getValue().getBasicConstraints() >= 0)
                .filter(e -> verifies(c, e.getValue().getPublicKey())).findFirst();
        f.put("signed by", issuer.map(Map.Entry::getKey).map(k -> k.equals(key(c, all)) ? "itself" : k)
                .orElse("no CA of the tree"));
        Optional<byte[]> aki = keyIdentifier(c.getExtensionValue("2.5.29.35"), true);
        f.put("authority key id", aki.isEmpty() ? "absent" : issuer.flatMap(i -> keyIdentifier(
                i.getValue().getExtensionValue("2.5.29.14"), false)).filter(id -> Arrays.equals(id, aki.get()))
                .map(id -> "the issuer's subject key id").orElse("other"));
        return f;
    }

    private static String key(X509Certificate c, Map<String, X509Certificate> all) {
        return all.entrySet().stream().filter(e -> e.getValue().equals(c)).map(Map.Entry::getKey).findFirst().orElse("");
    }

    private static boolean verifies(X509Certificate c, PublicKey key) {
        try {
            c.verify(key);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** Go's rand.Int(MaxInt64-1)+1 serials: positive, at most 63 bits. */
    private static String serialRange(BigInteger serial) {
        return serial.signum() > 0 && serial.bitLength() <= 63 ? "in [1, 2^63)" : "outside [1, 2^63): " + serial;
    }

    static String describe(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            return "RSA " + rsa.getModulus().bitLength() + " e=" + rsa.getPublicExponent();
        }
        if (key instanceof ECPublicKey ec) {
            return "EC " + ec.getParams();
        }
        return key.getAlgorithm();
    }

    private static String publicKey(String pem) {
        byte[] der = Base64.getMimeDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", ""));
        for (String algorithm : List.of("RSA", "EC")) {
            try {
                return describe(KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der)));
            } catch (GeneralSecurityException e) {
                // try the next
            }
        }
        return "neither RSA nor EC";
    }

    private static List<String> extensionNames(Set<String> oids) {
        return oids == null ? List.of()
                : oids.stream().map(o -> EXTENSIONS.getOrDefault(o, o)).sorted().toList();
    }

    private static List<String> keyUsage(boolean[] bits) {
        List<String> names = new ArrayList<>();
        for (int i = 0; bits != null && i < bits.length; i++) {
            if (bits[i]) {
                names.add(i < KEY_USAGES.length ? KEY_USAGES[i] : "bit " + i);
            }
        }
        return names;
    }

    /** In the certificate's order. */
    private static List<String> extendedKeyUsage(X509Certificate c) {
        try {
            List<String> oids = c.getExtendedKeyUsage();
            return oids == null ? List.of() : oids.stream().map(o -> PURPOSES.getOrDefault(o, o)).toList();
        } catch (CertificateParsingException e) {
            return List.of("unparsable: " + e.getMessage());
        }
    }

    private static Set<String> sans(X509Certificate c, Integer... types) {
        Set<String> values = new TreeSet<>();
        try {
            var names = c.getSubjectAlternativeNames();
            for (List<?> name : names == null ? List.<List<?>>of() : names) {
                if (Arrays.asList(types).contains((Integer) name.get(0))) {
                    values.add(name.get(0) + ":" + name.get(1));
                }
            }
        } catch (CertificateParsingException e) {
            values.add("unparsable: " + e.getMessage());
        }
        // Only the name for DNS and IP sets; other types keep their tag.
        return types.length == 1 ? values.stream().map(v -> v.substring(v.indexOf(':') + 1))
                .collect(Collectors.toCollection(TreeSet::new)) : values;
    }

    private static String canonicalIp(String literal) {
        try {
            return InetAddress.getByName(literal).getHostAddress();
        } catch (UnknownHostException e) {
            return "not an IP: " + literal;
        }
    }

    /**
     * The key identifier of a subjectKeyIdentifier (OCTET STRING) or authorityKeyIdentifier
     * (SEQUENCE { [0] keyIdentifier ... }) extension value, itself wrapped in an OCTET STRING.
     */
    private static Optional<byte[]> keyIdentifier(byte[] extensionValue, boolean authority) {
        if (extensionValue == null) {
            return Optional.empty();
        }
        byte[] inner = Der.at(extensionValue, 0).content(extensionValue);
        Der element = Der.at(inner, 0);
        if (authority) {
            Der first = Der.at(inner, element.contentStart());
            return first.tag() == 0x80 ? Optional.of(first.content(inner)) : Optional.empty();
        }
        return Optional.of(element.content(inner));
    }

    /** The subjectPublicKey BIT STRING's bits (after the unused-bits byte) of a SubjectPublicKeyInfo. */
    private static byte[] subjectPublicKeyBits(PublicKey key) {
        byte[] spki = key.getEncoded();
        Der algorithm = Der.at(spki, Der.at(spki, 0).contentStart());
        Der bits = Der.at(spki, algorithm.end());
        return Arrays.copyOfRange(spki, bits.contentStart() + 1, bits.end());
    }

    /** One DER element's header: enough to walk the few structures above. */
    private record Der(int tag, int contentStart, int end) {
        static Der at(byte[] der, int offset) {
            int tag = der[offset] & 0xff;
            int length = der[offset + 1] & 0xff;
            int start = offset + 2;
            if (length > 0x7f) {
                int bytes = length & 0x7f;
                length = 0;
                for (int i = 0; i < bytes; i++) {
                    length = (length << 8) | (der[start + i] & 0xff);
                }
                start += bytes;
            }
            return new Der(tag, start, start + length);
        }

        byte[] content(byte[] der) {
            return Arrays.copyOfRange(der, contentStart, end);
        }
    }

    /** How a key identifier was derived from the key bits: RFC 5280's SHA-1, RFC 7093's truncated SHA-256, or otherwise. */
    private static String keyIdMethod(byte[] id, byte[] keyBits) {
        if (Arrays.equals(id, digest("SHA-1", keyBits))) {
            return "SHA-1 of the public key (RFC 5280)";
        }
        return Arrays.equals(id, Arrays.copyOf(digest("SHA-256", keyBits), 20))
                ? "leftmost 160 bits of the SHA-256 of the public key (RFC 7093)" : "other (" + id.length + " bytes)";
    }

    private static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate certificate(byte[] pem) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(pem));
        } catch (CertificateException e) {
            throw new IllegalStateException("not a certificate: " + e.getMessage(), e);
        }
    }

    private static List<String> pemBlocks(String text) {
        List<String> blocks = new ArrayList<>();
        Matcher m = PEM_BEGIN.matcher(text);
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    private String mode(String file) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String read(String file) {
        try {
            return Files.readString(root.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.US_ASCII);
    }

    private static <T extends Comparable<T>> Set<T> minus(Set<T> a, Set<T> b) {
        Set<T> rest = new TreeSet<>(a);
        rest.removeAll(b);
        return rest;
    }
}
