package io.meridian.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bin/meridian tls-cert DIR}: a self-signed certificate and key for tests and local use,
 * as PEM files {@code server.crt} and {@code server.key}. The JDK's keytool makes the pair (no
 * extra crypto library); this converts keytool's PKCS#12 store to the PEM files Netty reads.
 */
@Command(name = "tls-cert", mixinStandardHelpOptions = true,
        description = "Create a self-signed TLS certificate (server.crt) and key (server.key) in DIR.")
public final class TlsCertMain implements Callable<Integer> {
    static final long KEYTOOL_SECONDS_MAX = 60;

    @Parameters(index = "0", description = "Directory to write server.crt and server.key into.")
    Path dir;

    @Option(names = "--host", description = "Host names the certificate is valid for (default: localhost); 127.0.0.1 is always included.")
    List<String> hosts = new ArrayList<>(List.of("localhost"));

    @Option(names = "--days", description = "Validity in days (default: ${DEFAULT-VALUE}).")
    int days = 365;

    public static void main(String[] args) {
        System.exit(new CommandLine(new TlsCertMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(dir);
        Path store = Files.createTempFile(dir, "keytool-", ".p12");
        Files.delete(store); // keytool refuses to write into an existing empty file
        String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        try {
            runKeytool(store, password);
            writePem(store, password);
        } finally {
            Files.deleteIfExists(store);
        }
        System.out.println("meridian: wrote " + dir.resolve("server.crt") + " and " + dir.resolve("server.key"));
        System.out.println("meridian: start --tls-cert " + dir.resolve("server.crt") + " --tls-key " + dir.resolve("server.key")
                + "; clients: ssl=true&sslRootCert=" + dir.resolve("server.crt"));
        return 0;
    }

    private void runKeytool(Path store, String password) throws IOException, InterruptedException {
        StringBuilder san = new StringBuilder("san=ip:127.0.0.1");
        for (String host : hosts) {
            san.append(",dns:").append(host);
        }
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "meridian", "-keyalg", "RSA",
                "-keysize", "2048", "-validity", Integer.toString(days), "-dname", "CN=" + hosts.get(0) + ",O=Meridian",
                "-ext", san.toString(), "-keystore", store.toString(), "-storetype", "PKCS12",
                "-storepass", password, "-keypass", password).redirectErrorStream(true).start();
        if (!process.waitFor(KEYTOOL_SECONDS_MAX, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException("keytool did not finish within " + KEYTOOL_SECONDS_MAX + " s");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IOException("keytool failed: " + output.strip());
        }
    }

    private void writePem(Path store, String password) throws IOException, GeneralSecurityException {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, password.toCharArray());
        }
        Key key = keys.getKey("meridian", password.toCharArray());
        Certificate certificate = keys.getCertificate("meridian");
        if (!(key instanceof PrivateKey)) {
            throw new GeneralSecurityException("keytool wrote no private key");
        }
        Files.writeString(dir.resolve("server.crt"), pem("CERTIFICATE", certificate.getEncoded()));
        Path keyFile = dir.resolve("server.key");
        Files.deleteIfExists(keyFile);
        Files.createFile(keyFile);
        try {
            Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // Not a POSIX file system: the directory's own protection has to do.
        }
        Files.writeString(keyFile, pem("PRIVATE KEY", key.getEncoded())); // PKCS#8, as Netty expects
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
