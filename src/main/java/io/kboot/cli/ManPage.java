package io.kboot.cli;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi;

/**
 * A man page (roff, section 1) made from a command tree: the root's synopsis and description, then
 * every command's help as {@code --help} prints it, so the page never says other than the program.
 * Phase subcommands are listed by their {@code phase} command, not each on its own: their help
 * repeats their parent's flags.
 */
final class ManPage {
    private ManPage() {}

    static String of(CommandLine root, String version) {
        String name = root.getCommandName();
        CommandLine.Model.CommandSpec spec = root.getCommandSpec();
        StringBuilder page = new StringBuilder();
        page.append(".TH ").append(name.toUpperCase(Locale.ROOT)).append(" 1 \"\" \"kboot ").append(escape(version))
                .append("\" \"kboot manual\"\n");
        page.append(".SH NAME\n").append(name).append(" \\- ").append(escape(String.join(" ", spec.usageMessage()
                .description()))).append('\n');
        page.append(".SH SYNOPSIS\n");
        verbatim(page, root.getHelp().synopsis(0).stripTrailing());
        page.append(".SH DESCRIPTION\n");
        verbatim(page, root.getUsageMessage(Ansi.OFF));
        page.append(".SH COMMANDS\n");
        commands(page, root);
        page.append(".SH EXIT STATUS\n");
        for (String line : ExitCodes.DOCUMENTED) {
            page.append(".TP\n").append(escape(line.substring(0, line.indexOf(' ')))).append('\n')
                    .append(escape(line.substring(line.indexOf(' ') + 1).strip())).append('\n');
        }
        page.append(".SH ENVIRONMENT\n");
        for (List<String> variable : List.of(
                List.of("KUBECONFIG", "Kubeconfig files (separated by colons, merged as kubectl merges them) for commands"
                        + " that talk to a cluster from this machine."),
                List.of("KBOOT_SSH_KEY_PASSPHRASE", "The passphrase of an encrypted SSH key."),
                List.of("KBOOT_JAVA_OPTS", "Options for the Java virtual machine."))) {
            page.append(".TP\n.B ").append(variable.get(0)).append('\n').append(escape(variable.get(1))).append('\n');
        }
        page.append(".SH SEE ALSO\n.BR kboot (1),\n.BR kinit (1),\n.BR kjoin (1),\n.BR kubeadm (1),\n.BR kubectl (1)\n");
        return page.toString();
    }

    private static void commands(StringBuilder page, CommandLine command) {
        for (Map.Entry<String, CommandLine> entry : command.getSubcommands().entrySet()) {
            CommandLine sub = entry.getValue();
            if (sub.getCommandSpec().usageMessage().hidden() || !entry.getKey().equals(sub.getCommandName())) {
                continue; // an alias, listed under its command's name
            }
            page.append(".SS \"").append(escape(sub.getCommandSpec().qualifiedName())).append("\"\n");
            verbatim(page, sub.getUsageMessage(Ansi.OFF));
            if (!"phase".equals(sub.getCommandName())) {
                commands(page, sub);
            }
        }
    }

    /** Text kept as it is, line for line (roff's no-fill mode), escaped. */
    private static void verbatim(StringBuilder page, String text) {
        page.append(".nf\n");
        for (String line : text.split("\n", -1)) {
            page.append(line.startsWith(".") || line.startsWith("'") ? "\\&" : "").append(escape(line)).append('\n');
        }
        page.append(".fi\n");
    }

    private static String escape(String text) {
        return text.replace("\\", "\\e").replace("-", "\\-");
    }
}
