package io.kboot.certs;

import io.kboot.pki.CertExpiration;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** What {@code kboot certs check-expiration} shows: kubeadm's two tables, rows sorted by name. */
public record ExpirationReport(Instant checkedAt, List<CertExpiration> certificates, List<CertExpiration> authorities) {
    private static final DateTimeFormatter EXPIRES =
            DateTimeFormatter.ofPattern("MMM dd, yyyy HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    public ExpirationReport {
        certificates = certificates.stream().sorted(Comparator.comparing(CertExpiration::name)).toList();
        authorities = authorities.stream().sorted(Comparator.comparing(CertExpiration::name)).toList();
    }

    /** The tables as kubeadm prints them; a missing file shows as "!MISSING! name". */
    public String render() {
        StringBuilder out = new StringBuilder();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"CERTIFICATE", "EXPIRES", "RESIDUAL TIME", "CERTIFICATE AUTHORITY", "EXTERNALLY MANAGED"});
        for (CertExpiration c : certificates) {
            rows.add(c.isMissing()
                    ? new String[] {"!MISSING! " + c.name(), "", "", "", ""}
                    : new String[] {c.name(), EXPIRES.format(c.expires().orElseThrow()),
                        humanDuration(c.residual().orElseThrow()), c.certificateAuthority(), yesNo(c)});
        }
        table(out, rows);
        out.append('\n');
        rows.clear();
        rows.add(new String[] {"CERTIFICATE AUTHORITY", "EXPIRES", "RESIDUAL TIME", "EXTERNALLY MANAGED"});
        for (CertExpiration c : authorities) {
            rows.add(c.isMissing()
                    ? new String[] {"!MISSING! " + c.name(), "", "", ""}
                    : new String[] {c.name(), EXPIRES.format(c.expires().orElseThrow()),
                        humanDuration(c.residual().orElseThrow()), yesNo(c)});
        }
        table(out, rows);
        return out.toString();
    }

    /**
     * apimachinery's HumanDuration, which kubeadm prints residual time with: "364d", "1y200d", "9y",
     * "<invalid>" (two seconds in the past still count as now).
     */
    public static String humanDuration(Duration d) {
        // Go's int(d.Seconds()) truncates toward zero; getSeconds() floors.
        long seconds = d.isNegative() && d.getNano() > 0 ? d.getSeconds() + 1 : d.getSeconds();
        if (seconds < -1) {
            return "<invalid>";
        } else if (seconds < 0) {
            return "0s";
        } else if (seconds < 60 * 2) {
            return seconds + "s";
        }
        long minutes = d.toMinutes();
        if (minutes < 10) {
            long s = seconds % 60;
            return s == 0 ? minutes + "m" : minutes + "m" + s + "s";
        } else if (minutes < 60 * 3) {
            return minutes + "m";
        }
        long hours = d.toHours();
        if (hours < 8) {
            long m = minutes % 60;
            return m == 0 ? hours + "h" : hours + "h" + m + "m";
        } else if (hours < 48) {
            return hours + "h";
        } else if (hours < 24 * 8) {
            long h = hours % 24;
            return h == 0 ? hours / 24 + "d" : hours / 24 + "d" + h + "h";
        } else if (hours < 24 * 365 * 2) {
            return hours / 24 + "d";
        } else if (hours < 24 * 365 * 8) {
            long days = hours / 24 % 365;
            return days == 0 ? hours / 24 / 365 + "y" : hours / 24 / 365 + "y" + days + "d";
        }
        return hours / 24 / 365 + "y";
    }

    /** kubeadm's "%-8v": the last column padded to eight characters. */
    private static String yesNo(CertExpiration c) {
        return String.format(Locale.ROOT, "%-8s", c.externallyManaged() ? "yes" : "no");
    }

    /**
     * Go's tabwriter as kubeadm sets it up (minwidth 10, padding 3, spaces): every cell but the
     * last padded to its column's widest cell plus three, trailing spaces kept, so the table is
     * byte for byte kubeadm's.
     */
    private static void table(StringBuilder out, List<String[]> rows) {
        int columns = rows.get(0).length;
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns - 1; i++) {
                widths[i] = Math.max(widths[i], Math.max(10, row[i].length() + 3));
            }
        }
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                out.append(row[i]);
                if (i < columns - 1) {
                    out.append(" ".repeat(widths[i] - row[i].length()));
                }
            }
            out.append('\n');
        }
    }
}
