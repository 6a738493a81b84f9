package io.kboot.hostprep;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The node's record of host preparation, {@code /var/lib/kboot/hostprep.jsonl}: one
 * {@link ChangeRecord} per line. Lines are appended by the steps' scripts on the node, so a
 * change is on record before it is made, whatever happens to the connection afterwards.
 */
public final class Journal {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private Journal() {}

    /** One record as a journal line (no newline). */
    public static String line(ChangeRecord record) {
        try {
            return JSON.writerFor(ChangeRecord.class).writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write change record " + record, e);
        }
    }

    /**
     * The records of a journal, oldest first. A line that cannot be read (cut short by a crash,
     * or written by a newer kboot) is passed to {@code unreadable} and skipped.
     */
    public static List<ChangeRecord> parse(String text, Consumer<String> unreadable) {
        List<ChangeRecord> records = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            try {
                records.add(JSON.readValue(line, ChangeRecord.class));
            } catch (JsonProcessingException e) {
                unreadable.accept(line);
            }
        }
        return records;
    }
}
