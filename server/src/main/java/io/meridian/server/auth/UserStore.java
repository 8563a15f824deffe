package io.meridian.server.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Users and their salted password hashes (PBKDF2-HMAC-SHA256), in a text file in the node's data
 * directory: one "user:iterations:salt:hash" line each, base64 for the bytes. Passwords are never
 * stored. Comparison is constant-time.
 */
public final class UserStore implements Authenticator {
    public static final String FILE_NAME = "users";
    public static final String DEFAULT_ADMIN = "admin";
    static final int ITERATIONS = 60_000;
    static final int SALT_BYTES = 16;
    static final int HASH_BITS = 256;

    private final Map<String, String[]> users;

    private UserStore(Map<String, String[]> users) {
        this.users = users;
    }

    /**
     * Loads the users of a data directory; on first start (no file yet) creates it with the admin
     * user and the given password.
     */
    public static UserStore openOrCreate(Path dataDirectory, String adminPassword) throws IOException {
        Path file = dataDirectory.resolve(FILE_NAME);
        if (!Files.exists(file)) {
            Files.createDirectories(dataDirectory);
            Files.writeString(file, line(DEFAULT_ADMIN, adminPassword) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE_NEW);
        }
        Map<String, String[]> users = new HashMap<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (String l : lines) {
            if (l.isBlank() || l.startsWith("#")) {
                continue;
            }
            String[] parts = l.split(":");
            if (parts.length != 4) {
                throw new IOException("malformed line in " + file + ": expected user:iterations:salt:hash");
            }
            users.put(parts[0], parts);
        }
        return new UserStore(users);
    }

    static String line(String user, String password) {
        byte[] salt = new byte[SALT_BYTES];
        new SecureRandom().nextBytes(salt);
        Base64.Encoder b64 = Base64.getEncoder();
        return user + ":" + ITERATIONS + ":" + b64.encodeToString(salt) + ":"
                + b64.encodeToString(hash(password, salt, ITERATIONS));
    }

    @Override
    public boolean authenticate(String user, String password) {
        String[] entry = users.get(user);
        if (entry == null) {
            // Spend the same work as for a real user so timing does not reveal which names exist.
            hash(password, new byte[SALT_BYTES], ITERATIONS);
            return false;
        }
        Base64.Decoder b64 = Base64.getDecoder();
        byte[] expected = b64.decode(entry[3]);
        byte[] actual = hash(password, b64.decode(entry[2]), Integer.parseInt(entry[1]));
        return MessageDigest.isEqual(expected, actual);
    }

    private static byte[] hash(String password, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, HASH_BITS);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 unavailable", e);
        }
    }
}
