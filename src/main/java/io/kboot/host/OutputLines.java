package io.kboot.host;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Reads a command's stdout whole, as {@link Host#exec} returns it, handing each progress line
 * ({@link Command#PROGRESS}) to the command's listener as soon as it arrives.
 */
public final class OutputLines {
    private OutputLines() {}

    public static byte[] drain(InputStream in, Consumer<String> progressLines) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) > 0) {
            all.write(buffer, 0, n);
            for (int i = 0; i < n; i++) {
                if (buffer[i] == '\n') {
                    String text = line.toString(StandardCharsets.UTF_8);
                    if (text.startsWith(Command.PROGRESS)) {
                        progressLines.accept(text.substring(Command.PROGRESS.length()));
                    }
                    line.reset();
                } else if (line.size() < 4096) {
                    line.write(buffer[i]);
                }
            }
        }
        return all.toByteArray();
    }
}
