package example.app;

import java.io.IOException;

/** Application code outside the library, so its frames are not hidden. */
public final class Billing {

    public String charge(String user, String password) throws IOException {
        throw new IOException("payment gateway down for user=" + user);
    }

    /** Fails {@code depth} frames deep. */
    public static void deep(int depth) {
        if (depth <= 1) {
            throw new IllegalStateException("deep failure");
        }
        deep(depth - 1);
    }
}
