package io.kboot.cli;

import io.kboot.config.Defaults;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code kboot version}. */
@Command(name = "version", mixinStandardHelpOptions = true, description = "Print kboot's version.")
final class VersionCommand implements Callable<Integer> {
    @Mixin
    OutputOptions output = new OutputOptions();

    @Override
    public Integer call() {
        var out = output.spec.commandLine().getOut();
        if (output.format == OutputOptions.Format.json) {
            out.println("{\"kboot\":\"" + version() + "\",\"kubernetes\":\"" + Defaults.KUBERNETES_VERSION
                    + "\",\"java\":\"" + System.getProperty("java.version") + "\"}");
        } else {
            out.println("kboot " + version() + " (default Kubernetes " + Defaults.KUBERNETES_VERSION + ", Java "
                    + System.getProperty("java.version") + ")");
        }
        return ExitCodes.OK;
    }

    static String version() {
        Properties build = new Properties();
        try (InputStream in = VersionCommand.class.getResourceAsStream("/io/kboot/build.properties")) {
            if (in != null) {
                build.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        return build.getProperty("version", "unknown");
    }

    static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"kboot " + version()};
        }
    }
}
