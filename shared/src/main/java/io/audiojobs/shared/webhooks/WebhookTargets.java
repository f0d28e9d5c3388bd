package io.audiojobs.shared.webhooks;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * Where webhooks may be sent. A webhook URL comes from a user and is called by a worker inside the
 * deployment's network, so by default it may not reach that network: loopback, private (RFC 1918,
 * IPv6 unique-local), link-local (cloud metadata at 169.254.169.254), carrier-grade NAT, multicast
 * and unspecified addresses are refused (server-side request forgery). WEBHOOK_ALLOW_PRIVATE_NETWORKS
 * lifts that for deployments whose receivers are internal, and in {@code dev}.
 * <p>
 * The API refuses what it can see without a DNS lookup (IP literals, {@code localhost}) when the
 * record is created; the worker resolves the host right before each delivery and refuses it if any
 * address is internal. The JDK caches that lookup (30 s by default), so the connection that follows
 * goes to an address that was checked.
 */
public final class WebhookTargets {
    private final boolean allowPrivateNetworks;

    public WebhookTargets(boolean allowPrivateNetworks) {
        this.allowPrivateNetworks = allowPrivateNetworks;
    }

    /** Why a URL's host is refused as written (an internal IP literal or localhost), without resolving it. */
    public Optional<String> refusalAsWritten(URI url) {
        if (allowPrivateNetworks || url.getHost() == null) {
            return Optional.empty();
        }
        String host = bare(url.getHost());
        if (host.equals("localhost") || host.endsWith(".localhost")) {
            return Optional.of(refusal(host));
        }
        if (!isIpLiteral(host)) {
            return Optional.empty();
        }
        try {
            return isInternal(InetAddress.getByName(host)) ? Optional.of(refusal(host)) : Optional.empty();
        } catch (UnknownHostException e) {
            return Optional.empty(); // not a literal after all: the worker resolves it
        }
    }

    /** Why a URL's host is refused once resolved: any of its addresses internal. */
    public Optional<String> refusalResolved(URI url) throws UnknownHostException {
        if (allowPrivateNetworks) {
            return Optional.empty();
        }
        for (InetAddress address : InetAddress.getAllByName(bare(url.getHost()))) {
            if (isInternal(address)) {
                return Optional.of(refusal(url.getHost()) + " (it resolves to " + address.getHostAddress() + ")");
            }
        }
        return Optional.empty();
    }

    static boolean isInternal(InetAddress address) {
        if (address.isLoopbackAddress() || address.isAnyLocalAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0 || (first == 100 && second >= 64 && second < 128); // "this network", CGNAT 100.64/10
        }
        if (address instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) {
                return true; // unique local fc00::/7
            }
            if (isV4Mapped(b)) {
                try {
                    return isInternal(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException e) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isV4Mapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    }

    private static boolean isIpLiteral(String host) {
        return host.contains(":") || host.matches("[0-9.]+");
    }

    private static String bare(String host) {
        String lower = host.toLowerCase(Locale.ROOT);
        return lower.startsWith("[") && lower.endsWith("]") ? lower.substring(1, lower.length() - 1) : lower;
    }

    private static String refusal(String host) {
        return "webhook host " + host + " is in a loopback, private or link-local network; "
                + "set WEBHOOK_ALLOW_PRIVATE_NETWORKS=true to allow internal receivers";
    }
}
