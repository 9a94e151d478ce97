package dev.resilient.sample.downstream;

/**
 * Stock of one article.
 *
 * @param sku the article
 * @param available units in stock, or -1 when unknown
 * @param source {@code downstream}, or {@code fallback} when the inventory could not be asked
 * @param reason why the fallback answered, or null
 */
public record StockLevel(String sku, int available, String source, String reason) {

    /** Whether the inventory service answered. */
    public boolean known() {
        return available >= 0;
    }
}
