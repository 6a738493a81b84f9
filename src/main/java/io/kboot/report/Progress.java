package io.kboot.report;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * How far a long piece of work on one host is: an upload, the node's check of what it received,
 * an image import. Text mode prints {@link #describe()}; JSON mode a "progress" event with the numbers.
 *
 * @param what      what is being done, e.g. "uploading the offline bundle"
 * @param done      bytes (or items) done so far
 * @param total     bytes (or items) in all
 * @param unit      "bytes", or the items' name ("images")
 * @param perSecond the rate since the work began
 * @param left      the time left at that rate; empty before there is a rate
 */
public record Progress(String what, long done, long total, String unit, double perSecond, Optional<Duration> left) {

    /** "uploading the offline bundle: 210.3 of 405.6 MB (52%), 1.8 MB/s, about 1m48s left". */
    public String describe() {
        String amount = unit.equals("bytes")
                ? String.format(Locale.ROOT, "%.1f of %.1f MB (%d%%), %.1f MB/s", done / 1e6, total / 1e6, percent(),
                        perSecond / 1e6)
                : String.format(Locale.ROOT, "%d of %d %s (%d%%)", done, total, unit, percent());
        return what + ": " + amount + left.map(d -> ", about " + human(d) + " left").orElse("");
    }

    public int percent() {
        return total <= 0 ? 100 : (int) Math.min(100, done * 100 / total);
    }

    static String human(Duration d) {
        long s = Math.max(0, d.toSeconds());
        return s >= 60 ? s / 60 + "m" + s % 60 + "s" : s + "s";
    }
}
