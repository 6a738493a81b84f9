package io.kboot.config;

import java.util.function.Consumer;

/**
 * Settings for tests, made the way the commands make them (defaults, a file, flags) with only
 * the flags a test cares about set: {@code TestSettings.init(f -> f.uploadCerts = true)}.
 */
public final class TestSettings {
    private TestSettings() {}

    /** kinit master's settings without a config file. */
    public static InitSettings init(Consumer<InitSettings.Flags> flags) {
        return init(ConfigDocuments.none(), flags);
    }

    public static InitSettings init(ConfigDocuments docs, Consumer<InitSettings.Flags> flags) {
        return InitSettings.from(docs, initFlags(flags));
    }

    /** kinit master's flags, only those the caller sets given. */
    public static InitSettings.Flags initFlags(Consumer<InitSettings.Flags> set) {
        InitSettings.Flags flags = new InitSettings.Flags();
        set.accept(flags);
        return flags;
    }

    /** kjoin's settings without a config file: the caller gives the endpoint, the token and the CA trust. */
    public static JoinSettings join(Consumer<JoinSettings.Flags> flags) {
        return join(ConfigDocuments.none(), flags);
    }

    public static JoinSettings join(ConfigDocuments docs, Consumer<JoinSettings.Flags> set) {
        JoinSettings.Flags flags = new JoinSettings.Flags();
        set.accept(flags);
        return JoinSettings.from(docs, flags);
    }
}
