package io.audiojobs.stack;

import io.audiojobs.shared.config.ConfigException;
import io.audiojobs.shared.config.Env;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A fixed port the dev stack listens on, and the variable that moves it. Two stacks with different
 * homes would otherwise meet on the same ports: the second one's PostgreSQL cannot bind, and zonky
 * then hands it the first one's database, so its worker takes the first stack's jobs.
 */
record DevPort(String server, String variable, int port) {

    /** The port {@code variable} sets, or {@code defaultPort}; 0 means any free port. */
    static DevPort of(Env env, String server, String variable, int defaultPort) {
        return new DevPort(server, variable, env.integer(variable, defaultPort, 0, 65535));
    }

    /** Nothing listens on the port, on any address. 0 (any free port) is always free. */
    boolean isFree() {
        if (port == 0) {
            return true;
        }
        // the wildcard address: a listener on any local address (127.0.0.1, ::1, 0.0.0.0) makes this fail
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops with one message naming every taken port and the variable to change, before any server starts. */
    static void requireFree(Collection<DevPort> ports) {
        List<DevPort> taken = ports.stream().filter(p -> !p.isFree()).toList();
        if (!taken.isEmpty()) {
            throw inUse(taken, ports);
        }
    }

    static ConfigException inUse(List<DevPort> taken, Collection<DevPort> all) {
        Set<Integer> planned = all.stream().map(DevPort::port).collect(Collectors.toCollection(HashSet::new));
        StringBuilder lines = new StringBuilder();
        for (DevPort p : taken) {
            int suggestion = p.nextFree(planned);
            planned.add(suggestion);
            lines.append("\n  port ").append(p.port).append(" (").append(p.server).append(") is already in use: set ")
                    .append(p.variable).append(" to a free port, e.g. ").append(p.variable).append('=').append(suggestion);
        }
        return new ConfigException("another process listens on the ports of this dev stack:" + lines
                + "\nAnother ./audiojobs dev or infra with a different AUDIOJOBS_HOME is the usual cause: each stack needs ports of its own.");
    }

    /** A free port above this one that no other server of the stack wants, as a suggestion. */
    private int nextFree(Set<Integer> planned) {
        for (int candidate = port + 1; candidate < Math.min(65536, port + 200); candidate++) {
            if (!planned.contains(candidate) && new DevPort(server, variable, candidate).isFree()) {
                return candidate;
            }
        }
        return port + 1;
    }
}
