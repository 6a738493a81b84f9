package io.kboot.upgrade;

import java.util.Arrays;

/** etcd image tags as kubeadm pins them, "3.6.8-0": compared by version, then by the image's own revision. */
final class EtcdTags {
    private EtcdTags() {}

    static int compare(String a, String b) {
        int[] x = numbers(a);
        int[] y = numbers(b);
        return Arrays.compare(x, y);
    }

    private static int[] numbers(String tag) {
        String[] parts = tag.replaceFirst("^v", "").split("[.-]");
        int[] numbers = new int[4];
        for (int i = 0; i < Math.min(parts.length, numbers.length); i++) {
            numbers[i] = parts[i].matches("\\d{1,9}") ? Integer.parseInt(parts[i]) : 0;
        }
        return numbers;
    }
}
