package io.kboot.script;

import io.kboot.GoldenFiles;
import io.kboot.host.RecordingHost;

/**
 * The scripts kboot sends to hosts, compared byte for byte with src/test/resources/golden/scripts/NAME.
 * With -Dgolden.update=true the file is (re)written instead, for a reviewer to read in the diff.
 */
public final class GoldenScripts {
    private GoldenScripts() {}

    /** Every script a recording host ran, in order, each under a "#### query" or "#### change" line; uploads by path. */
    public static String transcript(RecordingHost host) {
        StringBuilder out = new StringBuilder();
        for (RecordingHost.Event event : host.events()) {
            if (event instanceof RecordingHost.Exec exec) {
                out.append(exec.mutating() ? "#### change\n" : "#### query\n").append(exec.script());
                if (!exec.script().endsWith("\n")) {
                    out.append("\n#### (no newline at the end)\n");
                }
            } else if (event instanceof RecordingHost.Upload upload) {
                out.append("#### upload ").append(upload.path()).append(' ').append(upload.attributes()).append('\n');
            }
        }
        return out.toString();
    }

    public static void assertGolden(String name, String actual) {
        GoldenFiles.assertGolden("scripts/" + name, actual);
    }
}
