package io.meridian.server.cluster;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How a node added to a running cluster is reached, as the text its membership change carries
 * ({@link io.meridian.paxos.core.Membership#addresses}): {@code region=R client=C peer=P http=H}.
 * Every node of a cluster listens on the topology's host, so the host is not repeated here; the
 * region gives the simulated latency to it.
 */
public final class NodeAddresses {
    private static final Pattern WORD = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");

    private NodeAddresses() {
    }

    public static String encode(Topology.Node node) {
        if (!WORD.matcher(node.region()).matches()) {
            throw new IllegalArgumentException("region name " + node.region() + " cannot go in an address");
        }
        return "region=" + node.region() + " client=" + node.clientPort() + " peer=" + node.peerPort() + " http="
                + node.httpPort();
    }

    /** Parses {@link #encode}'s text for node {@code id}; IllegalArgumentException names what is wrong. */
    public static Topology.Node decode(int id, String address) {
        Map<String, String> fields = new HashMap<>();
        for (String part : address.trim().split(" +")) {
            int eq = part.indexOf('=');
            if (eq <= 0 || !WORD.matcher(part.substring(eq + 1)).matches()) {
                throw new IllegalArgumentException("bad address of node " + id + ": " + address);
            }
            fields.put(part.substring(0, eq), part.substring(eq + 1));
        }
        try {
            return new Topology.Node(id, require(fields, "region", id, address), port(fields, "client", id, address),
                    port(fields, "peer", id, address), port(fields, "http", id, address));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port in the address of node " + id + ": " + address, e);
        }
    }

    private static int port(Map<String, String> fields, String name, int id, String address) {
        int port = Integer.parseInt(require(fields, name, id, address));
        if (port <= 0 || port > 65_535) {
            throw new IllegalArgumentException("port " + port + " out of range in the address of node " + id);
        }
        return port;
    }

    private static String require(Map<String, String> fields, String name, int id, String address) {
        String v = fields.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no " + name + " in the address of node " + id + ": " + address);
        }
        return v;
    }
}
