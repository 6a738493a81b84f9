package io.kboot.host.ssh;

import java.io.EOFException;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * A client of an SSH agent ({@code ssh-agent}, gpg-agent, a desktop keyring) on its Unix socket,
 * speaking the two requests authentication needs (draft-miller-ssh-agent): list the identities,
 * sign with one. The private keys stay in the agent. sshj 0.40 has no agent client (one was merged
 * upstream after that release), and the JDK's Unix domain sockets make one small enough to own.
 *
 * <p>Each request opens its own connection, so hosts connecting in parallel never share one
 * (ssh-agent serves many clients at once).
 */
final class SshAgent {
    static final String SOCKET_ENV = "SSH_AUTH_SOCK";

    static final int RSA_SHA2_256 = 2;
    static final int RSA_SHA2_512 = 4;

    private static final int FAILURE = 5;
    private static final int REQUEST_IDENTITIES = 11;
    private static final int IDENTITIES_ANSWER = 12;
    private static final int SIGN_REQUEST = 13;
    private static final int SIGN_RESPONSE = 14;
    /** ssh-agent's own cap on a message (AGENT_MAX_LEN). */
    private static final int MAX_MESSAGE = 256 * 1024;

    /**
     * A key the agent holds: its public key blob as SSH writes it, and the comment it was added with.
     */
    record Identity(byte[] blob, String comment) {
        Identity {
            blob = blob.clone();
        }

        /** The key's type as the blob names it: {@code ssh-ed25519}, {@code ecdsa-sha2-nistp256}, {@code ssh-rsa}. */
        String type() {
            ByteBuffer in = ByteBuffer.wrap(blob);
            return new String(readString(in), StandardCharsets.US_ASCII);
        }

        /** {@code SHA256:…} as ssh-keygen -l prints it. */
        String fingerprint() {
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
                return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        boolean sameKey(byte[] other) {
            return Arrays.equals(blob, other);
        }

        @Override
        public byte[] blob() {
            return blob.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Identity i && Arrays.equals(blob, i.blob) && comment.equals(i.comment);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(blob) * 31 + comment.hashCode();
        }

        @Override
        public String toString() {
            return type() + " " + fingerprint();
        }
    }

    private final Path socket;

    SshAgent(Path socket) {
        this.socket = socket;
    }

    Path socket() {
        return socket;
    }

    /** The identities the agent holds now. */
    List<Identity> identities() throws IOException {
        try {
            return parseIdentities(request(REQUEST_IDENTITIES, new byte[0]));
        } catch (BufferUnderflowException e) {
            throw truncated(e);
        }
    }

    private List<Identity> parseIdentities(ByteBuffer reply) throws IOException {
        int type = reply.get() & 0xff;
        if (type != IDENTITIES_ANSWER) {
            throw new IOException("the agent at " + socket + " answered the identity list with message " + type);
        }
        int count = reply.getInt();
        if (count < 0 || count > reply.remaining() / 8) {
            throw new IOException("the agent at " + socket + " sent a malformed identity list");
        }
        List<Identity> identities = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] blob = readString(reply);
            String comment = new String(readString(reply), StandardCharsets.UTF_8);
            identities.add(new Identity(blob, comment));
        }
        return List.copyOf(identities);
    }

    /**
     * Has the agent sign {@code data} with the key {@code blob}.
     *
     * @param flags {@link #RSA_SHA2_256} or {@link #RSA_SHA2_512} for an RSA key, else 0
     * @return the signature as SSH sends it: string algorithm, string signature
     */
    byte[] sign(byte[] blob, byte[] data, int flags) throws IOException {
        ByteBuffer body = ByteBuffer.allocate(4 + blob.length + 4 + data.length + 4);
        body.putInt(blob.length).put(blob).putInt(data.length).put(data).putInt(flags);
        ByteBuffer reply = request(SIGN_REQUEST, body.array());
        try {
            return parseSignature(reply);
        } catch (BufferUnderflowException e) {
            throw truncated(e);
        }
    }

    private byte[] parseSignature(ByteBuffer reply) throws IOException {
        int type = reply.get() & 0xff;
        if (type == FAILURE) {
            throw new IOException("the agent at " + socket + " refused to sign (key removed, or confirmation denied)");
        }
        if (type != SIGN_RESPONSE) {
            throw new IOException("the agent at " + socket + " answered the signing request with message " + type);
        }
        return readString(reply);
    }

    private ByteBuffer request(int type, byte[] body) throws IOException {
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            ByteBuffer out = ByteBuffer.allocate(4 + 1 + body.length);
            out.putInt(1 + body.length).put((byte) type).put(body).flip();
            while (out.hasRemaining()) {
                channel.write(out);
            }
            ByteBuffer length = readFully(channel, 4);
            int size = length.getInt();
            if (size < 1 || size > MAX_MESSAGE) {
                throw new IOException("the agent at " + socket + " sent a message of " + size + " bytes");
            }
            return readFully(channel, size);
        }
    }

    private IOException truncated(BufferUnderflowException e) {
        return new IOException("the agent at " + socket + " sent a truncated message", e);
    }

    private ByteBuffer readFully(SocketChannel channel, int size) throws IOException {
        ByteBuffer in = ByteBuffer.allocate(size);
        while (in.hasRemaining()) {
            if (channel.read(in) < 0) {
                throw new EOFException("the agent at " + socket + " closed the connection mid-reply");
            }
        }
        return in.flip();
    }

    private static byte[] readString(ByteBuffer in) {
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            throw new BufferUnderflowException();
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return bytes;
    }
}
