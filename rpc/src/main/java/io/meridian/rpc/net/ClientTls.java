package io.meridian.rpc.net;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

/**
 * How a client checks the server's certificate, after PostgreSQL's sslmode: {@code VERIFY_FULL}
 * (a trusted chain and the host name, the default), {@code VERIFY_CA} (a trusted chain only), or
 * {@code REQUIRE} (encrypt, trust any certificate: only when explicitly asked for). Trust comes
 * from a PEM root certificate, a trust store file, or the JDK's default trust store.
 */
public record ClientTls(Mode mode, Path rootCertPem, Path trustStore, String trustStorePassword) {
    public enum Mode { REQUIRE, VERIFY_CA, VERIFY_FULL }

    public SslContext sslContext() throws IOException {
        SslContextBuilder builder = SslContextBuilder.forClient();
        if (mode == Mode.REQUIRE) {
            builder.trustManager(InsecureTrustManagerFactory.INSTANCE).endpointIdentificationAlgorithm(null);
        } else {
            if (rootCertPem != null) {
                builder.trustManager(rootCertPem.toFile());
            } else if (trustStore != null) {
                builder.trustManager(trustManagers());
            }
            // Netty verifies the host name for clients by default; VERIFY_CA turns that off.
            builder.endpointIdentificationAlgorithm(mode == Mode.VERIFY_FULL ? "HTTPS" : null);
        }
        try {
            return builder.build();
        } catch (SSLException e) {
            throw new IOException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private TrustManagerFactory trustManagers() throws IOException {
        try (InputStream in = Files.newInputStream(trustStore)) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(in, trustStorePassword == null ? null : trustStorePassword.toCharArray());
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return factory;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read trust store " + trustStore + ": " + e.getMessage(), e);
        }
    }

    /** The server side: a PEM certificate chain and its PEM (PKCS#8) private key. */
    public static SslContext serverContext(Path certChainPem, Path privateKeyPem) throws IOException {
        try {
            return SslContextBuilder.forServer(certChainPem.toFile(), privateKeyPem.toFile()).build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IOException("cannot load TLS certificate " + certChainPem + " and key " + privateKeyPem + ": "
                    + e.getMessage(), e);
        }
    }
}
