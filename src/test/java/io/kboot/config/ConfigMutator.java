package io.kboot.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * A mutation generator over kubeadm v1beta4 documents and kboot's cluster file: each input is a
 * seed file with one to three edits of the kinds that broke kboot before (issue 25): a value
 * replaced by one from a list of hostile values (YAML's .inf/.nan, aliases, nulls, fractions where
 * integers go, CIDRs of the wrong size or family, megabyte scalars, 30,000-digit durations), a line
 * duplicated (duplicate keys), deleted, moved or re-indented, a null list item, a character flipped,
 * a document split or cut short. Deterministic for a seed, so a failure can be replayed.
 */
final class ConfigMutator {
    private static final List<Supplier<String>> VALUES = List.of(
            () -> ".inf", () -> "-.inf", () -> ".nan", () -> ".NaN", () -> "null", () -> "~", () -> "\"\"", () -> "''",
            () -> "6443.9", () -> "\"6443\"", () -> "0", () -> "-1", () -> "70000", () -> "99999999999999999999",
            () -> "1e400", () -> "0x1F", () -> "0o17", () -> "true", () -> "yes", () -> "[]", () -> "{}", () -> "[null]",
            () -> "[~, a]", () -> "{a: null}", () -> "*a", () -> "&a x", () -> "!!binary aGVsbG8=", () -> "!!str 1",
            () -> "!custom x", () -> "10.96.0.0/30", () -> "10.96.0.0/29", () -> "10.96.0.0/28", () -> "10.0.0.0/8",
            () -> "fd00::/64", () -> "10.0.0.0/16,10.1.0.0/16", () -> "10.0.0.0/16,fd00::/112,10.2.0.0/16",
            () -> "10.0.0.0/16,fd00::/112", () -> "999.1.1.1", () -> "10.0.0.256", () -> "::1", () -> "[::1]:6443",
            () -> "a,b,c", () -> "all", () -> "all,Swap", () -> "ALL", () -> "*.example.com", () -> "*", () -> "-",
            () -> "--x=y", () -> "x y", () -> "UPPER", () -> "a_b", () -> "v1.30.0", () -> "v1.34.9", () -> "v2.0.0",
            () -> "v99999999999.1.1", () -> "1.36", () -> "v1.36.3-rc.1", () -> "24h", () -> "-1h", () -> "1.5h",
            () -> "2562048h", () -> "9223372036854775807ns", () -> "1" + "0".repeat(40) + "h", () -> "1d", () -> "1h1",
            () -> "zz", () -> "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdeX",
            () -> "abcdef.0123456789abcdef", () -> "ABCDEF.0123456789abcdef", () -> "sha256:00", () -> "sha256:" + "a".repeat(64),
            () -> "NoSchedule", () -> "Bogus", () -> "control-plane", () -> "worker", () -> "master", () -> "RSA-1024",
            () -> "ECDSA-P256", () -> "unix:///run/x.sock", () -> "/relative/../x", () -> "é", () -> "\"\\u0000\"",
            () -> "\"a\\nb\"", () -> "|\n  block", () -> ">-", () -> "'it''s'", () -> "#comment", () -> "a: b: c",
            () -> "1".repeat(30_000) + "h", () -> "1".repeat(30_000), () -> "x".repeat(70_000), () -> "a.".repeat(200) + "a",
            () -> "[" + "[".repeat(100) + "]".repeat(100) + "]", () -> "{a: " + "{a: ".repeat(80) + "1" + "}".repeat(81));
    private static final String FLIPS = ":-[]{}&*!|>'\"#,%@` \t?0123456789.";

    private final Random random;
    private final List<List<String>> seeds;

    ConfigMutator(long seed, List<String> seedFiles) {
        this.random = new Random(seed);
        this.seeds = seedFiles.stream().map(text -> text.lines().toList()).toList();
    }

    String next() {
        List<String> lines = new ArrayList<>(seeds.get(random.nextInt(seeds.size())));
        int edits = 1 + random.nextInt(3);
        for (int i = 0; i < edits && !lines.isEmpty(); i++) {
            mutate(lines);
        }
        return String.join("\n", lines) + "\n";
    }

    private void mutate(List<String> lines) {
        int at = random.nextInt(lines.size());
        String line = lines.get(at);
        switch (random.nextInt(12)) {
            case 0, 1, 2 -> lines.set(at, withValue(line, value()));
            case 3 -> lines.add(Math.min(lines.size(), at + 1 + random.nextInt(4)), line); // a key given twice
            case 4 -> lines.remove(at);
            case 5 -> lines.add(at, indentOf(line) + (random.nextBoolean() ? "- null" : random.nextBoolean() ? "- ~" : "-"));
            case 6 -> {
                int other = random.nextInt(lines.size());
                lines.set(at, lines.get(other));
                lines.set(other, line);
            }
            case 7 -> lines.set(at, random.nextBoolean() ? "  " + line : line.replaceFirst("^  ", ""));
            case 8 -> {
                List<String> seed = seeds.get(random.nextInt(seeds.size()));
                lines.add(at, seed.get(random.nextInt(seed.size())));
            }
            case 9 -> lines.add(at, random.nextBoolean() ? "---" : "...");
            case 10 -> {
                if (!line.isEmpty()) {
                    int c = random.nextInt(line.length());
                    lines.set(at, line.substring(0, c) + FLIPS.charAt(random.nextInt(FLIPS.length())) + line.substring(c + 1));
                }
            }
            default -> {
                // An anchor on one value and an alias in another, or the file cut short.
                if (random.nextBoolean()) {
                    lines.set(at, withValue(line, "&a " + valueOf(line)));
                    int other = random.nextInt(lines.size());
                    lines.set(other, withValue(lines.get(other), "*a"));
                } else {
                    lines.subList(at, lines.size()).clear();
                }
            }
        }
    }

    private String value() {
        return VALUES.get(random.nextInt(VALUES.size())).get();
    }

    /** The line with its value (after "key: " or "- ") replaced, or a key of its own added. */
    private static String withValue(String line, String value) {
        int colon = line.indexOf(": ");
        if (colon >= 0) {
            return line.substring(0, colon + 2) + value;
        }
        if (line.strip().startsWith("- ")) {
            return indentOf(line) + "- " + value;
        }
        if (line.endsWith(":")) {
            return line + " " + value;
        }
        return indentOf(line) + "extra: " + value;
    }

    private static String valueOf(String line) {
        int colon = line.indexOf(": ");
        return colon >= 0 ? line.substring(colon + 2) : "x";
    }

    private static String indentOf(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) == ' ') {
            i++;
        }
        return line.substring(0, i);
    }
}
