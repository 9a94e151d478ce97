package example.app;

public final class Ledger {

    public long balance(String account) {
        long total = 0;
        total += load(account);
        return total;
    }
}
