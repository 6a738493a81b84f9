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
                            shortDuration(c.residual().orElseThrow()), c.certificateAuthority(), yesNo(c)});
        }
        table(out, rows);
        out.append('\n');
        rows.clear();
        rows.add(new String[] {"CERTIFICATE AUTHORITY", "EXPIRES", "RESIDUAL TIME", "EXTERNALLY MANAGED"});
        for (CertExpiration c : authorities) {
            rows.add(c.isMissing()
                    ? new String[] {"!MISSING! " + c.name(), "", "", ""}
                    : new String[] {c.name(), EXPIRES.format(c.expires().orElseThrow()),
                            shortDuration(c.residual().orElseThrow()), yesNo(c)});
        }
        table(out, rows);
        return out.toString();
    }

    /** apimachinery's ShortHumanDuration, as kubeadm prints residual time: "364d", "9y", "<invalid>". */
    public static String shortDuration(Duration d) {
        long seconds = d.getSeconds();
        if (seconds < -1) {
            return "<invalid>";
        } else if (seconds < 0) {
            return "0s";
        } else if (seconds < 60) {
            return seconds + "s";
        } else if (d.toMinutes() < 60) {
            return d.toMinutes() + "m";
        } else if (d.toHours() < 24) {
            return d.toHours() + "h";
        } else if (d.toHours() < 24 * 365) {
            return d.toHours() / 24 + "d";
        }
        return d.toHours() / 24 / 365 + "y";
    }

    private static String yesNo(CertExpiration c) {
        return c.externallyManaged() ? "yes" : "no";
    }

    /** Columns padded to the widest cell plus three spaces, as Go's tabwriter in kubeadm. */
    private static void table(StringBuilder out, List<String[]> rows) {
        int columns = rows.get(0).length;
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                line.append(row[i]);
                if (i < columns - 1) {
                    line.append(" ".repeat(widths[i] - row[i].length() + 3));
                }
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
    }
}
