package io.kboot.script;

import io.kboot.host.Command;
import io.kboot.host.Host;

/** Runs a read-only script that prints {@code key=value} lines; being a query, it runs in a dry run as well. */
public final class Query {
    private Query() {}

    /** @param what what fails if the script fails ("checking cleanup-node/files") */
    public static KeyValues run(Host host, String script, String what) {
        return KeyValues.parse(host.exec(Command.query(script)).orFail(host, what).stdout());
    }
}
