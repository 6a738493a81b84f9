package io.kboot.config;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** An IP network in CIDR notation, like "10.96.0.0/12" or "fd00:10:96::/112". */
public record Cidr(InetAddress network, int prefixLength) {

    public Cidr {
        int bits = network.getAddress().length * 8;
        if (prefixLength < 0 || prefixLength > bits) {
            throw new IllegalArgumentException("prefix length " + prefixLength + " out of range 0-" + bits);
        }
    }

    /**
     * Parses "address/prefix". The address is masked to the network, as Go's net.ParseCIDR does.
     *
     * @throws IllegalArgumentException with a message naming the value and the expected form
     */
    public static Cidr parse(String text) {
        String s = text == null ? "" : text.strip();
        int slash = s.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException(Echo.quote(s) + " is not a CIDR (expected address/prefix, e.g. 10.96.0.0/12)");
        }
        InetAddress address = IpAddresses.parse(s.substring(0, slash)).orElseThrow(() -> new IllegalArgumentException(
                Echo.quote(s) + " is not a CIDR: " + Echo.quote(s.substring(0, s.indexOf('/'))) + " is not an IP address"));
        int bits = address.getAddress().length * 8;
        int prefix;
        try {
            prefix = Integer.parseInt(s.substring(slash + 1));
        } catch (NumberFormatException e) {
            prefix = -1;
        }
        if (prefix < 0 || prefix > bits) {
            throw new IllegalArgumentException(Echo.quote(s) + " is not a CIDR: prefix length must be 0-" + bits);
        }
        return new Cidr(mask(address, prefix), prefix);
    }

    /** The n-th address of the network: 1 is the API server's service IP, 10 the DNS service IP. */
    public InetAddress address(long n) {
        int bytes = network.getAddress().length;
        BigInteger size = BigInteger.ONE.shiftLeft(bytes * 8 - prefixLength);
        if (n < 0 || BigInteger.valueOf(n).compareTo(size) >= 0) {
            throw new IllegalArgumentException(this + " has no address number " + n);
        }
        BigInteger value = new BigInteger(1, network.getAddress()).add(BigInteger.valueOf(n));
        return toAddress(value, bytes);
    }

    public boolean contains(InetAddress address) {
        return address.getAddress().length == network.getAddress().length
                && mask(address, prefixLength).equals(network);
    }

    public boolean overlaps(Cidr other) {
        return contains(other.network) || other.contains(network);
    }

    public boolean isIpv4() {
        return IpAddresses.isIpv4(network);
    }

    @Override
    public String toString() {
        return IpAddresses.format(network) + "/" + prefixLength;
    }

    private static InetAddress mask(InetAddress address, int prefix) {
        byte[] bytes = address.getAddress();
        for (int i = 0; i < bytes.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            bytes[i] &= (byte) (0xff << (8 - keep));
        }
        return toAddress(bytes);
    }

    private static InetAddress toAddress(BigInteger value, int length) {
        byte[] raw = value.toByteArray();
        byte[] bytes = new byte[length];
        int copy = Math.min(raw.length, length);
        System.arraycopy(raw, raw.length - copy, bytes, length - copy, copy);
        return toAddress(bytes);
    }

    private static InetAddress toAddress(byte[] bytes) {
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("address of length " + bytes.length, e);
        }
    }
}
