package io.kboot.host.ssh;

import com.hierynomus.sshj.key.KeyAlgorithm;
import java.io.IOException;
import java.util.LinkedList;
import java.util.Queue;
import net.schmizz.sshj.common.Buffer;
import net.schmizz.sshj.common.KeyType;
import net.schmizz.sshj.common.Message;
import net.schmizz.sshj.common.SSHPacket;
import net.schmizz.sshj.transport.TransportException;
import net.schmizz.sshj.userauth.UserAuthException;
import net.schmizz.sshj.userauth.method.AbstractAuthMethod;

/**
 * sshj's {@code publickey} method for a key the SSH agent holds: the same exchange as
 * {@code AuthPublickey} (the public key first, the signed request once the server accepts it),
 * with the signature made by the agent and sent as it comes. An RSA key is tried with each
 * signature algorithm the server accepts, strongest first, as sshj does for key files.
 */
final class AgentAuth extends AbstractAuthMethod {
    private final SshAgent agent;
    private final SshAgent.Identity identity;
    private Queue<KeyAlgorithm> algorithms;

    AgentAuth(SshAgent agent, SshAgent.Identity identity) {
        super("publickey");
        this.agent = agent;
        this.identity = identity;
    }

    /** Whether sshj knows the key's type; security keys ({@code sk-…}) it does not. */
    static boolean usable(SshAgent.Identity identity) {
        return KeyType.fromString(identity.type()) != KeyType.UNKNOWN;
    }

    @Override
    protected SSHPacket buildReq() throws UserAuthException {
        return withPublicKey(super.buildReq().putBoolean(false));
    }

    @Override
    public void handle(Message message, SSHPacket packet) throws UserAuthException, TransportException {
        if (message == Message.USERAUTH_60) {
            sendSigned();
        } else {
            super.handle(message, packet);
        }
    }

    @Override
    public boolean shouldRetry() {
        if (algorithms == null) {
            return false;
        }
        algorithms.poll();
        return !algorithms.isEmpty();
    }

    private void sendSigned() throws UserAuthException, TransportException {
        SSHPacket request = withPublicKey(super.buildReq().putBoolean(true));
        byte[] signed = new Buffer.PlainBuffer().putString(params.getTransport().getSessionID()).putBuffer(request)
                .getCompactData();
        try {
            request.putString(agent.sign(identity.blob(), signed, signFlags()));
        } catch (IOException e) {
            throw new UserAuthException(SshErrors.oneLine(e), e);
        }
        params.getTransport().write(request);
    }

    private SSHPacket withPublicKey(SSHPacket request) throws UserAuthException {
        return request.putString(algorithm().getKeyAlgorithm()).putString(identity.blob());
    }

    private KeyAlgorithm algorithm() throws UserAuthException {
        try {
            if (algorithms == null) {
                algorithms = new LinkedList<>(params.getTransport().getClientKeyAlgorithms(KeyType.fromString(identity.type())));
            }
        } catch (TransportException e) {
            throw new UserAuthException("no signature algorithm for the agent key " + identity, e);
        }
        KeyAlgorithm next = algorithms.peek();
        if (next == null) {
            throw new UserAuthException("no signature algorithm for the agent key " + identity);
        }
        return next;
    }

    private int signFlags() throws UserAuthException {
        return switch (algorithm().getKeyAlgorithm()) {
            case "rsa-sha2-512" -> SshAgent.RSA_SHA2_512;
            case "rsa-sha2-256" -> SshAgent.RSA_SHA2_256;
            default -> 0;
        };
    }

    /** The key's type and fingerprint; nothing secret passes through here anyway. */
    @Override
    public String toString() {
        return "agent key " + identity;
    }
}
