package io.kboot.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Kubernetes release version, "v1.34.2" (the leading v is optional on input). */
public record KubernetesVersion(int major, int minor, int patch, String preRelease) implements Comparable<KubernetesVersion> {
    private static final Pattern FORMAT = Pattern.compile("v?(\\d{1,9})\\.(\\d{1,9})\\.(\\d{1,9})(-[0-9A-Za-z.-]{1,64})?");

    /** @throws IllegalArgumentException naming the value and the expected form */
    public static KubernetesVersion parse(String text) {
        Matcher m = FORMAT.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException(Echo.quote(text) + " is not a Kubernetes version (expected e.g. v1.34.2)");
        }
        return new KubernetesVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                Integer.parseInt(m.group(3)), m.group(4) == null ? "" : m.group(4));
    }

    /** "v1.34". */
    public String minorVersion() {
        return "v" + major + "." + minor;
    }

    @Override
    public int compareTo(KubernetesVersion o) {
        int c = Integer.compare(major, o.major);
        c = c != 0 ? c : Integer.compare(minor, o.minor);
        return c != 0 ? c : Integer.compare(patch, o.patch);
    }

    @Override
    public String toString() {
        return "v" + major + "." + minor + "." + patch + preRelease;
    }
}
