package io.kboot.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** kinit and kjoin against this machine (real /bin/sh and /proc), in dry-run mode only. */
class CliIT {
    @Test
    void dryRunPlansEveryPhaseForThisMachineWithoutChangingIt() {
        CliTest.Outcome o = CliTest.kinit("master", "--dry-run", "--ignore-preflight-errors", "all");
        assertEquals(0, o.exitCode(), o.err());
        assertTrue(o.out().contains("Dry run: "), o.out());
        assertTrue(o.out().contains("on local"), o.out());
        for (var step : MasterCommand.WORKFLOW.plan(Optional.empty(), Set.of()).toRun()) {
            assertTrue(o.out().contains("\n" + step.path() + " "), "summary lists " + step.path() + ":\n" + o.out());
        }
        assertTrue(o.out().contains("total"), o.out());
    }

    @Test
    void jsonOutputIsOneParsableEventPerLine() throws Exception {
        CliTest.Outcome o = CliTest.kinit("master", "--dry-run", "--ignore-preflight-errors", "all", "-o", "json");
        assertEquals(0, o.exitCode(), o.err());
        List<String> lines = o.out().lines().toList();
        ObjectMapper json = new ObjectMapper();
        for (String line : lines) {
            assertTrue(json.readTree(line).has("event"), line);
        }
        assertEquals("summary", json.readTree(lines.get(lines.size() - 1)).get("event").asText());
    }

    @Test
    void preflightErrorsExitWithThree() {
        // A worker join with an impossible requirement: the control-plane checks on a node whose
        // ports are free still fail here when not root or without systemd; force a failure that is
        // true on every machine by asking for a control plane on a port kboot itself holds open.
        try (var server = new ServerSocket(0)) {
            CliTest.Outcome o =
                    CliTest.kinit("master", "--dry-run", "--apiserver-bind-port", String.valueOf(server.getLocalPort()),
                            "--ignore-preflight-errors", "IsPrivilegedUser,NumCPU,Mem,SystemVerification");
            assertEquals(3, o.exitCode(), o.out() + o.err());
            assertTrue(
                    o.err().contains("[ERROR Port-" + server.getLocalPort() + "]: port " + server.getLocalPort() + " is in use"),
                    o.err());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
