package io.meridian.jdbc;

import io.meridian.rpc.net.ClientTls;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/** {@code jdbc:meridian://host:port[,host:port...]/database[?key=value&...]}, parsed. */
record NetworkUrl(List<InetSocketAddress> addresses, String database, Properties properties) {
    static final int DEFAULT_PORT = 5433;
    static final String NETWORK_PREFIX = MeridianDriver.PREFIX + "//";

    static NetworkUrl parse(String url, Properties info) throws SQLException {
        if (!url.startsWith(NETWORK_PREFIX)) {
            throw Errors.of("08001", "not a network URL: " + url, null);
        }
        String rest = url.substring(NETWORK_PREFIX.length());
        Properties properties = new Properties();
        int query = rest.indexOf('?');
        if (query >= 0) {
            for (String pair : rest.substring(query + 1).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = decode(eq < 0 ? pair : pair.substring(0, eq));
                properties.setProperty(key, eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
            rest = rest.substring(0, query);
        }
        if (info != null) {
            properties.putAll(info);
        }
        int slash = rest.indexOf('/');
        String hosts = slash < 0 ? rest : rest.substring(0, slash);
        String database = slash < 0 ? "" : rest.substring(slash + 1);
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (String hostPort : hosts.split(",")) {
            if (hostPort.isBlank()) {
                continue;
            }
            int colon = hostPort.lastIndexOf(':');
            String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
            int port = DEFAULT_PORT;
            if (colon >= 0) {
                try {
                    port = Integer.parseInt(hostPort.substring(colon + 1));
                } catch (NumberFormatException e) {
                    throw Errors.of("08001", "bad port in " + hostPort, e);
                }
            }
            addresses.add(InetSocketAddress.createUnresolved(host, port));
        }
        if (addresses.isEmpty()) {
            throw Errors.of("08001", "no host in URL " + url, null);
        }
        return new NetworkUrl(addresses, database, properties);
    }

    int intProperty(String name, int defaultValue) throws SQLException {
        String value = properties.getProperty(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw Errors.of("08001", "property " + name + " must be an integer, got \"" + value + "\"", e);
        }
    }

    /**
     * TLS as the URL asks: {@code ssl=true} means {@code sslmode=verify-full} unless sslmode says
     * otherwise ({@code disable}, {@code require} = encrypt but trust any certificate,
     * {@code verify-ca}, {@code verify-full}); trust from {@code sslRootCert} (PEM) or
     * {@code sslTrustStore} (+ {@code sslTrustStorePassword}), else the JDK's trust store.
     */
    ClientTls tls() throws SQLException {
        String mode = properties.getProperty("sslmode");
        boolean ssl = Boolean.parseBoolean(properties.getProperty("ssl", "false"));
        if (mode == null) {
            mode = ssl ? "verify-full" : "disable";
        }
        ClientTls.Mode parsed = switch (mode.toLowerCase(Locale.ROOT)) {
            case "disable" -> null;
            case "require" -> ClientTls.Mode.REQUIRE;
            case "verify-ca" -> ClientTls.Mode.VERIFY_CA;
            case "verify-full" -> ClientTls.Mode.VERIFY_FULL;
            default -> throw Errors.of("08001", "sslmode must be disable, require, verify-ca or verify-full, got \""
                    + mode + "\"", null);
        };
        if (parsed == null) {
            return null;
        }
        String root = properties.getProperty("sslRootCert");
        String store = properties.getProperty("sslTrustStore");
        return new ClientTls(parsed, root == null ? null : Path.of(root), store == null ? null : Path.of(store),
                properties.getProperty("sslTrustStorePassword"));
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
